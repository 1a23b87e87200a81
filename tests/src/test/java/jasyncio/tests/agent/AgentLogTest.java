package jasyncio.tests.agent;

import jasyncio.agent.AsyncAgent;
import jasyncio.tests.support.AgentLogRecords;
import jasyncio.tests.support.DefinedAfresh;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's refusals go through {@code System.getLogger("jasyncio.agent")}, at ERROR, and to its problem list. */
class AgentLogTest {
    @Test
    void aRefusalIsLoggedAsAnErrorThroughTheAgentsLogger() throws Exception {
        String fixture = AwaitOutsideAsync.class.getName();
        List<String> errors;
        try (AgentLogRecords log = new AgentLogRecords()) {
            DefinedAfresh.define(fixture);
            errors = log.messages(Level.SEVERE, fixture + ".notAsync");
        }
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("jasyncio: " + fixture + ".notAsync (AwaitOutsideAsync.java:"), errors.get(0));
        assertTrue(AsyncAgent.problems().contains(errors.get(0)), AsyncAgent.problems().toString());
    }
}
