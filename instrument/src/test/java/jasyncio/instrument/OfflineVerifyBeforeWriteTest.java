package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline instrumenter rewrites a directory of classes in place, and never writes a class that fails verification. */
class OfflineVerifyBeforeWriteTest {
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Greeter {
                @Async
                public static Coroutine<String> greet(CompletionStage<String> name) {
                    return Coroutine.completed("hello " + await(name));
                }
            }
            """;

    /** The compiled classes (runtime stubs included) as class files under {@code root}. */
    private static Path writeClasses(Path root) throws IOException {
        for (Map.Entry<String, byte[]> c : CompiledSources.compile(SOURCE).classes.entrySet()) {
            Path file = root.resolve(c.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, c.getValue());
        }
        return root.resolve("demo/Greeter.class");
    }

    /** For demo/Greeter, a class whose only method returns an int where it declares an object; others unchanged. */
    private static AsyncClassTransformer.Result unverifiable(byte[] classFile) {
        if (!new ClassReader(classFile).getClassName().equals("demo/Greeter")) {
            return new AsyncClassTransformer.Result(null, List.of());
        }
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Greeter", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "broken", "()Ljava/lang/Object;", null, null);
        m.visitCode();
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(1, 0);
        m.visitEnd();
        writer.visitEnd();
        return new AsyncClassTransformer.Result(writer.toByteArray(), List.of());
    }

    @Nested
    class Verification {
        @Test
        void aRewrittenClassThatVerifiesIsWrittenInPlace(@TempDir Path root) throws IOException {
            Path greeter = writeClasses(root);
            byte[] javacs = Files.readAllBytes(greeter);

            assertEquals(List.of(), OfflineInstrumenter.instrument(root));

            byte[] written = Files.readAllBytes(greeter);
            assertNotEquals(javacs.length, written.length);
            CompiledSources.method(CompiledSources.node(written), "greet", "(Ljasyncio/internal/Frame;)Ljava/lang/Object;");
        }

        @Test
        void aRewrittenClassThatFailsVerificationIsReportedAndNotWritten(@TempDir Path root) throws IOException {
            Path greeter = writeClasses(root);
            byte[] javacs = Files.readAllBytes(greeter);

            List<String> problems = OfflineInstrumenter.instrument(root, hierarchy -> OfflineVerifyBeforeWriteTest::unverifiable);

            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("demo/Greeter.class fails verification"), problems.get(0));
            assertTrue(problems.get(0).contains("left as it was"), problems.get(0));
            assertArrayEquals(javacs, Files.readAllBytes(greeter));
        }
    }
}
