package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Rewrites the classes of a directory in place, ahead of time. Each rewritten class is verified with ASM's
 * {@link CheckClassAdapter} before it is written: one that fails is reported and its file left as javac wrote it.
 * Exits with status 1 when a class is refused or fails verification.
 * The runtime uses it on its own {@code @Async} helpers; it serves any build that cannot use the agent.
 *
 * <pre>java -cp jasyncio-agent.jar jasyncio.instrument.OfflineInstrumenter target/classes</pre>
 */
public final class OfflineInstrumenter {
    private OfflineInstrumenter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: OfflineInstrumenter <classes directory>");
            System.exit(2);
        }
        List<String> problems = instrument(Path.of(args[0]));
        problems.forEach(System.err::println);
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }

    /** Rewrites every class under {@code root}; returns the problems (refusals and verification failures). */
    public static List<String> instrument(Path root) throws IOException {
        return instrument(root, hierarchy -> new AsyncClassTransformer(hierarchy)::transform);
    }

    /** {@link #instrument(Path)} with the rewrite {@code transformers} makes for the classes' hierarchy. */
    static List<String> instrument(Path root, Function<ClassHierarchy, Function<byte[], AsyncClassTransformer.Result>>
            transformers) throws IOException {
        List<String> problems = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()},
                OfflineInstrumenter.class.getClassLoader());
             Stream<Path> files = Files.walk(root)) {
            ClassHierarchy hierarchy = new ClassHierarchy(name -> open(root, name, loader));
            Function<byte[], AsyncClassTransformer.Result> transformer = transformers.apply(hierarchy);
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                AsyncClassTransformer.Result result = transformer.apply(Files.readAllBytes(file));
                problems.addAll(result.problems);
                if (result.bytes != null) {
                    String failure = verify(result.bytes, loader);
                    if (failure == null) {
                        Files.write(file, result.bytes);
                    } else {
                        problems.add("jasyncio: " + root.relativize(file) + " fails verification once rewritten, so it"
                                + " is left as it was (a fault of jasyncio's rewriter: please report it):\n" + failure);
                    }
                }
            }
        }
        return problems;
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
