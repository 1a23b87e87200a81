package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline instrumenter rewrites a directory of class files in place and reports what it refused or could not verify. */
class OfflineInstrumenterTest {
    private static final String SOURCES = """
            package demo;
            import jasyncio.*;
            import java.util.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Offline {
                /** The two lists merge to AbstractList, a JDK type the hierarchy reads from the JDK's class files. */
                @Async
                public static Coroutine<String> merged(CompletionStage<String> x, boolean array) {
                    AbstractList<String> list = array ? new ArrayList<>() : new LinkedList<>();
                    list.add(await(x));
                    list.add(await(x));
                    return Coroutine.completed(list.subList(0, 1) + " of " + list.size());
                }
            }
            """;
    private static final String PLAIN = "package demo; public class Plain { int f() { return 1; } }";
    private static final String REFUSED = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Refused {
                public String notAsync(CompletionStage<String> x) {
                    return await(x); // refused line
                }
            }
            """;

    /** Writes the compiled classes (the sources and the runtime stubs) under {@code root}. */
    private static CompiledSources writeClasses(Path root, String... sources) throws IOException {
        CompiledSources compiled = CompiledSources.compile(sources);
        for (Map.Entry<String, byte[]> c : compiled.classes.entrySet()) {
            Path file = root.resolve(c.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, c.getValue());
        }
        return compiled;
    }

    private static byte[] read(Path root, String internalName) throws IOException {
        return Files.readAllBytes(root.resolve(internalName + ".class"));
    }

    @Nested
    class Rewriting {
        @TempDir
        Path root;

        @Test
        void rewritesTheClassFilesInPlaceAndTheyRunFromThere() throws Exception {
            writeClasses(root, SOURCES);
            assertEquals(List.of(), OfflineInstrumenter.instrument(root).problems());
            try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                CompletableFuture<Object> x = CompletableFuture.completedFuture("v");
                assertEquals("returned [v] of 2", CompiledSources.outcome(loader, true, "demo.Offline", "merged", x, true));
                assertEquals("returned [v] of 2", CompiledSources.outcome(loader, true, "demo.Offline", "merged", x, false));
            }
        }

        @Test
        void theRewrittenClassIsMarkedSoASecondRunLeavesItAlone() throws Exception {
            writeClasses(root, SOURCES);
            OfflineInstrumenter.instrument(root);
            byte[] once = read(root, "demo/Offline");
            assertEquals(List.of(), OfflineInstrumenter.instrument(root).problems());
            assertArrayEquals(once, read(root, "demo/Offline"));
        }

        @Test
        void classesWithoutCoroutinesKeepTheirBytes() throws Exception {
            CompiledSources compiled = writeClasses(root, PLAIN);
            assertEquals(List.of(), OfflineInstrumenter.instrument(root).problems());
            assertArrayEquals(compiled.bytes("demo/Plain"), read(root, "demo/Plain"));
        }

        @Test
        void aRefusedAwaitIsReportedWithItsLineAndTheClassLeftAsJavacWroteIt() throws Exception {
            CompiledSources compiled = writeClasses(root, REFUSED);
            List<String> problems = OfflineInstrumenter.instrument(root).problems();
            int line = CompiledSources.lineOf(REFUSED, "// refused line");
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("jasyncio: demo.Refused.notAsync (Refused.java:" + line + "): "),
                    problems.get(0));
            assertArrayEquals(compiled.bytes("demo/Refused"), read(root, "demo/Refused"));
        }

        /** Had the refused class been written (marked as rewritten), a second build would pass without a word. */
        @Test
        void aSecondRunReportsTheRefusalAgain() throws Exception {
            writeClasses(root, REFUSED);
            List<String> first = OfflineInstrumenter.instrument(root).problems();
            assertEquals(first, OfflineInstrumenter.instrument(root).problems());
            assertEquals(1, first.size(), first.toString());
        }
    }

    /** A build passes its own class path: the runtime and libraries come from there, not from the caller's loader. */
    @Nested
    class BuildClassPath {
        @TempDir
        Path root;
        @TempDir
        Path libraries;

        @Test
        void theClassesReferredToAreReadFromTheGivenClassPath() throws Exception {
            CompiledSources compiled = CompiledSources.compile(SOURCES);
            for (Map.Entry<String, byte[]> c : compiled.classes.entrySet()) {
                Path file = (c.getKey().startsWith("demo/") ? root : libraries).resolve(c.getKey() + ".class");
                Files.createDirectories(file.getParent());
                Files.write(file, c.getValue());
            }
            OfflineInstrumenter.Report report = OfflineInstrumenter.instrument(root, List.of(libraries));
            assertEquals(List.of(), report.problems());
            assertEquals("jasyncio: rewrote 1 methods in 1 classes, 0 classes unchanged", report.summary());
        }
    }

    @Nested
    class Summary {
        @TempDir
        Path root;

        @Test
        void countsTheRewrittenMethodsAndClassesAndTheUnchangedOnes() throws Exception {
            int classes = writeClasses(root, SOURCES, PLAIN).classes.size();
            assertEquals("jasyncio: rewrote 1 methods in 1 classes, " + (classes - 1) + " classes unchanged",
                    OfflineInstrumenter.instrument(root).summary());
        }

        @Test
        void aSecondRunRewritesNothing() throws Exception {
            int classes = writeClasses(root, SOURCES, PLAIN).classes.size();
            OfflineInstrumenter.instrument(root);
            assertEquals("jasyncio: rewrote 0 methods in 0 classes, " + classes + " classes unchanged",
                    OfflineInstrumenter.instrument(root).summary());
        }

        @Test
        void aRefusedClassIsNeitherCountedAsRewrittenNorWritten() throws Exception {
            int classes = writeClasses(root, REFUSED).classes.size();
            OfflineInstrumenter.Report report = OfflineInstrumenter.instrument(root);
            assertTrue(report.failed());
            assertEquals("jasyncio: rewrote 0 methods in 0 classes, " + classes + " classes unchanged", report.summary());
        }
    }

    /** {@code run} is the command line inside the caller's JVM: it returns the status instead of exiting. */
    @Nested
    class RunInProcess {
        @TempDir
        Path root;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        private int run(String... args) throws IOException {
            return OfflineInstrumenter.run(args, new PrintStream(out, true), new PrintStream(err, true));
        }

        @Test
        void aRefusalReturns1AndPrintsItAndTheSummary() throws Exception {
            writeClasses(root, REFUSED);
            assertEquals(1, run(root.toString()));
            assertTrue(err.toString().contains("demo.Refused.notAsync"), err.toString());
            assertTrue(out.toString().startsWith("jasyncio: rewrote 0 methods in 0 classes, "), out.toString());
        }

        @Test
        void aCleanDirectoryReturns0AndPrintsOnlyTheSummary() throws Exception {
            writeClasses(root, SOURCES);
            assertEquals(0, run(root.toString()));
            assertEquals("", err.toString());
            assertTrue(out.toString().startsWith("jasyncio: rewrote 1 methods in 1 classes, "), out.toString());
        }

        @Test
        void aMissingDirectoryReturns2WithTheUsage() throws Exception {
            assertEquals(2, run(root.resolve("absent").toString()));
            assertTrue(err.toString().contains("usage: OfflineInstrumenter <classes directory>"), err.toString());
        }
    }

    @Nested
    class Verification {
        @Test
        void aRewrittenClassPassesVerification() throws Exception {
            CompiledSources compiled = CompiledSources.compile(SOURCES);
            byte[] rewritten = compiled.transform("demo/Offline").bytes;
            assertNull(OfflineInstrumenter.verify(rewritten, compiled.loader()));
        }

        @Test
        void aBrokenMethodIsReported() {
            String report = OfflineInstrumenter.verify(classWithAStackUnderflow(), getClass().getClassLoader());
            assertNotNull(report);
            assertTrue(report.contains("Cannot pop operand off an empty stack"), report);
        }

        @Test
        void aClassTheVerifierCannotEvenReadIsReported() {
            byte[] notAClass = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0};
            String report = OfflineInstrumenter.verify(notAClass, getClass().getClassLoader());
            assertNotNull(report);
            assertTrue(report.contains("Exception"), "the report names what the reader threw: " + report);
        }

        /** {@code static void broken() { pop; return; }}: pops from an empty stack. */
        private byte[] classWithAStackUnderflow() {
            ClassWriter writer = new ClassWriter(0);
            writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Broken", null, "java/lang/Object", null);
            MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "broken", "()V", null, null);
            m.visitCode();
            m.visitInsn(Opcodes.POP);
            m.visitInsn(Opcodes.RETURN);
            m.visitMaxs(1, 0);
            m.visitEnd();
            writer.visitEnd();
            return writer.toByteArray();
        }
    }

    @Nested
    class ForgottenAwaits {
        private static final String FORGETS = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Forgets {
                    @Async
                    static Coroutine<String> step(CompletionStage<String> x) {
                        return Coroutine.completed(await(x));
                    }

                    @Async
                    static Coroutine<Void> twoSteps(CompletionStage<String> x) {
                        step(x); // forgotten
                        await(step(x));
                        return Coroutine.completed();
                    }
                }
                """;

