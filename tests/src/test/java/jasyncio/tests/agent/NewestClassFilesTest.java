package jasyncio.tests.agent;

import jasyncio.agent.AsyncAgent;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classes compiled for the JDK the suite runs on (25 on the Temurin run) are rewritten and run: the source is
 * compiled at test time with {@code --release <this JDK>}, then loaded, so the agent sees the newest class
 * file version and constructs only it allows (records, switch patterns).
 */
class NewestClassFilesTest {
    /** Record patterns in a switch need Java 21; on older JDKs the same logic uses instanceof patterns. */
    private static final String PATTERN_SWITCH = String.join("\n",
            "        int result = switch (shape) {",
            "            case Point(int x, int y) when x > 0 -> x * await(Coroutine.completed(y));",
            "            case String s -> s.length();",
            "            default -> -1;",
            "        };");
    private static final String INSTANCEOF_PATTERNS = String.join("\n",
            "        int result = shape instanceof Point p && p.x() > 0 ? p.x() * await(Coroutine.completed(p.y()))",
            "                : shape instanceof String s ? s.length() : -1;");

    private static String source(int feature) {
        return String.join("\n",
            "package fresh;",
            "import jasyncio.*;",
            "import static jasyncio.Asyncio.*;",
            "public class Newest implements java.util.function.Supplier<Object> {",
            "    record Point(int x, int y) {}",
            "    @Async static Coroutine<Integer> area(Object shape) {",
            "        await(sleep(0));",
            feature >= 21 ? PATTERN_SWITCH : INSTANCEOF_PATTERNS,
            "        await(sleep(0));",
            "        return Coroutine.completed(result);",
            "    }",
            "    public Object get() { return run(area(new Point(6, 7))) + run(area(\"abc\")); }",
            "}");
    }

    @Test
    void classesCompiledForThisJdkAreRewrittenAndRun() throws Exception {
        int feature = Runtime.version().feature();
        Path dir = Files.createTempDirectory("jasyncio-newest");
        Path source = Files.createDirectories(dir.resolve("fresh")).resolve("Newest.java");
        Files.writeString(source, source(feature));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = LaunchTest.jarOf(AsyncAgent.class).toString();
        int status = javac.run(null, null, null, "--release", Integer.toString(feature), "-cp", classPath,
                "-d", dir.toString(), source.toString());
        assertEquals(0, status);
        byte[] bytes = Files.readAllBytes(dir.resolve("fresh" + File.separator + "Newest.class"));
        assertEquals(feature + 44, ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF), "class file version");

        int rewrittenBefore = AsyncAgent.rewrittenCount();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            @SuppressWarnings("unchecked")
            Supplier<Object> program = (Supplier<Object>) loader.loadClass("fresh.Newest").getConstructor().newInstance();
            assertEquals(45, program.get());
        }
        assertTrue(AsyncAgent.rewrittenCount() > rewrittenBefore);
    }
}
