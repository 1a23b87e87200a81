package jasyncio.iter;

import jasyncio.Coroutine;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@link AsyncIterable#from}: a plain iterator, whose {@code hasNext()} never waits. */
final class IteratorSource<T> implements AsyncIterator<T> {
    private final Iterator<? extends T> values;
    private boolean closed;

    IteratorSource(Iterator<? extends T> values) {
        this.values = values;
    }

    @Override
    public Coroutine<Boolean> hasNext() {
        return !closed && values.hasNext() ? AsyncGenerator.TRUE : AsyncGenerator.FALSE;
    }

    @Override
    public T next() {
        if (closed) {
            throw new NoSuchElementException("next() on a closed iterator");
        }
        return values.next();
    }

    @Override
    public Coroutine<Void> aclose() {
        closed = true;
        return AsyncGenerator.NOTHING;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "<async iterator over " + values + (closed ? " closed" : "") + ">";
    }
}
