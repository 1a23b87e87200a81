package jasyncio.queues;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.internal.ReadySlot;
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

    private final class Consumer implements AsyncIterator<T> {
        private final ReadySlot<T> slot = new ReadySlot<>();
        private boolean finished;

        @Override
        public Awaitable<Boolean> hasNext() {
            if (slot.isReady()) {
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
            slot.put(item);
            return Coroutine.completed(true);
        }

        @Override
        public T next() {
            return slot.take(this);
        }

        /** Stops this consumer; the queue, its items and the other consumers are left as they are. */
        @Override
        public void close() {
            finished = true;
            slot.clear();
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
