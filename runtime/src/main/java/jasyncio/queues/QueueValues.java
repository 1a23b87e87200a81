package jasyncio.queues;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.internal.FetchingIterator;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;

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

    private final class Consumer extends FetchingIterator<T> {
        @Async
        @Override
        protected Coroutine<Boolean> fetch() {
            T item;
            try {
                item = await(queue.get());
            } catch (QueueShutDownException e) {
                end();
                return Coroutine.completed(false);
            }
            put(item);
            return Coroutine.completed(true);
        }

        @Override
        public String toString() {
            return "<AsyncIterator of " + queue + (ended() ? " finished" : "") + ">";
        }
    }
}
