package jasyncio.instrument;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compiles Java source strings with the JDK's javac, in memory: internal class name to class file. */
final class InMemoryJavac {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("(?:class|interface|@interface|enum)\\s+(\\w+)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "public\\s+(?:final\\s+|abstract\\s+)*(?:class|interface|@interface|enum)\\s+(\\w+)");

    /**
     * What javac made of each (options, sources), for the life of the JVM. javac's output does not depend on the
     * code under test, and mutation testing reruns the same tests once per mutant in one JVM: without this, most
     * of such a run is javac compiling the same sources again. Callers get their own copy (a test may patch one).
     */
    private static final Map<List<String>, Map<String, byte[]>> COMPILED = new ConcurrentHashMap<>();

    private InMemoryJavac() {
    }

    /** Compiles {@code sources} with {@code options}, and {@code -g} (lines and local names) unless they say otherwise. */
    static Map<String, byte[]> compile(List<String> options, String... sources) {
        List<String> key = new ArrayList<>(options);
        key.add("--");
        key.addAll(Arrays.asList(sources));
        Map<String, byte[]> copy = new TreeMap<>();
        COMPILED.computeIfAbsent(key, k -> compileNow(options, sources)).forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return copy;
    }

    private static Map<String, byte[]> compileNow(List<String> options, String... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the tests need a JDK, not a JRE");
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (String source : sources) {
            units.add(new Source(source));
        }
        Map<String, byte[]> classes = new TreeMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                classes.put(className.replace('.', '/'), toByteArray());
                            }
                        };
                    }
                };
            }
        };
        List<String> allOptions = new ArrayList<>(Arrays.asList("-proc:none", "-Xlint:none"));
        if (options.stream().noneMatch(o -> o.startsWith("-g"))) {
            allOptions.add("-g");
        }
        allOptions.addAll(options);
        boolean ok = javac.getTask(null, files, diagnostics, allOptions, null, units).call();
        if (!ok) {
            StringBuilder why = new StringBuilder("javac failed:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                why.append('\n').append(d);
            }
            throw new AssertionError(why);
        }
        return classes;
    }

    static Map<String, byte[]> compile(String... sources) {
        return compile(List.of(), sources);
    }

    /** A source string, named after its package and its public (or else first) type as javac requires. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String text) {
            super(URI.create("mem:///" + pathOf(text)), Kind.SOURCE);
            this.text = text;
        }

        private static String pathOf(String text) {
            Matcher pkg = PACKAGE.matcher(text);
            Matcher type = PUBLIC_TYPE.matcher(text);
            if (!type.find() && !(type = TYPE.matcher(text)).find()) {
                throw new IllegalArgumentException("no type declared in:\n" + text);
            }
            String dir = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
            return dir + type.group(1) + ".java";
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
