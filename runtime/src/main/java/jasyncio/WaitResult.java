package jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#waitUntil} returns: the futures that are done and those still pending (in the order
 * given). Nothing is cancelled; the results are read from the done futures.
 */
public final class WaitResult<T> {
    private final Set<Future<T>> done;
    private final Set<Future<T>> pending;

    WaitResult(Set<Future<T>> done, Set<Future<T>> pending) {
        this.done = done;
        this.pending = pending;
    }

    public Set<Future<T>> done() {
        return done;
    }

    public Set<Future<T>> pending() {
        return pending;
    }

    @Override
    public String toString() {
        return "<WaitResult done=" + done.size() + " pending=" + pending.size() + ">";
    }
}
