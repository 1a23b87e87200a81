package jasyncio.tests.debug;

import jasyncio.tests.support.AgentLogRecords;
import jasyncio.tests.support.DefinedAfresh;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The agent reports a forgotten await as a warning when the class loads, without running it. */
class ForgottenAwaitAtLoadTest {
    private static final String FIXTURE = Forgetful.class.getName();

    private static int lineOf(String marker) throws IOException {
        Path source = Path.of("src/test/java", FIXTURE.replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(marker + " not in " + source);
    }

    @Test
    void eachDroppedCoroutineIsLoggedAsAWarningWithClassMethodAndLineWhenTheClassLoads() throws Exception {
        List<String> warnings;
        try (AgentLogRecords log = new AgentLogRecords()) {
            DefinedAfresh.define(FIXTURE);
            warnings = log.messages(Level.WARNING, FIXTURE + ".");
        }
        String calls = "): calls @Async ";
        assertEquals(List.of(
                "jasyncio: " + FIXTURE + ".forgetsItsOwn (Forgetful.java:" + lineOf("// forgotten own") + calls
                        + FIXTURE + ".answer() and drops its coroutine, so it never runs (a forgotten await?). Write"
                        + " await(...) around the call, or start it with Asyncio.createTask(...) to run it on its own",
                "jasyncio: " + FIXTURE + ".forgetsAnotherClasss (Forgetful.java:" + lineOf("// forgotten other") + calls
                        + FIXTURE + "$Callee.fetch() and drops its coroutine, so it never runs (a forgotten await?)."
                        + " Write await(...) around the call, or start it with Asyncio.createTask(...) to run it on its"
                        + " own"), warnings);
    }
}
