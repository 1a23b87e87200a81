package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.agent.AsyncAgent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.waitFor;

/**
 * A {@code main} run in a fresh JVM under the agent, for loads that one process should not carry alone (file
 * descriptors) or that need a heap of their own (a bound to prove). Awaited on the loop, so the test's own
 * server keeps serving while the child runs.
 */
final class ChildJvm {
    /** What a finished child printed. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code main} with {@code jvmArguments}; kills it and throws the timeout if it runs over. */
    @Async
    static Coroutine<Outcome> run(Class<?> main, List<String> jvmArguments, double timeout, String... args)
            throws IOException {
        String agent = locationOf(AsyncAgent.class);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + agent);
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(locationOf(ChildJvm.class) + File.pathSeparator + agent);
        command.add(main.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("jasyncio-child-out", ".txt");
        Path err = Files.createTempFile("jasyncio-child-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await(waitFor(exit(process), timeout));
            return Coroutine.completed(new Outcome(process.exitValue(), Files.readString(out), Files.readString(err)));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Async
    private static Coroutine<Process> exit(Process process) {
        return Coroutine.completed(await(process.onExit()));
    }
}
