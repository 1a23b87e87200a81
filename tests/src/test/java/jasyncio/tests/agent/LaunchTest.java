package jasyncio.tests.agent;

import jasyncio.agent.AsyncAgent;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a program gets the agent, each way checked in a fresh JVM: -javaagent, install(), too late, not at all. */
class LaunchTest {
    /** What a finished JVM printed. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static Outcome launch(List<String> jvmArguments, Class<?> main) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(jarOf(LaunchTest.class) + File.pathSeparator + jarOf(AsyncAgent.class));
        command.add(main.getName());
        Path out = Files.createTempFile("jasyncio-out", ".txt");
        Path err = Files.createTempFile("jasyncio-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Outcome(process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    @Test
    void javaagentFlagRewritesCoroutines() throws Exception {
        Outcome o = launch(List.of("-javaagent:" + jarOf(AsyncAgent.class)), Programs.WithoutAgent.class);
        assertEquals(0, o.exitCode(), o.toString());
        assertTrue(o.stdout().contains("answer 42"), o.toString());
    }

    @Test
    void installSelfAttachesBeforeCoroutineClassesLoad() throws Exception {
        Outcome o = launch(List.of(), Programs.SelfAttach.class);
        assertEquals(0, o.exitCode(), o.toString());
        assertTrue(o.stdout().contains("answer 42"), o.toString());
    }

    @Test
    void missingAgentIsExplainedAtTheAwait() throws Exception {
        Outcome o = launch(List.of(), Programs.WithoutAgent.class);
        assertEquals(3, o.exitCode(), o.toString());
        assertTrue(o.stdout().contains("error await() called in jasyncio.tests.agent.Work.answer (Work.java:16)"), o.toString());
        assertTrue(o.stdout().contains("the jasyncio agent is not loaded"), o.toString());
        assertTrue(o.stdout().contains("-javaagent:"), o.toString());
    }

    @Test
    void agentInstalledTooLateIsExplainedAtTheAwait() throws Exception {
        Outcome o = launch(List.of(), Programs.LateAttach.class);
        assertEquals(3, o.exitCode(), o.toString());
        assertTrue(o.stdout().contains("Work.answer (Work.java:16)"), o.toString());
        assertTrue(o.stdout().contains("loaded before the jasyncio agent was installed"), o.toString());
    }
}
