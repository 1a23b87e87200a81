package jasyncio.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        Path classes = Path.of(System.getProperty("jasyncio.examples.classes")).toAbsolutePath().normalize();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");

        Process process = new ProcessBuilder(java.toString(), "-javaagent:" + agentJar, "-cp", classes.toString(),
                "jasyncio.examples.Spinner", "0.3")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }

        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertTrue(finished, "still running after 60 s; stdout: " + stdout + "\nstderr: " + stderr);
        assertEquals(0, process.exitValue(), "stderr: " + stderr);
        assertTrue(stdout.contains("Answer: 42"), stdout);
        List<String> warnings = stderr.lines().filter(l -> l.startsWith("jasyncio:")).toList();
        assertEquals(List.of(), warnings, stderr);
    }

    @Test
    void theClassPathHoldsNoCopyOfTheRuntime() {
        // Otherwise the test above would not prove that the agent jar alone provides it.
        File runtimeClass = Path.of(System.getProperty("jasyncio.examples.classes"), "jasyncio", "Asyncio.class")
                .toFile();
        assertFalse(runtimeClass.exists(), runtimeClass + " should not exist");
    }
}
