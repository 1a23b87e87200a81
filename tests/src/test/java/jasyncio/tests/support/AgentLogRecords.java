package jasyncio.tests.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the agent logs to {@code System.getLogger("jasyncio.agent")} while it is open: the JDK's default backend is
 * java.util.logging, whose logger of that name the agent's is; the records still reach the console as well.
 */
public final class AgentLogRecords extends Handler implements AutoCloseable {
    /** Held strongly: java.util.logging keeps its loggers weakly, and the handler must stay on the agent's one. */
    private final Logger agentLog = Logger.getLogger("jasyncio.agent");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public AgentLogRecords() {
        agentLog.addHandler(this);
    }

    /** The messages logged at {@code level} that mention {@code text}, in order. */
    public List<String> messages(Level level, String text) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage)
                .filter(m -> m.contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        agentLog.removeHandler(this);
    }
}
