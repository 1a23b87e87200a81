package jasyncio.test;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.CoreAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A test loop's exception handler: it keeps what the loop reports instead of printing it, so that the end of the
 * test can fail it naming the culprit: a failure nobody retrieved, a callback that threw, a step that blocked the
 * loop (reported by the watchdog from its own thread, hence the lock).
 */
final class Hygiene implements BiConsumer<EventLoop, Map<String, Object>> {
    /** The watchdog's message for a slow step starts so ("executing ... has been blocking the event loop"). */
    private static final String BLOCKING = "has been blocking the event loop";
    /** Debug mode's early report of a failure that nobody waited for when it happened; it may be awaited later. */
    private static final String NOBODY_WAITING = "exception nobody is waiting for";

    private final List<Map<String, Object>> reports = new ArrayList<>();

    @Override
    public synchronized void accept(EventLoop loop, Map<String, Object> context) {
        reports.add(context);
    }

    /** What the loop reported that {@code settings} do not allow, one paragraph each. */
    synchronized List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> report : reports) {
            String message = String.valueOf(report.get("message"));
            if (message.contains(BLOCKING)) {
                problems.add("a step blocked the event loop: " + message + describe(report.get("exception"))
                        + "\n  (await blocking work with toThread(...), or relax: @TestLoop(slowStep = <seconds>, or 0))");
            } else if (!settings.allowUnretrievedFailures() && !stillRetrievable(message, report.get("future"))) {
                problems.add("a failure nobody retrieved: " + message
                        + (report.containsKey("future") ? " " + report.get("future") : "")
                        + (report.containsKey("handle") ? " " + report.get("handle") : "")
                        + describe(report.get("exception"))
                        + "\n  (await it or read its exception(), or relax: @TestLoop(allowUnretrievedFailures = true))");
            }
        }
        return problems;
    }

    /** Reported early (debug mode) and retrieved since: not a problem. */
    private static boolean stillRetrievable(String message, Object future) {
        return message.contains(NOBODY_WAITING) && future instanceof Future<?> f
                && !CoreAccess.hooks().failureUnretrieved(f);
    }

    private static String describe(Object exception) {
        if (!(exception instanceof Throwable error)) {
            return "";
        }
        StringBuilder text = new StringBuilder("\n  ").append(error);
        StackTraceElement[] stack = error.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
            text.append("\n      at ").append(stack[i]);
        }
        return text.toString();
    }
}
