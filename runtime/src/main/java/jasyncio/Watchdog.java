package jasyncio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Debug mode's slow-step watchdog for one loop: the loop marks where each step starts and ends, and one daemon
 * thread shared by all watched loops samples them and reports a step holding its loop past the threshold while it
 * still blocks, with the loop thread's stack at that moment, through the loop's exception handler (called from the
 * watchdog thread for this report), and as a JFR {@code jasyncio.SlowStep} event when a recording has it on.
 */
final class Watchdog {
    private static final Set<Watchdog> WATCHED = ConcurrentHashMap.newKeySet();
    private static final long PERIOD_NANOS = 10_000_000;
    private static Thread sampler;

    private final EventLoop loop;
    /** A step holding the loop longer than this is reported while it runs. */
    private volatile long thresholdNanos = TimeUnit.MILLISECONDS.toNanos(100);
    /** The loop's thread while watched. */
    private volatile Thread loopThread;
    /** The step running now: when it started (0 between steps) and what it is. */
    private volatile long stepStartedNanos;
    private volatile Object stepItem;
    /** The step already reported, so that one slow step is reported once. */
    private volatile long reportedStepStart;

    Watchdog(EventLoop loop) {
        this.loop = loop;
    }

    /** Carries the stack of a blocked loop thread into the report. */
    static final class BlockedStack extends Throwable {
        private static final long serialVersionUID = 1L;

        BlockedStack(Thread thread) {
            super("stack of event loop thread '" + thread.getName() + "' while blocked", null, false, true);
            setStackTrace(thread.getStackTrace());
        }
    }

    /** A step to report. */
    private record SlowStep(Object item, Thread thread, long nanos, long thresholdNanos) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(nanos);
        }

        long thresholdMillis() {
            return TimeUnit.NANOSECONDS.toMillis(thresholdNanos);
        }
    }

    /** Starts sampling the loop running in {@code thread}. */
    void watch(Thread thread) {
        loopThread = thread;
        WATCHED.add(this);
        synchronized (Watchdog.class) {
            if (sampler == null) {
                sampler = new Thread(Watchdog::sample, "jasyncio-watchdog");
                sampler.setDaemon(true);
                sampler.start();
            }
        }
    }

    void unwatch() {
        WATCHED.remove(this);
        loopThread = null;
    }

    void stepStarted(Object item) {
        stepItem = item;
        stepStartedNanos = System.nanoTime();
    }

    void stepEnded() {
        stepStartedNanos = 0;
    }

    void setThreshold(double seconds) {
        thresholdNanos = (long) (seconds * 1e9);
    }

    double threshold() {
        return thresholdNanos / 1e9;
    }

    /** The running step if it has held the loop past the threshold and was not reported yet (sampler thread). */
    private SlowStep slowStep(long now) {
        long started = stepStartedNanos;
        Thread thread = loopThread;
        long threshold = thresholdNanos;
        if (started == 0 || thread == null || now - started < threshold || reportedStepStart == started) {
            return null;
        }
        reportedStepStart = started;
        return new SlowStep(stepItem, thread, now - started, threshold);
    }

    private static void sample() {
        for (;;) {
            LockSupport.parkNanos(PERIOD_NANOS);
            long now = System.nanoTime();
            for (Watchdog watched : WATCHED) {
                SlowStep slow = watched.slowStep(now);
                if (slow != null) {
                    Map<String, Object> context = new LinkedHashMap<>();
                    context.put("message", "executing " + slow.item() + " has been blocking the event loop for "
                            + slow.millis() + " ms (debug threshold " + slow.thresholdMillis() + " ms)");
                    BlockedStack stack = new BlockedStack(slow.thread());
                    context.put("exception", stack);
                    context.put("handle", slow.item());
                    FlightRecording.slowStep(slow.item(), slow.nanos(), slow.thread(), stack.getStackTrace());
                    watched.loop.callExceptionHandler(context);
                }
            }
        }
    }
}
