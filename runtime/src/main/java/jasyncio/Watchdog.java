package jasyncio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Debug mode's watchdog: one daemon thread that samples the running debug loops and reports a step holding
 * its loop past the loop's threshold while it still blocks, with the loop thread's stack at that moment,
 * through the loop's exception handler (called from the watchdog thread for this report).
 */
final class Watchdog {
    private static final Set<EventLoop> LOOPS = ConcurrentHashMap.newKeySet();
    private static final long PERIOD_NANOS = 10_000_000;
    private static Thread thread;

    /** Carries the stack of a blocked loop thread into the report. */
    static final class BlockedStack extends Throwable {
        private static final long serialVersionUID = 1L;

        BlockedStack(Thread thread) {
            super("stack of event loop thread '" + thread.getName() + "' while blocked", null, false, true);
            setStackTrace(thread.getStackTrace());
        }
    }

    private Watchdog() {
    }

    static synchronized void watch(EventLoop loop) {
        LOOPS.add(loop);
        if (thread == null) {
            thread = new Thread(Watchdog::sample, "jasyncio-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
    }

    static void unwatch(EventLoop loop) {
        LOOPS.remove(loop);
    }

    private static void sample() {
        for (;;) {
            LockSupport.parkNanos(PERIOD_NANOS);
            long now = System.nanoTime();
            for (EventLoop loop : LOOPS) {
                EventLoop.SlowStep slow = loop.slowStep(now);
                if (slow != null) {
                    Map<String, Object> context = new LinkedHashMap<>();
                    context.put("message", "executing " + slow.item + " has been blocking the event loop for "
                            + slow.millis + " ms (debug threshold " + slow.thresholdMillis + " ms)");
                    context.put("exception", new BlockedStack(slow.thread));
                    context.put("handle", slow.item);
                    loop.callExceptionHandler(context);
                }
            }
        }
    }
}
