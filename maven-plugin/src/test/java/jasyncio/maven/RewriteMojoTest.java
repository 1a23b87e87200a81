package jasyncio.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The goals' shared behaviour, on class files written here with ASM (the runtime is built after the plugin). */
class RewriteMojoTest {
    @TempDir
    Path classes;
    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** The mojo on {@link #classes}, with nothing else on its class path, logging to {@link #infos}, {@link #warnings}. */
    private RewriteMojo mojo() {
        RewriteMojo mojo = new RewriteMojo() {
            @Override
            File classesDirectory() {
                return classes.toFile();
            }

            @Override
            List<String> classPath() {
                return List.of(classes.toString());
            }
        };
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }

            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        return mojo;
    }

    /** {@code demo.Refused.notAsync(CompletionStage x) { return Asyncio.await(x); }}, the await on line 5. */
    private static byte[] refusedAwait() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Refused", null, "java/lang/Object", null);
        writer.visitSource("Refused.java", null);
        MethodVisitor m = writer.visitMethod(0, "notAsync", "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;",
                null, null);
        m.visitCode();
        Label line5 = new Label();
        m.visitLabel(line5);
        m.visitLineNumber(5, line5);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "jasyncio/Asyncio", "await",
                "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(1, 2);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * {@code abstract class demo.Forgets { @Async abstract Coroutine step(); void forgets() { step(); } }}, the
     * dropped call on line 7 (abstract, so that nothing is rewritten without the runtime on the class path).
     */
    private static byte[] forgottenAwait() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "demo/Forgets", null, "java/lang/Object",
                null);
        writer.visitSource("Forgets.java", null);
        MethodVisitor step = writer.visitMethod(Opcodes.ACC_ABSTRACT, "step", "()Ljasyncio/Coroutine;", null, null);
        step.visitAnnotation("Ljasyncio/Async;", true).visitEnd();
        step.visitEnd();
        MethodVisitor m = writer.visitMethod(0, "forgets", "()V", null, null);
        m.visitCode();
        Label line7 = new Label();
        m.visitLabel(line7);
        m.visitLineNumber(7, line7);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "demo/Forgets", "step", "()Ljasyncio/Coroutine;", false);
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(1, 1);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static byte[] plainClass() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Plain", null, "java/lang/Object", null);
        writer.visitEnd();
        return writer.toByteArray();
    }

    private Path write(String internalName, byte[] bytes) throws IOException {
        Path file = classes.resolve(internalName + ".class");
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @Nested
    class Refusals {
        @Test
        void aRefusedAwaitFailsTheBuildNamingClassMethodAndLine() throws Exception {
            Path file = write("demo/Refused", refusedAwait());
            MojoFailureException failure = assertThrows(MojoFailureException.class, () -> mojo().execute());
            assertTrue(failure.getMessage().startsWith("jasyncio: demo.Refused.notAsync (Refused.java:5): "),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("rewrote 0 methods in 0 classes, 1 classes unchanged"),
                    failure.getMessage());
            assertArrayEquals(refusedAwait(), Files.readAllBytes(file));
        }

        @Test
        void aSecondBuildFailsAgain() throws Exception {
            write("demo/Refused", refusedAwait());
            assertThrows(MojoFailureException.class, () -> mojo().execute());
            assertThrows(MojoFailureException.class, () -> mojo().execute());
        }
    }

    @Nested
    class ForgottenAwaits {
        @Test
        void aDroppedCoroutineIsAWarningAndTheBuildPasses() throws Exception {
            write("demo/Forgets", forgottenAwait());
            mojo().execute();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("jasyncio: demo.Forgets.forgets (Forgets.java:7): calls @Async"
                    + " demo.Forgets.step() and drops its coroutine"), warnings.get(0));
            assertEquals(List.of("jasyncio: rewrote 0 methods in 0 classes, 1 classes unchanged"), infos);
        }
    }

    @Nested
    class Summary {
        @Test
        void aCleanDirectoryEndsWithTheOneLineSummary() throws Exception {
            write("demo/Plain", plainClass());
            mojo().execute();
            assertEquals(List.of("jasyncio: rewrote 0 methods in 0 classes, 1 classes unchanged"), infos);
        }

        @Test
        void aModuleWithoutClassesHasNothingToRewrite() throws Exception {
            Files.delete(classes);
            mojo().execute();
            assertEquals(List.of("jasyncio: nothing to rewrite in " + classes), infos);
        }
    }
}
