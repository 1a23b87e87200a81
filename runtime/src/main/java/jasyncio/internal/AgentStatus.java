package jasyncio.internal;

/**
 * Whether the jasyncio agent is transforming classes in this JVM: set by the agent, read by the runtime to
 * say precisely why an {@code await} reached it untransformed.
 */
public final class AgentStatus {
    private static volatile boolean installed;

    private AgentStatus() {
    }

    public static void markInstalled() {
        installed = true;
    }

    public static boolean isInstalled() {
        return installed;
    }
}
