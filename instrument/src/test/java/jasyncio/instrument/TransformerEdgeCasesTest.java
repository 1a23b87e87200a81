package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.function.Consumer;

import static jasyncio.instrument.CompiledSources.lineOf;
import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the transformer does at the edges of its input: where its byte scan, its names and its analysis end. */
class TransformerEdgeCasesTest {
    @Test
    void theAsyncNameAsTheLastBytesOfTheFileIsFound() {
        assertTrue(AsyncClassTransformer.mentionsJasyncio(Names.ASYNC.getBytes()));
        assertTrue(AsyncClassTransformer.mentionsJasyncio(("..." + Names.ASYNC).getBytes()));
    }

    /** The rejecting call takes the await's place: no await is left behind it to run. */
    @Test
    void aRejectedAwaitIsReplacedNotJustPreceded() {
        CompiledSources sources = CompiledSources.compile("""
                package demo;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Plain {
                    public String notAsync(CompletionStage<String> s) {
                        return await(s);
                    }
                }
                """);
        MethodNode rejected = method(node(sources.transform("demo/Plain").bytes), "notAsync", null);
        List<String> code = Insns.of(rejected.instructions);
        assertTrue(code.stream().noneMatch(i -> i.startsWith("INVOKESTATIC " + Names.ASYNCIO + "." + Names.AWAIT)),
                code.toString());
    }

    /** Only javac's synthetic methods are lambda bodies: a method someone named {@code lambda$...} is a method. */
    @Test
    void aMethodNamedLikeALambdaButWrittenByHandIsAPlainMethod() {
        String source = """
                package demo;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class ByHand {
                    void lambda$byHand(CompletionStage<String> s) {
                        await(s); // by hand
                    }
                }
                """;
        CompiledSources sources = CompiledSources.compile(source);
        assertEquals(List.of("jasyncio: demo.ByHand.lambda$byHand (ByHand.java:" + lineOf(source, "// by hand") + "): "
                + Problems.AWAIT_NOT_ASYNC), sources.transform("demo/ByHand").problems);
    }

    /** The class being rewritten is not yet served by its loader: the merges learn it from the bytes at hand. */
    @Test
    void theClassBeingRewrittenTakesPartInMergesWithoutBeingServed() throws Exception {
        CompiledSources sources = CompiledSources.compile("""
                package demo;
                public class Base {
                }
                """, """
                package demo;
                public class Sibling extends Base {
                }
                """, """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Self extends Base {
                    @Async
                    Coroutine<String> pick(CompletionStage<String> a, boolean self) {
                        Base b = self ? this : new Sibling();
                        String v = await(a);
                        return Coroutine.completed(v + (b == this));
                    }
                }
                """);
        ClassHierarchy withoutSelf = new ClassHierarchy(name -> name.equals("demo/Self") ? null
                : sources.classes.containsKey(name) ? new ByteArrayInputStream(sources.classes.get(name))
                : ClassLoader.getSystemResourceAsStream(name + ".class"));
        AsyncClassTransformer.Result result = sources.transform("demo/Self", withoutSelf);
        assertEquals(List.of(), result.problems);
        assertEquals(1, result.rewrittenMethods);
    }

    /**
     * An await, then 65,500 NOPs: the method fits the class file, its resume method (the same code behind the
     * resume's dispatch) does not. The coroutine alone is refused, with the resume's size; the class is still written.
     */
    @Test
    void aCoroutineWhoseResumeOutgrowsTheCodeLimitIsRefusedAlone() {
        CompiledSources stubs = CompiledSources.compile();
        AsyncClassTransformer.Result result = new AsyncClassTransformer(stubs.hierarchy).transform(asyncMethod(m -> {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, Names.ASYNCIO, Names.AWAIT, Names.AWAIT_STAGE_DESC, false);
            m.visitInsn(Opcodes.POP);
            for (int i = 0; i < 65_500; i++) {
                m.visitInsn(Opcodes.NOP);
            }
        }));
        assertEquals(1, result.problems.size(), result.problems.toString());
        assertTrue(result.problems.get(0).matches("jasyncio: demo\\.Built\\.built: the method is too large once rewritten"
                + " \\(655\\d\\d bytes of code, the JVM allows 65535\\).*"), result.problems.get(0));
        assertEquals(0, result.rewrittenMethods);
        assertEquals("", stubs.asmVerifierErrors(result.bytes));
    }

    /**
     * A resume method of exactly 8,000 bytes is at HotSpot's limit, not past it ({@code HugeMethodLimit} compiles
     * up to that length): it keeps the encoding with a save per await (the shared save encoding, tried only past
     * the limit, writes other code: here a byte shorter). An await keeping the argument, then NOPs to the limit.
     */
    @Test
    void aResumeOfExactlyTheJitLimitKeepsItsEncoding() {
        int withoutNops = resumeSizeWithNops(0);
        assertEquals(MethodSize.JIT_LIMIT, resumeSizeWithNops(MethodSize.JIT_LIMIT - withoutNops));
    }

    private static int resumeSizeWithNops(int nops) {
        CompiledSources stubs = CompiledSources.compile();
        AsyncClassTransformer.Result result = new AsyncClassTransformer(stubs.hierarchy).transform(asyncMethod(m -> {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, Names.ASYNCIO, Names.AWAIT, Names.AWAIT_STAGE_DESC, false);
            m.visitInsn(Opcodes.POP);
            for (int i = 0; i < nops; i++) {
                m.visitInsn(Opcodes.NOP);
            }
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitInsn(Opcodes.POP);
        }));
        assertEquals(List.of(), result.problems);
        ClassNode rewritten = new ClassNode();
        new ClassReader(result.bytes).accept(rewritten, 0);
        return rewritten.methods.stream().mapToInt(MethodSize::of).max().orElseThrow();
    }

    /** A method the analyser rejects (here, a POP from an empty stack) is refused with what the analyser said. */
    @Test
    void aMethodTheAnalyserRejectsIsRefusedWithItsReason() {
        AsyncClassTransformer.Result result = new AsyncClassTransformer(CompiledSources.compile().hierarchy)
                .transform(asyncMethod(m -> {
                    m.visitVarInsn(Opcodes.ALOAD, 0);
                    m.visitMethodInsn(Opcodes.INVOKESTATIC, Names.ASYNCIO, Names.AWAIT, Names.AWAIT_STAGE_DESC, false);
                    m.visitInsn(Opcodes.POP);
                    m.visitInsn(Opcodes.POP);
                }));
        assertEquals(1, result.problems.size(), result.problems.toString());
        assertTrue(result.problems.get(0).startsWith("jasyncio: demo.Built.built: the rewriter cannot analyse this"
                + " method ("), result.problems.get(0));
        assertNotNull(result.bytes, "the refused method throws the problem instead");
    }

    /** {@code @Async static Coroutine built(CompletionStage s) { <body>; return null; }} in class {@code demo.Built}. */
    private static byte[] asyncMethod(Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Built", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "built",
                "(Ljava/util/concurrent/CompletionStage;)" + Names.COROUTINE_DESC, null, null);
        m.visitAnnotation(Names.ASYNC_DESC, true).visitEnd();
        m.visitCode();
        body.accept(m);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(2, 1);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
