package jasyncio;

/**
 * Seconds given to sleeps, timers and timeouts, checked and turned into deadlines of the loop's clock
 * ({@link System#nanoTime()}, or a test's virtual one).
 * Any number of seconds is accepted, infinity included: a deadline past the clock's range saturates at
 * {@link Long#MAX_VALUE} ("never") instead of wrapping round into the past. NaN, which no clock ever reaches, is
 * refused where it is given.
 */
final class Delays {
    /** The deadline of a timer that never fires by itself. */
    static final long NEVER = Long.MAX_VALUE;

    private Delays() {
    }

    /** {@code seconds}, unless it is NaN: then an {@link IllegalArgumentException} naming {@code call}. */
    static double require(double seconds, String call) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException(call + "(NaN): a delay or deadline must be a number of seconds"
                    + " (Double.POSITIVE_INFINITY for none)");
        }
        return seconds;
    }

    /** The deadline {@code seconds} after {@code now} (the loop's clock); a negative delay is due now. */
    static long after(long now, double seconds) {
        long deadline = now + toNanos(Math.max(0, seconds));
        return deadline < now ? NEVER : deadline;
    }

    /** The deadline at {@code when}, in seconds of {@link EventLoop#time()}. */
    static long at(double when) {
        return toNanos(when);
    }

    /** Seconds of loop time for a deadline; infinity for {@link #NEVER}. */
    static double seconds(long deadlineNanos) {
        return deadlineNanos == NEVER ? Double.POSITIVE_INFINITY : deadlineNanos / 1e9;
    }

    /** Java's conversion saturates: an infinite or huge delay becomes {@link Long#MAX_VALUE}. */
    private static long toNanos(double seconds) {
        return (long) (seconds * 1e9);
    }
}