        @TempDir
        Path root;

        @Test
        void aDroppedCoroutineIsPrintedAsAWarningAndTheClassIsStillRewritten() throws Exception {
            writeClasses(root, FORGETS);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = OfflineInstrumenter.run(new String[] {root.toString()}, new PrintStream(out, true),
                    new PrintStream(err, true));
            int line = CompiledSources.lineOf(FORGETS, "// forgotten");
            assertEquals(0, status, err.toString());
            assertTrue(err.toString().startsWith("warning: jasyncio: demo.Forgets.twoSteps (Forgets.java:" + line
                    + "): calls @Async demo.Forgets.step() and drops its coroutine"), err.toString());
            assertTrue(out.toString().startsWith("jasyncio: rewrote 2 methods in 1 classes"), out.toString());
        }
    }

    @Nested
    class CommandLine {
        @TempDir
        Path root;

        /** Runs the instrumenter's {@code main} in a child JVM: it ends with {@code System.exit}. */
        private Process launch(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(), OfflineInstrumenter.class.getName()));
            command.addAll(Arrays.asList(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the instrumenter did not finish");
            return process;
        }

        private String classPath() throws Exception {
            List<String> entries = new ArrayList<>();
            for (Class<?> c : List.of(OfflineInstrumenter.class, ClassReader.class, ClassNode.class, Analyzer.class,
                    CheckClassAdapter.class)) {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }

        private static String output(Process process) throws IOException {
            return new String(process.getInputStream().readAllBytes());
        }

        @Test
        void withoutADirectoryItPrintsUsageAndExits2() throws Exception {
            Process p = launch();
            assertTrue(output(p).contains("usage: OfflineInstrumenter <classes directory>"));
            assertEquals(2, p.exitValue());
        }

        @Test
        void aRefusalIsPrintedAndExits1() throws Exception {
            writeClasses(root, REFUSED);
            Process p = launch(root.toString());
            assertTrue(output(p).contains("demo.Refused.notAsync"));
            assertEquals(1, p.exitValue());
        }

        @Test
        void aCleanDirectoryPrintsOnlyTheSummaryAndExits0() throws Exception {
            int classes = writeClasses(root, SOURCES).classes.size();
            Process p = launch(root.toString());
            assertEquals("jasyncio: rewrote 1 methods in 1 classes, " + (classes - 1) + " classes unchanged"
                    + System.lineSeparator(), output(p));
            assertEquals(0, p.exitValue());
        }
    }
}
