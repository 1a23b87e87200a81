package jasyncio.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One example run in a JVM of its own, as a user starts it; bounded to 60 s. */
record ExampleLaunch(String stdout, String stderr) {
    /** The example classes as the build left them. */
    static Path classes() {
        return Path.of(System.getProperty("jasyncio.examples.classes")).toAbsolutePath().normalize();
    }

    /** Runs {@code java <options> mainClass args}, with {@code dir} holding its output; it must exit 0. */
    static ExampleLaunch run(Path dir, List<String> options, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add(mainClass);
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        ExampleLaunch launch = new ExampleLaunch(Files.readString(out), Files.readString(err));
        assertTrue(finished, "still running after 60 s; " + launch);
        assertEquals(0, process.exitValue(), launch.toString());
        return launch;
    }

    /**
     * The lines jasyncio printed as warnings or refusals: the runtime's own, and the agent's through the JDK's
     * default logger, which prefixes its level ("WARNING: jasyncio: ...").
     */
    List<String> warnings() {
        return stderr.lines().filter(l -> l.matches("([A-Z]+: )?jasyncio:.*")).toList();
    }
}
