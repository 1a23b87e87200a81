package jasyncio;

import jasyncio.internal.FetchingIterator;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;

/**
 * Behind {@link Asyncio#asCompleted} and {@link Asyncio#asCompletedFutures}: futures queue up as they finish, and
 * each coroutine (or each step of the iterator) takes the next. Past the timeout, if any, the coroutines left (or
 * the iterator's {@code hasNext()}) throw {@link AsyncTimeoutException}, once the futures finished by then are
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

    /** The futures themselves as they finish, for {@link Asyncio#asCompletedFutures}; one iteration only. */
    AsyncIterable<Future<T>> futures() {
        return new AsyncIterable<>() {
            private boolean iterated;

            @Override
            public AsyncIterator<Future<T>> iterator() {
                if (iterated) {
                    throw new IllegalStateException("asCompletedFutures(...) is iterated once: each future comes"
                            + " out of it once; call asCompletedFutures again for another pass");
                }
                iterated = true;
                return new DoneFutures();
            }

            @Override
            public String toString() {
                return "<asCompletedFutures of " + count + ">";
            }
        };
    }

    @Async
    private Coroutine<T> next() {
        return Coroutine.completed(await(nextDone()).result());
    }

    /** The next future to finish, waiting for it; past the timeout, once those finished in time are taken, throws. */
    @Async
    private Coroutine<Future<? extends T>> nextDone() {
        while (finished.isEmpty()) {
            if (timedOut) {
                throw new AsyncTimeoutException("asCompleted timed out after " + timeout + " s with "
                        + (count - finishedCount) + " of " + count + " not done");
            }
            Future<Void> waiter = loop.createFuture();
            waiters.add(waiter);
            await(waiter);
        }
        return Coroutine.completed(finished.poll());
    }

    /** Iterates the futures in the order they finish; false once each has come out; past the timeout, throws. */
    private final class DoneFutures extends FetchingIterator<Future<T>> {
        private int taken;

        @Async
        @Override
        @SuppressWarnings("unchecked")
        protected Coroutine<Boolean> fetch() {
            if (taken == count) {
                end();
                return Coroutine.completed(false);
            }
            // A Future<? extends T> read as Future<T>: it is done, so nobody can set a value of the wrong type.
            put((Future<T>) await(nextDone()));
            taken++;
            return Coroutine.completed(true);
        }

        @Override
        public String toString() {
            return "<asCompletedFutures iterator " + taken + " of " + count + " taken" + (ended() ? " ended" : "") + ">";
        }
    }
}
