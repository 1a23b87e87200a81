package jasyncio.agent;

import java.lang.System.Logger.Level;

/**
 * The agent's messages, through {@code System.getLogger("jasyncio.agent")}: the JDK's default logger prints them
 * to standard error, and an application that configures logging gets them where its other messages go. The
 * logger is looked up at the first message, not when the agent starts: the agent must not initialise the logging
 * configuration before the application's {@code main} could set it.
 */
final class AgentLog {
    private AgentLog() {
    }

    private static final class Holder {
        static final System.Logger LOGGER = System.getLogger("jasyncio.agent");
    }

    /** A method or class the agent could not rewrite: it will fail when it runs. */
    static void refusal(String message) {
        Holder.LOGGER.log(Level.ERROR, message);
    }

    /** Code that runs, but likely not as meant (a forgotten await) or slower (a rewrite past the JIT limit). */
    static void warning(String message) {
        Holder.LOGGER.log(Level.WARNING, message);
    }
}
