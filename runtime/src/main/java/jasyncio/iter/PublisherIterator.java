package jasyncio.iter;

import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.CoreAccess;
import jasyncio.internal.ReadySlot;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One iteration over a {@link Flow.Publisher}, behind {@link Flows#asAsyncIterable}: subscribes at the first
 * {@link #hasNext()}, requests {@code prefetch} items and then, each time half of them have been taken, as many
 * again, so that at most {@code prefetch} items ever wait in the buffer.
 *
 * <p>The publisher signals on any thread: each signal goes into a concurrent inbox, and one
 * {@code callSoonThreadsafe} per batch hands the inbox to the loop, where everything else happens (the state
 * below is the loop's alone). Signals keep their order, as the publisher must send them serially (rule 1.3).
 */
final class PublisherIterator<T> implements AsyncIterator<T> {
    /** The publisher's {@code onComplete}, in the inbox. */
    private static final Object COMPLETE = new Object();

    private record Subscribed(Flow.Subscription subscription) {
    }

    private record Failed(Throwable error) {
    }

    private final EventLoop loop;
    private final Flow.Publisher<? extends T> publisher;
    private final int prefetch;
    /** How many taken items make a new request: half the prefetch, so the buffer refills before it runs dry. */
    private final int refillAt;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    // The loop's state from here on.
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private Flow.Subscription subscription;
    private boolean subscribed;
    /** Items requested and not arrived yet. */
    private long outstanding;
    /** Items taken since the last request. */
    private int taken;
    /** The publisher has ended (onComplete, onError) or broke the protocol: nothing more will be buffered. */
    private boolean upstreamDone;
    private Throwable failure;
    /** The consumer has seen the end, the failure, or closed the iterator. */
    private boolean finished;
    private boolean closed;
    private Future<Boolean> waiter;
    private final ReadySlot<T> slot = new ReadySlot<>();

    PublisherIterator(EventLoop loop, Flow.Publisher<? extends T> publisher, int prefetch) {
        this.loop = loop;
        this.publisher = publisher;
        this.prefetch = prefetch;
        this.refillAt = Math.max(1, prefetch - prefetch / 2);
    }

    @Override
    public Awaitable<Boolean> hasNext() {
        if (slot.isReady()) {
            return Coroutine.completed(true);
        }
        if (finished) {
            return Coroutine.completed(false);
        }
        if (!subscribed) {
            subscribe();
        }
        if (!buffer.isEmpty()) {
            take();
            return Coroutine.completed(true);
        }
        if (upstreamDone) {
            finished = true;
            if (failure != null) {
                Future<Boolean> failed = loop.createFuture();
                failed.setException(failure);
                return failed;
            }
            return Coroutine.completed(false);
        }
        if (waiter == null || waiter.done()) { // done: cancelled with the consumer's task, which gave up on it
            waiter = loop.createFuture();
            // The publisher's threads complete it: a test's virtual clock must not jump past the wait.
            CoreAccess.hooks().holdClockUntil(loop, waiter);
        }
        return waiter;
    }

    @Override
    public T next() {
        return slot.take(this);
    }

    @Override
    public Awaitable<Void> aclose() {
        close();
        return Coroutine.completed();
    }

    /** Cancels the subscription (now, or as soon as it arrives) and drops what the buffer holds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        finished = true;
        slot.clear();
        buffer.clear();
        if (subscription != null && !upstreamDone) {
            subscription.cancel();
        }
        upstreamDone = true;
        if (waiter != null && !waiter.done()) {
            waiter.setResult(false);
        }
    }

    private void subscribe() {
        subscribed = true;
        try {
            publisher.subscribe(new Inlet());
        } catch (Throwable e) {
            // Rule 1.9 wants subscribe to return normally; one that throws has failed this iteration.
            upstreamDone = true;
            failure = e;
        }
    }

    /** Moves the next buffered item to the {@link #slot}, asking for more once half the prefetch is taken. */
    private void take() {
        slot.put(buffer.poll());
        if (++taken >= refillAt && !upstreamDone) {
            int more = taken;
            taken = 0;
            request(more);
        }
    }

    private void request(int n) {
        outstanding += n;
        try {
            subscription.request(n);
        } catch (Throwable e) {
            // Rule 3.16 wants request to return normally: one that throws ends the iteration with its failure.
            end(e);
            subscription.cancel();
        }
    }

    private void end(Throwable error) {
        if (!upstreamDone) {
            upstreamDone = true;
            failure = error;
            wakeConsumer();
        }
    }

    /** Runs on the loop: handles every signal the publisher sent since the last drain, in order. */
    private void drain() {
        drainScheduled.set(false); // before polling: a signal added after the last poll schedules a new drain
        for (Object signal; (signal = inbox.poll()) != null; ) {
            handle(signal);
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Object signal) {
        if (signal instanceof Subscribed s) {
            if (subscription != null || upstreamDone) {
                s.subscription().cancel(); // rule 2.5: a second subscription, or one arriving after close()
                return;
            }
            subscription = s.subscription();
            request(prefetch);
        } else if (signal instanceof Failed f) {
            end(f.error());
        } else if (signal == COMPLETE) {
            end(null);
        } else if (!upstreamDone) { // after a cancel, items already on their way are dropped (rule 3.12)
            if (outstanding == 0) {
                end(new IllegalStateException(publisher + " sent more items than were requested"
                        + " (Reactive Streams rule 1.1); its subscription is cancelled"));
                subscription.cancel();
                return;
            }
            outstanding--;
            buffer.add((T) signal);
            wakeConsumer();
        }
    }

    /** Completes the consumer's pending {@code hasNext()} with what the buffer and the end now say. */
    private void wakeConsumer() {
        Future<Boolean> w = waiter;
        if (w == null || w.done()) {
            return;
        }
        waiter = null;
        if (!buffer.isEmpty()) {
            take();
            w.setResult(true);
        } else if (upstreamDone) {
            finished = true;
            if (failure != null) {
                w.setException(failure);
            } else {
                w.setResult(false);
            }
        }
    }

    @Override
    public String toString() {
        return "<AsyncIterator of " + publisher + " buffered=" + buffer.size() + "/" + prefetch
                + " requested=" + outstanding + (closed ? " closed" : finished ? " finished" : "") + ">";
    }

    /**
     * The subscriber the publisher sees: checks each signal (rule 2.13) and passes it to the loop. Its methods run
     * on the publisher's threads, so they touch nothing but the inbox.
     */
    private final class Inlet implements Flow.Subscriber<T> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            deliver(new Subscribed(Objects.requireNonNull(s, "onSubscribe(null) (Reactive Streams rule 2.13)")));
        }

        @Override
        public void onNext(T item) {
            deliver(Objects.requireNonNull(item, () -> publisher + " sent onNext(null) (Reactive Streams rule 2.13)"));
        }

        @Override
        public void onError(Throwable error) {
            deliver(new Failed(Objects.requireNonNull(error, () -> publisher + " sent onError(null) (Reactive Streams rule 2.13)")));
        }

        @Override
        public void onComplete() {
            deliver(COMPLETE);
        }

        private void deliver(Object signal) {
            inbox.add(signal);
            if (drainScheduled.compareAndSet(false, true)) {
                try {
                    loop.callSoonThreadsafe(PublisherIterator.this::drain);
                } catch (RuntimeException loopClosed) {
                    // Nobody will iterate any more: stop the publisher, as far as this thread can.
                    if (signal instanceof Subscribed s) {
                        s.subscription().cancel();
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "<Flow.Subscriber of " + PublisherIterator.this + ">";
        }
    }
}
