package jasyncio.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.CoreAccess;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.sleep;

/**
 * One subscriber's iteration of an {@link AsyncIterable}, behind {@link Flows#asPublisher}: a task on the loop
 * takes a value from the iterator only while the subscriber has demand, and hands it to {@code onNext}.
 *
 * <p>{@link #request} and {@link #cancel} come from any thread: they only add to the demand or set a flag, and
 * wake the task through {@code callSoonThreadsafe}, so a request made inside {@code onNext} never recurses
 * (rule 3.3). Every signal to the subscriber is sent from that one task, so none overlap (rule 1.3).
 */
final class IterationSubscription<T> implements Flow.Subscription {
    /** How many values the emitter sends at most before it lets the loop run other work. */
    private static final int YIELD_EVERY = 256;

    private final EventLoop loop;
    private final AsyncIterable<? extends T> source;
    private final Flow.Subscriber<? super T> subscriber;
    /** Demand not met yet; {@code Long.MAX_VALUE} stands for unbounded (rule 3.17). */
    private final AtomicLong requested = new AtomicLong();
    private volatile boolean cancelled;
    /** A {@code request(n <= 0)}: the iteration stops and the subscriber gets it as onError (rule 3.9). */
    private volatile IllegalArgumentException illegalRequest;

    // The loop's state from here on.
    private Task<Void> emitter;
    private Future<Void> demand;
    /** The emitter waits for the iterator's next value: the only place where cancelling it is right. */
    private boolean awaitingValue;

    IterationSubscription(EventLoop loop, AsyncIterable<? extends T> source, Flow.Subscriber<? super T> subscriber) {
        this.loop = loop;
        this.source = source;
        this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
        if (cancelled || illegalRequest != null) {
            return; // rule 3.6
        }
        if (n <= 0) {
            illegalRequest = new IllegalArgumentException("request(" + n + ") from " + subscriber
                    + ": a Flow.Subscriber must request a positive number of items (Reactive Streams rule 3.9)");
            wakeSoon();
            return;
        }
        long before = requested.getAndAccumulate(n, (have, more) -> {
            long sum = have + more;
            return sum < 0 ? Long.MAX_VALUE : sum; // both are positive: a negative sum overflowed
        });
        if (before == 0) { // only then can the emitter be waiting for demand
            wakeSoon();
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            wakeSoon();
        }
    }

    /** On the loop: signals onSubscribe and starts the emitting task. */
    void start() {
        if (!signal("onSubscribe", () -> subscriber.onSubscribe(this))) {
            return;
        }
        emitter = loop.createTask(emit(), "publish " + source);
    }

    private void wakeSoon() {
        try {
            loop.callSoonThreadsafe(this::wake);
        } catch (RuntimeException loopClosed) {
            // The loop's tasks are gone: the emitter already ended, and told the subscriber why.
        }
    }

    /** On the loop: lets the emitter see new demand, a cancellation or an illegal request. */
    private void wake() {
        if (emitter == null || emitter.done()) {
            return;
        }
        if (demand != null && !demand.done()) {
            demand.setResult(null);
        } else if (awaitingValue && stopping()) {
            emitter.cancel(); // unblocks it at the iterator's hasNext(); it then closes the iterator
        }
    }

    private boolean stopping() {
        return cancelled || illegalRequest != null;
    }

    @Async
    private Coroutine<Void> emit() {
        AsyncIterator<? extends T> values = null;
        Throwable failure = null;
        int sinceYield = 0;
        try {
            values = source.iterator();
            while (!stopping()) {
                if (requested.get() == 0) {
                    demand = loop.createFuture();
                    // request() comes from the subscriber's threads: a test's virtual clock must wait for it.
                    CoreAccess.hooks().holdClockUntil(loop, demand);
                    await(demand);
                    demand = null;
                    continue;
                }
                boolean more;
                awaitingValue = true;
                try {
                    more = await(values.hasNext());
                } finally {
                    awaitingValue = false;
                }
                if (!more || stopping()) {
                    break;
                }
                T value = values.next();
                if (value == null) {
                    throw new NullPointerException(source + " gave null, which a Flow.Subscriber may not receive"
                            + " (Reactive Streams rule 2.13)");
                }
                requested.getAndUpdate(r -> r == Long.MAX_VALUE ? r : r - 1);
                if (!signal("onNext", () -> subscriber.onNext(value))) {
                    break;
                }
                if (++sinceYield == YIELD_EVERY) {
                    // A source whose values are all ready and an unbounded demand would hold the loop for the
                    // whole stream: let the other tasks run now and then.
                    sinceYield = 0;
                    await(sleep(0));
                }
            }
        } catch (CancellationException e) {
            if (!stopping()) {
                failure = e; // the loop is shutting down: the subscriber must hear that the stream ended
            }
        } catch (Throwable e) {
            failure = e;
        }
        if (values != null) {
            try {
                await(values.aclose()); // a generator's finally blocks run now
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (cancelled) {
            return Coroutine.completed(); // no more signals after a cancel (rule 1.8)
        }
        Throwable error = illegalRequest != null ? illegalRequest : failure;
        if (error != null) {
            signal("onError", () -> subscriber.onError(error));
        } else {
            signal("onComplete", subscriber::onComplete);
        }
        return Coroutine.completed();
    }

    /**
     * Calls the subscriber; if it throws, which rule 2.13 forbids, its subscription counts as cancelled and the
     * loop's exception handler hears of it. Returns whether it returned normally.
     */
    private boolean signal(String method, Runnable call) {
        try {
            call.run();
            return true;
        } catch (Throwable e) {
            cancelled = true;
            loop.callExceptionHandler(Map.of(
                    "message", subscriber + "." + method + " threw, which a Flow.Subscriber may not do"
                            + " (Reactive Streams rule 2.13): its subscription is cancelled",
                    "exception", e));
            return false;
        }
    }

    @Override
    public String toString() {
        return "<Flow.Subscription of " + source + " to " + subscriber + " requested=" + requested.get()
                + (cancelled ? " cancelled" : "") + ">";
    }
}
