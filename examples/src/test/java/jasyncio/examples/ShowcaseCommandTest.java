package jasyncio.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's showcase command, as a user types it:
 * {@code java -javaagent:agent/target/jasyncio-agent.jar -cp examples/target/classes jasyncio.examples.Spinner}.
 * Only the examples' own classes are on the class path: the runtime must come from the agent jar.
 */
class ShowcaseCommandTest {
    @TempDir
    Path dir;

    @Test
    void spinnerRunsWithOnlyTheAgentJarAndTheExampleClasses() throws IOException, InterruptedException {
        Path agentJar = Path.of(System.getProperty("jasyncio.agent.jar")).toAbsolutePath().normalize();
        ExampleLaunch launch = ExampleLaunch.run(dir,
                List.of("-javaagent:" + agentJar, "-cp", ExampleLaunch.classes().toString()),
                "jasyncio.examples.Spinner", "0.3");
        assertTrue(launch.stdout().contains("Answer: 42"), launch.stdout());
        assertEquals(List.of(), launch.warnings(), launch.stderr());
    }

    @Test
    void theClassPathHoldsNoCopyOfTheRuntime() {
        // Otherwise the test above would not prove that the agent jar alone provides it.
        File runtimeClass = ExampleLaunch.classes().resolve("jasyncio").resolve("Asyncio.class").toFile();
        assertFalse(runtimeClass.exists(), runtimeClass + " should not exist");
    }
}
