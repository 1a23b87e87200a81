package jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;

/**
 * Behind {@link Asyncio#asCompleted}: futures queue up as they finish, and each coroutine takes the next. Past the
 * timeout, if any, the coroutines left throw {@link AsyncTimeoutException}, once the futures finished by then are
 * taken (asyncio's {@code as_completed(timeout=)}); the futures themselves are left running.
 */
final class CompletionOrder<T> implements DoneListener {
    private final EventLoop loop;
    private final int count;
    private final double timeout;
    private final ArrayDeque<Future<? extends T>> finished = new ArrayDeque<>();
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();
    private int finishedCount;
    private TimerHandle deadline;
    private boolean timedOut;

    /** {@code timeout} in seconds; infinite for none. */
    CompletionOrder(EventLoop loop, List<Future<? extends T>> futures, double timeout) {
        this.loop = loop;
        this.count = futures.size();
        this.timeout = timeout;
        for (Future<? extends T> f : futures) {
            f.addListener(this);
        }
        if (Double.isFinite(timeout) && finishedCount < count) {
            deadline = loop.callLater(timeout, this::timeUp);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void futureDone(Future<?> future) {
        if (timedOut) {
            return;
        }
        finished.add((Future<? extends T>) future);
        if (++finishedCount == count && deadline != null) {
            deadline.cancel();
        }
        wakeWaiters(false);
    }

    private void timeUp() {
        timedOut = true;
        wakeWaiters(true);
    }

    /** Wakes the first waiter still waiting, or every one. */
    private void wakeWaiters(boolean all) {
        for (Future<Void> waiter; (waiter = waiters.poll()) != null; ) {
            if (!waiter.done()) {
                waiter.setResult(null);
                if (!all) {
                    return;
                }
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
            if (timedOut) {
                throw new AsyncTimeoutException("asCompleted timed out after " + timeout + " s with "
                        + (count - finishedCount) + " of " + count + " not done");
            }
            Future<Void> waiter = loop.createFuture();
            waiters.add(waiter);
            await(waiter);
        }
        return Coroutine.completed(finished.poll().result());
    }
}
