package jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;

/** Behind {@link Asyncio#asCompleted}: futures queue up as they finish, and each coroutine takes the next. */
final class CompletionOrder<T> implements DoneListener {
    private final EventLoop loop;
    private final int count;
    private final ArrayDeque<Future<? extends T>> finished = new ArrayDeque<>();
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();

    CompletionOrder(EventLoop loop, List<Future<? extends T>> futures) {
        this.loop = loop;
        this.count = futures.size();
        for (Future<? extends T> f : futures) {
            f.addListener(this);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void futureDone(Future<?> future) {
        finished.add((Future<? extends T>) future);
        for (Future<Void> waiter; (waiter = waiters.poll()) != null; ) {
            if (!waiter.done()) {
                waiter.setResult(null);
                return;
            }
        }
    }

    List<Coroutine<T>> coroutines() {
        List<Coroutine<T>> next = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            next.add(next());
        }
        return next;
    }

    @Async
    private Coroutine<T> next() {
        while (finished.isEmpty()) {
            Future<Void> waiter = loop.createFuture();
            waiters.add(waiter);
            await(waiter);
        }
        return Coroutine.completed(finished.poll().result());
    }
}
