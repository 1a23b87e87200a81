package jasyncio.bench.size;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compiles the generated sources with the JDK's javac, in memory, against this program's class path. */
final class InMemoryJavac {
    private static final Pattern NAME = Pattern.compile("package (\\S+);.*?public class (\\w+)", Pattern.DOTALL);

    private InMemoryJavac() {
    }

    /** Internal class name to class file. */
    static Map<String, byte[]> compile(List<String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("RewriteSize compiles its generated methods: run it on a JDK, not a JRE");
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (String source : sources) {
            Matcher name = NAME.matcher(source);
            if (!name.find()) {
                throw new IllegalArgumentException("no package and public class in:\n" + source);
            }
            URI uri = URI.create("mem:///" + name.group(1).replace('.', '/') + "/" + name.group(2) + ".java");
            units.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            });
        }
        Map<String, byte[]> classes = new TreeMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        var files = new ForwardingJavaFileManager<>(javac.getStandardFileManager(diagnostics, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                URI uri = URI.create("mem:///" + className.replace('.', '/') + ".class");
                return new SimpleJavaFileObject(uri, kind) {
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
        List<String> options = List.of("-g", "-proc:none", "-classpath", System.getProperty("java.class.path"));
        if (!javac.getTask(null, files, diagnostics, options, null, units).call()) {
            throw new IllegalStateException("javac refused the generated sources: " + diagnostics.getDiagnostics());
        }
        return classes;
    }
}
