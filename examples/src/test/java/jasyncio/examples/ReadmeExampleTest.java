package jasyncio.examples;

import jasyncio.Asyncio;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation's examples cannot rot: README.md's first example and docs/networking.md's echo server are cut
 * out of their pages, compiled against the agent jar, and run under the agent of this JVM.
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesAndPrintsTheAnswer() throws Exception {
        Path readme = Path.of(System.getProperty("jasyncio.examples.classes"), "..", "..", "..", "README.md").normalize();
        Matcher block = Pattern.compile("```java\n(import jasyncio.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
        assertTrue(block.find(), "README.md has a ```java block starting with the imports");
        Path source = dir.resolve("Spinner.java");
        Files.writeString(source, block.group(1));

        String agentJar = System.getProperty("jasyncio.agent.jar");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-cp", agentJar, "-d", dir.toString(), source.toString());
        assertEquals(0, status, "the README example compiles");

        String output = runMain(dir);
        assertTrue(output.matches("(?s)spinner object: <Task pending name='Task-\\d+' coro=<Spinner\\.spin\\(\\) running at Spinner\\.java:\\d+>>.*"),
                output);
        assertTrue(output.contains("| thinking!\r"), output);
        assertTrue(output.trim().endsWith("Answer: 42"), output);
    }

    @Test
    void theNetworkingPageExampleRuns() throws Exception {
        Path page = Path.of(System.getProperty("jasyncio.examples.classes"), "..", "..", "..", "docs", "networking.md")
                .normalize();
        Matcher block = Pattern.compile("```java\n(@Async static Coroutine<Void> echo.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(page));
        assertTrue(block.find(), "docs/networking.md has the echo server block");
        Path source = dir.resolve("EchoDemo.java");
        Files.writeString(source, "import jasyncio.*;\nimport jasyncio.net.*;\nimport java.io.IOException;\n"
                + "import static jasyncio.Asyncio.*;\nimport static jasyncio.net.Net.*;\n"
                + "public class EchoDemo {\n" + block.group(1) + "}\n");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-cp", System.getProperty("jasyncio.agent.jar"), "-d", dir.toString(), source.toString());
        assertEquals(0, status, "the networking page's example compiles");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("EchoDemo").getDeclaredMethod("main");
            main.setAccessible(true);
            String output = ConsoleCapture.stdoutOf(() -> {
                try {
                    Asyncio.run((Coroutine<?>) main.invoke(null));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals("hello", output.trim());
        }
    }

    private static String runMain(Path classes) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass("Spinner").getMethod("main", String[].class);
            return ConsoleCapture.stdoutOf(() -> {
                try {
                    main.invoke(null, (Object) new String[0]);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }
}
