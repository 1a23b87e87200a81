package jasyncio.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build plugin rewrote the examples at build time (examples/pom.xml), so one runs with plain
 * {@code java -cp examples/target/classes:jasyncio-runtime.jar} and no {@code -javaagent}.
 */
class WithoutAgentTest {
    @TempDir
    Path dir;

    @Test
    void spinnerRunsWithPlainJavaCpAndTheRuntimeJarOnly() throws IOException, InterruptedException {
        Path runtimeJar = Path.of(System.getProperty("jasyncio.runtime.jar")).toAbsolutePath().normalize();
        ExampleLaunch launch = ExampleLaunch.run(dir,
                List.of("-cp", ExampleLaunch.classes() + File.pathSeparator + runtimeJar),
                "jasyncio.examples.Spinner", "0.3");
        assertTrue(launch.stdout().contains("Answer: 42"), launch.stdout());
        assertEquals(List.of(), launch.warnings(), launch.stderr());
    }

    @Test
    void theExampleClassesCarryTheRewrittenMarker() throws IOException {
        // Otherwise the run above would prove nothing: it would fail at its first await.
        byte[] spinner = Files.readAllBytes(ExampleLaunch.classes().resolve("jasyncio/examples/Spinner.class"));
        assertTrue(new String(spinner, StandardCharsets.ISO_8859_1).contains("Ljasyncio/internal/Rewritten;"));
    }
}
