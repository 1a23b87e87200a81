package jasyncio.internal;

import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.iter.AsyncIterator;

/**
 * An {@code AsyncIterator} that fetches each value with one coroutine of its own ({@link #fetch()}) and whose
 * clean-up is immediate: the shape the runtime's simple sources share (a queue's values, futures as they finish).
 * It keeps the {@code hasNext()}/{@code next()} contract: a value made ready is handed out once, the end and
 * {@link #close()} are final.
 *
 * @param <T> the type of the values
 */
public abstract class FetchingIterator<T> implements AsyncIterator<T> {
    private static final Coroutine<Boolean> TRUE = Coroutine.completed(Boolean.TRUE);
    private static final Coroutine<Boolean> FALSE = Coroutine.completed(Boolean.FALSE);
    private static final Coroutine<Void> CLOSED = Coroutine.completed();

    private final ReadySlot<T> slot = new ReadySlot<>();
    private boolean ended;

    /**
     * Waits for the next value: {@link #put} it and complete with {@code true}, or {@link #end()} and complete with
     * {@code false}; a failure is the iteration's.
     */
    protected abstract Coroutine<Boolean> fetch();

    /** The value {@link #fetch()} found. */
    protected final void put(T value) {
        slot.put(value);
    }

    /** No value comes after the one ready now, if any. */
    protected final void end() {
        ended = true;
    }

    protected final boolean ended() {
        return ended;
    }

    @Override
    public final Awaitable<Boolean> hasNext() {
        if (slot.isReady()) {
            return TRUE;
        }
        return ended ? FALSE : fetch();
    }

    @Override
    public final T next() {
        return slot.take(this);
    }

    /** Stops the iteration and drops a value not taken; the source itself is left as it is. */
    @Override
    public void close() {
        ended = true;
        slot.clear();
    }

    @Override
    public final Awaitable<Void> aclose() {
        close();
        return CLOSED;
    }
}
