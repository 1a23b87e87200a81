package jasyncio.tests.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many tasks wait in a primitive, read from its {@code toString} (the one public view of that number, as
 * asyncio's {@code len(x._waiters)} is a private one): {@code <Lock [locked, waiters:2]>},
 * {@code <Semaphore locked value=0 waiters=1>}, {@code <Queue maxsize=1 getters[1] putters[2]>}.
 */
public final class Waiters {
    private static final Pattern WAITERS = Pattern.compile("waiters[:=](\\d+)");
    private static final Pattern GETTERS = Pattern.compile("getters\\[(\\d+)]");
    private static final Pattern PUTTERS = Pattern.compile("putters\\[(\\d+)]");

    private Waiters() {
    }

    /** The waiters of a Lock, Event, Condition or Semaphore. */
    public static int waiters(Object primitive) {
        return count(WAITERS, primitive);
    }

    /** A queue's waiting consumers. */
    public static int getters(Object queue) {
        return count(GETTERS, queue);
    }

    /** A queue's waiting producers. */
    public static int putters(Object queue) {
        return count(PUTTERS, queue);
    }

    private static int count(Pattern pattern, Object primitive) {
        Matcher m = pattern.matcher(primitive.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
