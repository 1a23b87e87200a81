package jasyncio.test;

import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.internal.CoreAccess;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timeout of one test invocation, in real time (virtual time may jump past any deadline): when it expires the
 * loop, woken from the timer thread, lists its pending tasks with where each is suspended and cancels the test's
 * task, which unwinds from its await. A loop held by a step that never yields cannot take that callback: after a
 * grace period its thread (the test's) is interrupted, with its stack in the report.
 */
final class Deadline {
    /** How long a timed-out task has to unwind before its thread is interrupted. */
    private static final long GRACE_MILLIS = 2_000;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "jasyncio-test-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final EventLoop loop;
    private final Task<?> task;
    private final double seconds;
    private final Thread loopThread;
    private final ScheduledFuture<?> expiry;
    private ScheduledFuture<?> interrupt;
    /** What the loop looked like when the deadline expired: null until then. */
    private volatile String report;
    private volatile boolean interrupted;
    /** The invocation ended: a late expiry or interrupt does nothing. */
    private boolean stopped;

    private Deadline(EventLoop loop, Task<?> task, double seconds) {
        this.loop = loop;
        this.task = task;
        this.seconds = seconds;
        this.loopThread = Thread.currentThread();
        this.expiry = TIMER.schedule(this::expire, (long) (seconds * 1e9), TimeUnit.NANOSECONDS);
    }

    /** Starts the deadline of {@code task} on {@code loop}, run by this thread; none when {@code seconds} is 0. */
    static Deadline start(EventLoop loop, Task<?> task, double seconds) {
        return seconds > 0 ? new Deadline(loop, task, seconds) : null;
    }

    /** Timer thread: the loop reports and cancels at its next iteration; if it cannot, an interrupt follows. */
    private synchronized void expire() {
        if (stopped) {
            return;
        }
        loop.callSoonThreadsafe(this::reportAndCancel);
        interrupt = TIMER.schedule(this::interruptLoop, GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The loop's thread, once it takes the expiry: unless a blocked step was reported already, lists the tasks. */
    private void reportAndCancel() {
        synchronized (this) {
            if (report == null) {
                report = pendingTasks();
            }
        }
        task.cancel("timed out after " + seconds + " s");
    }

    private synchronized void interruptLoop() {
        if (stopped) {
            return;
        }
        if (report == null) {
            StringBuilder text = new StringBuilder("the event loop never got back from a step; its thread's stack:");
            for (StackTraceElement e : loopThread.getStackTrace()) {
                text.append("\n    at ").append(e);
            }
            report = text.toString();
        }
        interrupted = true;
        loopThread.interrupt();
    }

    /** The loop's pending tasks, each with what it waits for and its await chain (the loop's thread). */
    private String pendingTasks() {
        StringBuilder text = new StringBuilder("pending tasks:");
        for (Task<?> t : CoreAccess.hooks().liveTasks(loop)) {
            text.append("\n").append(PendingTask.describe(t));
        }
        return text.toString();
    }

    /** The invocation ended: no expiry and no interrupt from now on (an interrupt this deadline made is taken back). */
    synchronized void stop() {
        stopped = true;
        expiry.cancel(false);
        if (interrupt != null) {
            interrupt.cancel(false);
        }
        if (interrupted) {
            Thread.interrupted();
        }
    }

    boolean expired() {
        return report != null;
    }

    /** The failure of a test that timed out, with what it ended with as cause. */
    AssertionError failure(String what, Throwable ended) {
        return new AssertionError(what + " timed out after " + seconds + " s of real time and was cancelled ("
                + "@TestLoop(timeout = ...) sets the limit); " + report, ended);
    }
}
