package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicVerifier;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.instrument.CompiledSources.value;
import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@link SinkStackLoads} moves from below an await to after it, and what it leaves: a computed primitive of
 * every kind (through a fresh local), a constant or an unchanged local (as it is); not a class constant, nor a
 * value a {@code dup} has read, nor a load whose local is overwritten or whose code is entered by a jump in between.
 * The pass's decision is what it is for (an await with an empty stack below saves and restores nothing of its
 * own), so each case checks the operand stack below the awaits after the pass alone, with the code still verifying;
 * and the whole rewrite runs like the original.
 */
class SinkStackLoadsTest {
    private static final String OWNER = "demo/Sunk";
    private static final String STAGE = "java/util/concurrent/CompletionStage";

    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Sunk {
                int count = 3;
                static long total = 40;

                static String pair(Object a, Object b) { return a + "," + b; }
                static String pair(int a, String b) { return a + "," + b; }
                static String pair(boolean a, String b) { return a + "," + b; }

                @Async public static Coroutine<Integer> intAdd(int a, int b, CompletionStage<Integer> x) {
                    return Coroutine.completed((a + b) * await(x));
                }
                @Async public static Coroutine<Double> doubleNegation(double d, CompletionStage<Double> x) {
                    return Coroutine.completed(-d + await(x));
                }
                @Async public static Coroutine<Integer> intShiftLeft(int a, int b, CompletionStage<Integer> x) {
                    return Coroutine.completed((a << b) + await(x));
                }
                @Async public static Coroutine<Integer> intUnsignedShift(int a, int b, CompletionStage<Integer> x) {
                    return Coroutine.completed((a >>> b) + await(x));
                }
                @Async public static Coroutine<Long> longXor(long a, long b, CompletionStage<Long> x) {
                    return Coroutine.completed((a ^ b) + await(x));
                }
                @Async public static Coroutine<Long> intToLong(int a, CompletionStage<Long> x) {
                    return Coroutine.completed((long) a + await(x));
                }
                @Async public static Coroutine<Integer> doubleToInt(double d, CompletionStage<Integer> x) {
                    return Coroutine.completed((int) d + await(x));
                }
                @Async public static Coroutine<Integer> intToShort(int a, CompletionStage<Integer> x) {
                    return Coroutine.completed((short) a + await(x));
                }
                @Async public static Coroutine<Integer> byteElement(byte[] a, CompletionStage<Integer> x) {
                    return Coroutine.completed(a[1] + await(x));
                }
                @Async public static Coroutine<Integer> shortElement(short[] a, CompletionStage<Integer> x) {
                    return Coroutine.completed(a[1] + await(x));
                }
                @Async public static Coroutine<Long> longElement(long[] a, CompletionStage<Long> x) {
                    return Coroutine.completed(a[1] + await(x));
                }
                @Async public static Coroutine<Double> doubleElement(double[] a, CompletionStage<Double> x) {
                    return Coroutine.completed(a[1] + await(x));
                }
                @Async public static Coroutine<Integer> arrayLength(Object[] a, CompletionStage<Integer> x) {
                    return Coroutine.completed(a.length + await(x));
                }
                @Async public static Coroutine<String> instanceOf(Object o, CompletionStage<String> x) {
                    return Coroutine.completed(pair(o instanceof String, await(x)));
                }
                @Async public Coroutine<Integer> instanceField(CompletionStage<Integer> x) {
                    return Coroutine.completed(count + await(x));
                }
                @Async public static Coroutine<Long> staticField(CompletionStage<Long> x) {
                    return Coroutine.completed(total + await(x));
                }
                /** {@code this} is duplicated for the PUTFIELD: it stays, the field's value moves. */
                @Async public Coroutine<Integer> fieldCompoundAssignment(CompletionStage<Integer> x) {
                    count += await(x);
                    return Coroutine.completed(count);
                }
                @Async public static Coroutine<String> nullConstant(CompletionStage<String> x) {
                    return Coroutine.completed(pair(null, await(x)));
                }
                @Async public static Coroutine<String> shortConstant(CompletionStage<String> x) {
                    return Coroutine.completed(pair(300, await(x)));
                }
                @Async public static Coroutine<String> intConstant(CompletionStage<String> x) {
                    return Coroutine.completed(pair(100000, await(x)));
                }
                @Async public static Coroutine<String> stringConstant(CompletionStage<String> x) {
                    return Coroutine.completed(pair("text", await(x)));
                }
                /** Pushing a class constant may load the class: it stays where it is, and is saved. */
                @Async public static Coroutine<String> classConstant(CompletionStage<String> x) {
                    return Coroutine.completed(pair(String.class, await(x)));
                }
            }
            """;

    private final CompiledSources sources;

    /** Rewritten for each test, so that mutation testing sees which test's rewrite ran what (javac's output is memoised). */
    SinkStackLoadsTest() throws Exception {
        sources = CompiledSources.compile(SOURCE);
        sources.rewriteAndVerify(OWNER);
    }

    /**
     * Runs the pass alone on {@code method}, checks that the code still verifies (stack heights, and the types
     * every load and store expects) and returns the number of values below the awaitable at each await.
     */
    private static List<Integer> stackBelowAwaitsAfterThePass(MethodNode method) throws AnalyzerException {
        SinkStackLoads.apply(OWNER, method, AwaitSites.in(method));
        new Analyzer<>(new BasicVerifier()).analyze(OWNER, method);
        StackOrigins origins = StackOrigins.of(OWNER, method);
        List<Integer> below = new ArrayList<>();
        for (MethodInsnNode await : AwaitSites.in(method)) {
            below.add(origins.stackSize(await) - 1);
        }
        return below;
    }

    private MethodNode compiled(String name) {
        ClassNode original = node(sources.bytes(OWNER));
        return method(original, name, null);
    }

    @Nested
    class CompiledMethods {
        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "intAdd, 0", "doubleNegation, 0", "intShiftLeft, 0", "intUnsignedShift, 0", "longXor, 0",
                "intToLong, 0", "doubleToInt, 0", "intToShort, 0", "byteElement, 0", "shortElement, 0",
                "longElement, 0", "doubleElement, 0", "arrayLength, 0", "instanceOf, 0", "instanceField, 0",
                "staticField, 0", "fieldCompoundAssignment, 1", "nullConstant, 0", "shortConstant, 0",
                "intConstant, 0", "stringConstant, 0", "classConstant, 1"})
        void leavesBelowTheAwaitOnlyWhatCannotMove(String name, int left) throws Exception {
            assertEquals(List.of(left), stackBelowAwaitsAfterThePass(compiled(name)));
        }

        @Test
        void computedPrimitivesOfEveryKindComeBackAfterTheAwait() throws Exception {
            assertEquals("returned 35", sources.assertRunsLikeTheOriginal("demo.Sunk", "intAdd", 2, 3, value(7)));
            assertEquals("returned 1.0", sources.assertRunsLikeTheOriginal("demo.Sunk", "doubleNegation", 1.5, value(2.5)));
            assertEquals("returned 13", sources.assertRunsLikeTheOriginal("demo.Sunk", "intShiftLeft", 3, 2, value(1)));
            assertEquals("returned 16", sources.assertRunsLikeTheOriginal("demo.Sunk", "intUnsignedShift",
                    -2, 28, value(1)));
            assertEquals("returned 7", sources.assertRunsLikeTheOriginal("demo.Sunk", "longXor", 5L, 3L, value(1L)));
            assertEquals("returned 4294967297", sources.assertRunsLikeTheOriginal("demo.Sunk", "intToLong",
                    1, value(1L << 32)));
            assertEquals("returned 9", sources.assertRunsLikeTheOriginal("demo.Sunk", "doubleToInt", 7.9, value(2)));
            assertEquals("returned -1", sources.assertRunsLikeTheOriginal("demo.Sunk", "intToShort", 65535, value(0)));
        }

        @Test
        void arrayElementsLengthsAndTypeTestsComeBackAfterTheAwait() throws Exception {
            assertEquals("returned -126", sources.assertRunsLikeTheOriginal("demo.Sunk", "byteElement",
                    new byte[] {0, -127}, value(1)));
            assertEquals("returned -32767", sources.assertRunsLikeTheOriginal("demo.Sunk", "shortElement",
                    new short[] {0, Short.MIN_VALUE}, value(1)));
            assertEquals("returned 4294967298", sources.assertRunsLikeTheOriginal("demo.Sunk", "longElement",
                    new long[] {0, 1L << 32}, value(2L)));
            assertEquals("returned 3.0", sources.assertRunsLikeTheOriginal("demo.Sunk", "doubleElement",
                    new double[] {0, 0.5}, value(2.5)));
            assertEquals("returned 5", sources.assertRunsLikeTheOriginal("demo.Sunk", "arrayLength",
                    new Object[] {1, 2, 3}, value(2)));
            assertEquals("returned true,s", sources.assertRunsLikeTheOriginal("demo.Sunk", "instanceOf", "o", value("s")));
        }

        @Test
        void fieldsComeBackAfterTheAwait() throws Exception {
            assertEquals("returned 7", sources.assertRunsLikeTheOriginal("demo.Sunk", "instanceField", value(4)));
            assertEquals("returned 42", sources.assertRunsLikeTheOriginal("demo.Sunk", "staticField", value(2L)));
            assertEquals("returned 8", sources.assertRunsLikeTheOriginal("demo.Sunk", "fieldCompoundAssignment",
                    value(5)));
        }

        @Test
        void constantsComeBackAfterTheAwait() throws Exception {
            assertEquals("returned null,v", sources.assertRunsLikeTheOriginal("demo.Sunk", "nullConstant", value("v")));
            assertEquals("returned 300,v", sources.assertRunsLikeTheOriginal("demo.Sunk", "shortConstant", value("v")));
            assertEquals("returned 100000,v", sources.assertRunsLikeTheOriginal("demo.Sunk", "intConstant", value("v")));
            assertEquals("returned text,v", sources.assertRunsLikeTheOriginal("demo.Sunk", "stringConstant", value("v")));
            assertEquals("returned class java.lang.String,v",
                    sources.assertRunsLikeTheOriginal("demo.Sunk", "classConstant", value("v")));
        }
    }

    /**
     * Shapes javac does not emit (comparisons pushed as values, locals overwritten inside an expression, a loop
     * entered between a load and an await), built instruction by instruction: other compilers and bytecode tools
     * write them.
     */
    @Nested
    class BuiltMethods {
        /** A static method of {@code desc} whose body is {@code code}, then the await on the stage in local 0. */
        private MethodNode built(String desc, int maxLocals, InsnList code) {
            MethodNode method = new MethodNode(Opcodes.ACC_STATIC, "built", desc, null, null);
            method.instructions = code;
            method.maxLocals = maxLocals;
            method.maxStack = 8;
            return method;
        }

        private InsnList awaitOnStage(String boxed) {
            InsnList code = new InsnList();
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.ASYNCIO, "await", Names.AWAIT_STAGE_DESC));
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, "java/lang/" + boxed));
            return code;
        }

        private InsnList intResult() {
            InsnList code = awaitOnStage("Integer");
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I"));
            return code;
        }

        private InsnList comparison(int load, int compare) {
            InsnList code = new InsnList();
            code.add(new VarInsnNode(load, 1));
            code.add(new VarInsnNode(load, 3));
            code.add(new InsnNode(compare));
            code.add(intResult());
            code.add(new InsnNode(Opcodes.IADD));
            code.add(new InsnNode(Opcodes.IRETURN));
            return code;
        }

        @Test
        void aLongComparisonMovesAfterTheAwait() throws Exception {
            MethodNode method = built("(L" + STAGE + ";JJ)I", 5, comparison(Opcodes.LLOAD, Opcodes.LCMP));
            assertEquals(List.of(0), stackBelowAwaitsAfterThePass(method));
        }

        @Test
        void aDoubleComparisonMovesAfterTheAwait() throws Exception {
            MethodNode method = built("(L" + STAGE + ";DD)I", 5, comparison(Opcodes.DLOAD, Opcodes.DCMPG));
            assertEquals(List.of(0), stackBelowAwaitsAfterThePass(method));
        }

        @Test
        void aLoadOfAnIntOverwrittenByALongBelowItStays() throws Exception {
            InsnList code = new InsnList();
            code.add(new VarInsnNode(Opcodes.ILOAD, 3));
            code.add(new InsnNode(Opcodes.LCONST_1));
            code.add(new VarInsnNode(Opcodes.LSTORE, 2));
            code.add(intResult());
            code.add(new InsnNode(Opcodes.IADD));
            code.add(new InsnNode(Opcodes.IRETURN));
            MethodNode method = built("(L" + STAGE + ";JI)I", 4, code);
            assertEquals(List.of(1), stackBelowAwaitsAfterThePass(method));
        }

        @Test
        void aLoadOfALongWhoseUpperHalfIsOverwrittenStays() throws Exception {
            InsnList code = new InsnList();
            code.add(new VarInsnNode(Opcodes.LLOAD, 1));
            code.add(new InsnNode(Opcodes.ICONST_0));
            code.add(new VarInsnNode(Opcodes.ISTORE, 2));
            code.add(awaitOnStage("Long"));
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J"));
            code.add(new InsnNode(Opcodes.LADD));
            code.add(new InsnNode(Opcodes.LRETURN));
            MethodNode method = built("(L" + STAGE + ";J)J", 3, code);
            assertEquals(List.of(1), stackBelowAwaitsAfterThePass(method));
        }

        @Test
        void aLoadADupInBetweenMovedUpStays() throws Exception {
            // a, 2; dup_x1; pop: the load is on top again, a copy of 2 below it, which the dup_x1 needs it for
            InsnList code = new InsnList();
            code.add(new VarInsnNode(Opcodes.ILOAD, 1));
            code.add(new InsnNode(Opcodes.ICONST_2));
            code.add(new InsnNode(Opcodes.DUP_X1));
            code.add(new InsnNode(Opcodes.POP));
            code.add(intResult());
            code.add(new InsnNode(Opcodes.IADD));
            code.add(new InsnNode(Opcodes.IADD));
            code.add(new InsnNode(Opcodes.IRETURN));
            MethodNode method = built("(L" + STAGE + ";I)I", 2, code);
            assertEquals(List.of(2), stackBelowAwaitsAfterThePass(method));
        }

        @Test
        void aLoadBeforeTheHeadOfALoopAroundTheAwaitStays() throws Exception {
            // a; loop: while (await(x) != 0) {}; return a: the loop's head sits between the load and the await
            LabelNode head = new LabelNode();
            InsnList code = new InsnList();
            code.add(new VarInsnNode(Opcodes.ILOAD, 1));
            code.add(head);
            code.add(intResult());
            code.add(new JumpInsnNode(Opcodes.IFNE, head));
            code.add(new InsnNode(Opcodes.IRETURN));
            MethodNode method = built("(L" + STAGE + ";I)I", 2, code);
            assertEquals(List.of(1), stackBelowAwaitsAfterThePass(method));
        }
    }
}
