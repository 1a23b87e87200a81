package jasyncio.queues;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;

import java.util.NoSuchElementException;

import static jasyncio.Asyncio.await;

/**
 * {@link Queue#values()}: each iterator takes items with {@link Queue#get()}, so several consumers share the items
 * (each goes to one of them), and ends when a get throws {@link QueueShutDownException}: once the queue is shut
 * down and empty, or at once after {@code shutdown(true)}.
 */
final class QueueValues<T> implements AsyncIterable<T> {
    private final Queue<T> queue;

    QueueValues(Queue<T> queue) {
        this.queue = queue;
    }

    @Override
    public AsyncIterator<T> iterator() {
        return new Consumer();
    }

    @Override
    public String toString() {
        return "<values of " + queue + ">";
    }

    private final class Consumer implements AsyncIterator<T> {
        private T current;
        private boolean ready;
        private boolean finished;

        @Override
        public Awaitable<Boolean> hasNext() {
            if (ready) {
                return Coroutine.completed(true);
            }
            if (finished) {
                return Coroutine.completed(false);
            }
            return takeNext();
        }

        @Async
        private Coroutine<Boolean> takeNext() {
            T item;
            try {
                item = await(queue.get());
            } catch (QueueShutDownException e) {
                finished = true;
                return Coroutine.completed(false);
            }
            current = item;
            ready = true;
            return Coroutine.completed(true);
        }

        @Override
        public T next() {
            if (!ready) {
                throw new NoSuchElementException("next() without an item ready: await(it.hasNext()) first and call"
                        + " next() only when it returned true; " + this);
            }
            T item = current;
            current = null;
            ready = false;
            return item;
        }

        /** Stops this consumer; the queue, its items and the other consumers are left as they are. */
        @Override
        public void close() {
            finished = true;
            ready = false;
            current = null;
        }

        @Override
        public Awaitable<Void> aclose() {
            close();
            return Coroutine.completed();
        }

        @Override
        public String toString() {
            return "<AsyncIterator of " + queue + (finished ? " finished" : "") + ">";
        }
    }
}
