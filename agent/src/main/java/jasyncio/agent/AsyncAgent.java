package jasyncio.agent;

import jasyncio.internal.AgentStatus;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * The jasyncio agent: rewrites every {@code @Async} method of every class loaded after it starts.
 *
 * <p>Start it with the JVM, {@code java -javaagent:jasyncio-agent.jar ...}, or from the program itself with
 * {@link #install()} (self-attach through byte-buddy-agent). Classes already loaded when it starts stay as
 * they are; their {@code @Async} methods say so when they reach an {@code await}. It also registers the JMX bean
 * {@code io.jasyncio:type=Tasks} ({@link TasksMXBean}), which dumps every event loop's tasks.
 */
public final class AsyncAgent {
    private static Instrumentation instrumentation;
    private static CoroutineTransformer transformer;

    private AsyncAgent() {
    }

    /** Entry point of {@code -javaagent}. */
    public static void premain(String arguments, Instrumentation inst) {
        start(inst);
    }

    /** Entry point of a dynamic attach. */
    public static void agentmain(String arguments, Instrumentation inst) {
        start(inst);
    }

    /**
     * Installs the agent into the running JVM if it is not there yet. Call it first thing in {@code main} (or
     * in a test's static initializer): only classes loaded afterwards are rewritten, so the class calling it
     * must not have {@code @Async} methods of its own. Needs a JDK (the attach API), not a bare JRE.
     */
    public static synchronized void install() {
        if (instrumentation == null) {
            start(ByteBuddyAgent.install());
        }
    }

    public static synchronized boolean isInstalled() {
        return instrumentation != null;
    }

    private static synchronized void start(Instrumentation inst) {
        if (instrumentation != null) {
            return;
        }
        transformer = new CoroutineTransformer(inst, Boolean.getBoolean("jasyncio.verify"));
        inst.addTransformer(transformer, false);
        instrumentation = inst;
        AgentStatus.markInstalled();
        TasksBean.register();
    }

    /** Every problem the agent reported so far (refused coroutines, classes it could not read). */
    public static synchronized List<String> problems() {
        return transformer == null ? List.of() : transformer.problems();
    }

    /** How many classes the agent has rewritten. */
    public static synchronized int rewrittenCount() {
        return transformer == null ? 0 : transformer.rewrittenCount();
    }

    /**
     * With {@code -Djasyncio.verify=true}, runs ASM's {@code CheckClassAdapter} over every class rewritten so
     * far and is still loaded (a class whose loader was collected is gone), and returns the failures (empty when
     * all pass). Without it, nothing was kept to verify.
     */
    public static synchronized List<String> verifyRewrittenClasses() {
        if (transformer == null || !transformer.keepsClasses()) {
            throw new IllegalStateException("start the JVM with -Djasyncio.verify=true to verify rewritten classes");
        }
        return transformer.verifyAll();
    }
}
