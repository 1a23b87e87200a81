package jasyncio.internal;

import java.util.NoSuchElementException;

/**
 * The value an {@code AsyncIterator}'s {@code hasNext()} made ready, which {@code next()} hands out once: the part
 * every iterator of the runtime shares, with one message for a {@code next()} called out of turn.
 *
 * @param <T> the type of the values
 */
public final class ReadySlot<T> {
    private T value;
    private boolean ready;

    /** {@code hasNext()} found {@code v}. */
    public void put(T v) {
        value = v;
        ready = true;
    }

    /** A value is ready and not taken yet. */
    public boolean isReady() {
        return ready;
    }

    /** {@code next()}: the ready value, once; without one, the error naming {@code iterator}. */
    public T take(Object iterator) {
        if (!ready) {
            throw new NoSuchElementException("next() without a value ready: await(it.hasNext()) first and call"
                    + " next() once for each true it returns; " + iterator);
        }
        T v = value;
        clear();
        return v;
    }

    /** Drops a value not taken (the iterator was closed): it is retained no longer. */
    public void clear() {
        value = null;
        ready = false;
    }
}
