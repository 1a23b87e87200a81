package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Rewrites the classes of a directory in place, ahead of time, so they run without the agent. A class is written
 * only when it was rewritten without a problem and its new bytes pass ASM's {@link CheckClassAdapter}: a class
 * with a refused method, or one that fails verification, is reported and its file left as javac wrote it, so
 * the next run reports it again. A class already rewritten carries a marker and is left alone: running twice
 * changes nothing. The build plugin and the runtime's own build call {@link #instrument(Path, List)};
 * the command line is for any other build:
 *
 * <pre>java -cp jasyncio-agent.jar jasyncio.instrument.OfflineInstrumenter target/classes</pre>
 */
public final class OfflineInstrumenter {
    /** The rewrite itself, made for the classes' hierarchy. */
    private static final Function<ClassHierarchy, Function<byte[], AsyncClassTransformer.Result>> REWRITE =
            hierarchy -> new AsyncClassTransformer(hierarchy)::transform;

    private OfflineInstrumenter() {
    }

    /**
     * What one run did: the problems (refusals, verification failures, unreadable class files), how many
     * methods and classes it rewrote (every class not written counts as unchanged), and the warnings (forgotten
     * awaits), which fail nothing.
     */
    public record Report(List<String> problems, int rewrittenMethods, int rewrittenClasses, int unchangedClasses,
                         List<String> warnings) {
        /** The one line a run ends with. */
        public String summary() {
            return "jasyncio: rewrote " + rewrittenMethods + " methods in " + rewrittenClasses + " classes, "
                    + unchangedClasses + " classes unchanged";
        }

        public boolean failed() {
            return !problems.isEmpty();
        }
    }

    /** The command line; the only place that ends the JVM, with the status {@link #run} returns. */
    public static void main(String[] args) throws IOException {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The command line without leaving the JVM: prints the warnings and problems to {@code err} and the summary to
     * {@code out}; returns 0 when every class is fine (warnings or not), 1 when one has a problem, 2 for a wrong
     * command line.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            err.println("usage: OfflineInstrumenter <classes directory>");
            return 2;
        }
        Report report = instrument(Path.of(args[0]));
        report.warnings().forEach(w -> err.println("warning: " + w));
        report.problems().forEach(err::println);
        out.println(report.summary());
        return report.failed() ? 1 : 0;
    }

    /** Rewrites every class under {@code root}, reading the classes it refers to from this class's loader. */
    public static Report instrument(Path root) throws IOException {
        return instrument(root, REWRITE);
    }

    /**
     * Rewrites every class under {@code root}, reading the classes it refers to (the jasyncio runtime, the
     * libraries) from {@code classPath} and the JDK only: a build's own class path, not the caller's.
     */
    public static Report instrument(Path root, List<Path> classPath) throws IOException {
        try (URLClassLoader dependencies = new URLClassLoader(urls(classPath), ClassLoader.getPlatformClassLoader())) {
            return instrument(root, dependencies, REWRITE);
        }
    }

    private static URL[] urls(List<Path> paths) throws MalformedURLException {
        URL[] urls = new URL[paths.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = paths.get(i).toUri().toURL();
        }
        return urls;
    }

    /** {@link #instrument(Path)} with the rewrite {@code transformers} makes for the classes' hierarchy. */
    static Report instrument(Path root, Function<ClassHierarchy, Function<byte[], AsyncClassTransformer.Result>>
            transformers) throws IOException {
        return instrument(root, OfflineInstrumenter.class.getClassLoader(), transformers);
    }

    private static Report instrument(Path root, ClassLoader dependencies,
                                     Function<ClassHierarchy, Function<byte[], AsyncClassTransformer.Result>>
                                             transformers) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int rewrittenMethods = 0;
        int rewrittenClasses = 0;
        int unchangedClasses = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, dependencies);
             Stream<Path> files = Files.walk(root)) {
            ClassHierarchy hierarchy = new ClassHierarchy(name -> open(root, name, loader));
            Function<byte[], AsyncClassTransformer.Result> transformer = transformers.apply(hierarchy);
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                AsyncClassTransformer.Result result = toWrite(root, file, transformer, loader, problems, warnings);
                if (result == null) {
                    unchangedClasses++;
                } else {
                    Files.write(file, result.bytes);
                    rewrittenClasses++;
                    rewrittenMethods += result.rewrittenMethods;
                }
            }
        }
        return new Report(List.copyOf(problems), rewrittenMethods, rewrittenClasses, unchangedClasses,
                List.copyOf(warnings));
    }

    /**
     * The rewrite of the class file at {@code file} if it is to be written: changed, without a problem, and
     * verified; else null, with the problems added to {@code problems}. Its warnings go to {@code warnings} either way.
     */
    private static AsyncClassTransformer.Result toWrite(Path root, Path file, Function<byte[], AsyncClassTransformer.Result>
            transformer, ClassLoader loader, List<String> problems, List<String> warnings) throws IOException {
        AsyncClassTransformer.Result result;
        try {
            result = transformer.apply(Files.readAllBytes(file));
        } catch (RuntimeException e) {
            problems.add("jasyncio: " + root.relativize(file) + " cannot be read by the rewriter (" + e + "): compile it for"
                    + " a Java version this jasyncio's ASM reads, or report it");
            return null;
        }
        warnings.addAll(result.warnings);
        if (!result.problems.isEmpty()) {
            problems.addAll(result.problems);
            return null;
        }
        if (result.bytes == null) {
            return null;
        }
        String failure = verify(result.bytes, loader);
        if (failure != null) {
            problems.add("jasyncio: " + root.relativize(file) + " fails verification once rewritten, so it is left as it was"
                    + " (a fault of jasyncio's rewriter: please report it):\n" + failure);
            return null;
        }
        return result;
    }

    private static InputStream open(Path root, String internalName, ClassLoader loader) {
        Path file = root.resolve(internalName + ".class");
        try {
            return Files.exists(file) ? Files.newInputStream(file) : loader.getResourceAsStream(internalName + ".class");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ASM's verifier over a rewritten class; null when it passes, else the report. */
    public static String verify(byte[] classFile, ClassLoader loader) {
        StringWriter report = new StringWriter();
        try {
            CheckClassAdapter.verify(new ClassReader(classFile), loader, false, new PrintWriter(report));
        } catch (RuntimeException e) {
            return e.toString();
        }
        return report.toString().isEmpty() ? null : report.toString();
    }
}
