package jasyncio.internal;

import jasyncio.EventLoop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers debug mode's reports of coroutines never awaited, found on the cleaner's thread, to the exception
 * handler of the loop each was created on: posted to run on the loop's thread, or, when the loop closes first
 * (close() drops what was posted), called by {@link #loopClosed} before it returns. Whoever takes a report out of
 * the undelivered set delivers it, so each is delivered once. To standard error when the loop is gone or closed.
 */
public final class NeverAwaitedReports {
    private static final Set<Report> UNDELIVERED = ConcurrentHashMap.newKeySet();

    /** One report on its way to {@code loop}'s handler; identity equality, as each is one event. */
    private static final class Report implements Runnable {
        final EventLoop loop;
        final Map<String, Object> context;

        Report(EventLoop loop, Map<String, Object> context) {
            this.loop = loop;
            this.context = context;
        }

        /** On the loop's thread, unless the loop closed before it ran. */
        @Override
        public void run() {
            if (UNDELIVERED.remove(this)) {
                loop.callExceptionHandler(context);
            }
        }
    }

    private NeverAwaitedReports() {
    }

    /** From the cleaner's thread: {@code coroutine} created on {@code loop} (null if none) at {@code creation}. */
    static void report(EventLoop loop, String coroutine, Throwable creation) {
        String message = "coroutine " + coroutine + " was never awaited; it was created at:";
        if (loop != null && !loop.isClosed()) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("message", message);
            context.put("exception", creation);
            Report report = new Report(loop, context);
            // In the set before the post looks at whether the loop is closed: a close that follows sees it there.
            UNDELIVERED.add(report);
            try {
                loop.callSoonThreadsafe(report);
                return;
            } catch (IllegalStateException closedMeanwhile) {
                if (!UNDELIVERED.remove(report)) {
                    return; // the closing loop delivered it
                }
            }
        }
        StringBuilder text = new StringBuilder("jasyncio: ").append(message);
        for (StackTraceElement e : creation.getStackTrace()) {
            text.append("\n    at ").append(e);
        }
        System.err.println(text);
    }

    /** {@code loop} is closed (it refuses posts now): delivers what was posted to it and has not run. */
    public static void loopClosed(EventLoop loop) {
        for (Report report : UNDELIVERED) {
            if (report.loop == loop && UNDELIVERED.remove(report)) {
                loop.callExceptionHandler(report.context);
            }
        }
    }
}
