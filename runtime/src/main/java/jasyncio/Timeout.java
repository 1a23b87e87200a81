package jasyncio;

import java.util.concurrent.CancellationException;

/**
 * The deadline of a timeout scope ({@link Asyncio#withTimeout}), like asyncio's {@code Timeout}: readable and
 * movable while the scope runs. When the deadline passes, the task running the scope is cancelled; the scope
 * turns that cancellation into an {@link AsyncTimeoutException} when it ends (a cancellation from anywhere
 * else still ends the scope as a cancellation).
 */
public final class Timeout {
    private enum State { ENTERED, EXPIRING, EXPIRED, EXITED }

    private final Task<?> task;
    private final EventLoop loop;
    private final int cancellingAtEntry;
    /** What the scope is, for the timeout's message: {@code withTimeout} or {@code waitFor}. */
    private final String what;
    /** The timeout in seconds the caller gave, for the message; NaN when it gave a deadline. */
    private final double seconds;
    private double when;
    private Handle handler;
    private State state = State.ENTERED;

    Timeout(Task<?> task, EventLoop loop, double when, String what, double seconds) {
        this.task = task;
        this.loop = loop;
        this.cancellingAtEntry = task.cancelling();
        this.what = what;
        this.seconds = seconds;
        reschedule(when);
    }

    /** The deadline in the loop's time ({@link EventLoop#time()}); infinite when there is none. */
    public double when() {
        return when;
    }

    /**
     * Moves the deadline (positive infinity removes it; a past one expires the scope at the next iteration); only
     * while the scope runs. NaN throws {@link IllegalArgumentException}.
     */
    public void reschedule(double newWhen) {
        Delays.require(newWhen, "Timeout.reschedule");
        if (state != State.ENTERED) {
            throw new IllegalStateException("cannot reschedule a timeout that is " + state.name().toLowerCase());
        }
        when = newWhen;
        cancelHandler();
        if (newWhen != Double.POSITIVE_INFINITY) {
            handler = newWhen <= loop.time() ? loop.callSoon(this::expire) : loop.callAt(newWhen, this::expire);
        }
    }

    private void cancelHandler() {
        if (handler != null) {
            handler.cancel();
            handler = null;
        }
    }

    /** True once the deadline has passed and the scope's task was cancelled for it. */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    private void expire() {
        handler = null;
        state = State.EXPIRING;
        task.cancel();
    }

    /**
     * Expires the scope now rather than at the next iteration, as asyncio's {@code wait_for} does with no time at
     * all: the cancellation is delivered at the task's next await, which cancels the work awaited there before it
     * ever runs.
     */
    void expireNow() {
        cancelHandler();
        expire();
    }

    /**
     * Ends the scope, given what its body threw (null when it returned): the exception the scope should
     * throw instead, or null. A cancellation caused by this deadline alone becomes a timeout.
     */
    Throwable exit(Throwable thrown) {
        cancelHandler();
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEntry && thrown instanceof CancellationException) {
                return new AsyncTimeoutException(what + " timed out "
                        + (Double.isNaN(seconds) ? "at loop time " + when : "after " + seconds + " s"), thrown);
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
        return thrown;
    }

    @Override
    public String toString() {
        return "<Timeout [" + state.name().toLowerCase() + "] when=" + when + ">";
    }
}
