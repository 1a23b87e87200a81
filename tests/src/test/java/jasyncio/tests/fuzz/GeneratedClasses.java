package jasyncio.tests.fuzz;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compiles generated programs with the JDK's javac, in this JVM, into a temporary directory, and loads them
 * through a {@link URLClassLoader} on it: the agent rewrites them as they load, and reads the class hierarchy
 * from that loader as it would for any application.
 */
final class GeneratedClasses implements AutoCloseable {
    private final Path directory;
    private final URLClassLoader loader;

    private GeneratedClasses(Path directory) throws IOException {
        this.directory = directory;
        this.loader = new URLClassLoader(new URL[] {directory.toUri().toURL()}, GeneratedClasses.class.getClassLoader());
    }

    /** Compiles {@code programs} together (with lines and local names, as a debugger needs). */
    static GeneratedClasses compile(List<ProgramGenerator.Program> programs) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        for (ProgramGenerator.Program p : programs) {
            units.add(new SimpleJavaFileObject(URI.create("string:///fuzz/" + p.simpleName() + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return p.source();
                }
            });
        }
        Path directory = Files.createTempDirectory("jasyncio-fuzz");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-g", "-proc:none", "-Xlint:none", "-d", directory.toString(),
                "-classpath", classPath());
        if (!javac.getTask(null, null, diagnostics, options, null, units).call()) {
            StringBuilder why = new StringBuilder("javac refused generated code (a generator bug):");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                why.append('\n').append(d);
            }
            delete(directory);
            throw new AssertionError(why);
        }
        return new GeneratedClasses(directory);
    }

    /** Where the runtime and the test classes (Arrivals, Support) were loaded from. */
    private static String classPath() {
        try {
            return Path.of(jasyncio.Coroutine.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    + File.pathSeparator
                    + Path.of(GeneratedClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    FuzzProgram instantiate(ProgramGenerator.Program program) throws ReflectiveOperationException {
        return (FuzzProgram) loader.loadClass(program.className()).getConstructor().newInstance();
    }

    @Override
    public void close() throws IOException {
        loader.close();
        delete(directory);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
