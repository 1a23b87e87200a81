package jasyncio.iter;

import jasyncio.EventLoop;

import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * An {@link AsyncIterable} seen as a {@link Flow.Publisher}, behind {@link Flows#asPublisher}: each subscriber gets
 * its own iteration, run by a task on {@code loop}.
 */
final class IterablePublisher<T> implements Flow.Publisher<T> {
    private final AsyncIterable<? extends T> source;
    private final EventLoop loop;

    IterablePublisher(AsyncIterable<? extends T> source, EventLoop loop) {
        this.source = source;
        this.loop = loop;
    }

    /** Any thread may subscribe: {@code onSubscribe} and every later signal come from the loop's thread. */
    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscribe(null): give a Flow.Subscriber (Reactive Streams rule 1.9)");
        IterationSubscription<T> subscription = new IterationSubscription<>(loop, source, subscriber);
        try {
            loop.callSoonThreadsafe(subscription::start);
        } catch (RuntimeException loopClosed) {
            // Rule 1.9: onSubscribe first, even to refuse.
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("cannot publish " + source + ": " + loop
                    + " is closed; publish from a loop that runs", loopClosed));
        }
    }

    @Override
    public String toString() {
        return "<Flow.Publisher of " + source + " on " + loop + ">";
    }
}
