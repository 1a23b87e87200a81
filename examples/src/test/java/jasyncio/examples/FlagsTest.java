package jasyncio.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FlagsTest {
    @TempDir
    Path dir;

    @Test
    void downloadsEveryFlagTheServerHasAndReportsTheOthers() throws IOException {
        Flags.Summary[] summary = new Flags.Summary[1];
        String output;
        try (Flags.FlagServer server = new Flags.FlagServer(0.2)) {
            output = ConsoleCapture.stdoutOf(() -> summary[0] = run(Flags.downloadMany(server.uri(), Flags.COUNTRIES, 4, dir)));
            // The semaphore, not the server, is what keeps the requests at four at a time.
            assertEquals(4, server.peakConcurrency());
        }
        assertEquals(Map.of("CD", "HTTP 404 Not Found", "IR", "HTTP 404 Not Found", "VN", "HTTP 500 Internal Server Error"),
                summary[0].failed());
        assertEquals(17, summary[0].downloaded().size());
        for (String country : Flags.COUNTRIES) {
            Path file = dir.resolve(country.toLowerCase() + ".gif");
            if (summary[0].failed().containsKey(country)) {
                assertTrue(Files.notExists(file), file + " should not exist");
            } else {
                assertArrayEquals(Flags.FlagServer.flagImage(country), Files.readAllBytes(file), country);
            }
        }
        for (String failure : List.of("*** CD: HTTP 404 Not Found\n", "*** IR: HTTP 404 Not Found\n",
                "*** VN: HTTP 500 Internal Server Error\n")) {
            assertTrue(output.contains(failure), output);
        }
    }

    @Test
    void theProgressBarAdvancesOneFlagAtATime() throws IOException {
        String output;
        try (Flags.FlagServer server = new Flags.FlagServer(0.01)) {
            output = ConsoleCapture.stdoutOf(() -> run(Flags.downloadMany(server.uri(), Flags.COUNTRIES, 3, dir)));
        }
        for (int done = 0; done <= 20; done++) {
            int filled = done * 40 / 20;
            String bar = "\r[" + "#".repeat(filled) + "-".repeat(40 - filled) + "] " + String.format("%3d", done) + "/20";
            assertTrue(output.contains(bar), "missing " + bar.trim() + " in " + output);
        }
    }

    @Test
    void mainPrintsASummary() {
        String output = ConsoleCapture.stdoutOf(() -> {
            try {
                Flags.main(new String[] {"-c", "10", "-o", dir.toString(), "-d", "0.02"});
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(output.contains("at most 10 at a time, into " + dir), output);
        assertTrue(output.contains("17 downloaded, 3 failed [CD, IR, VN]\nElapsed: "), output);
        assertTrue(Files.exists(dir.resolve("br.gif")));
    }
}
