package jasyncio.iter;

import jasyncio.EventLoop;
import jasyncio.internal.CoreAccess;

import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * Bridges between {@link AsyncIterable} and the JDK's reactive streams, {@link java.util.concurrent.Flow}, both
 * ways and honouring demand, so that Reactor, RxJava, Mutiny, Akka and the JDK's own {@code HttpClient} body
 * publishers and subscribers meet jasyncio's async iteration (Kotlin's {@code asFlow()} and {@code asPublisher()}).
 *
 * <pre>{@code
 * // A publisher, iterated on the loop with back-pressure: at most 64 items wait in the buffer.
 * try (AsyncIterator<Tick> ticks = Flows.asAsyncIterable(ticksPublisher).iterator()) {
 *     while (await(ticks.hasNext())) {
 *         handle(ticks.next());
 *     }
 * }
 * // An async iterable offered to any Flow.Subscriber: values are taken only as the subscriber requests them.
 * Flow.Publisher<ByteBuffer> body = Flows.asPublisher(chunks);
 * client.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.fromPublisher(body)).build(), ...);
 * }</pre>
 *
 * <p>Both follow the Reactive Streams specification (null signals refused, rule 2.13; no recursion between
 * {@code request} and {@code onNext}, rule 3.3; {@code request(n <= 0)} answered with {@code onError}, rule 3.9).
 * docs/reactive-streams.md has the details and more examples.
 */
public final class Flows {
    /**
     * How many items {@link #asAsyncIterable(Flow.Publisher)} requests ahead, and so buffers at most: Kotlin's
     * default channel buffer. Each refill is a round trip between the loop and the publisher's thread, so a fast
     * publisher goes several times faster with 64 than with 16 (docs/reactive-streams.md has the figures).
     */
    public static final int DEFAULT_PREFETCH = 64;

    private Flows() {
    }

    /** {@link #asAsyncIterable(Flow.Publisher, int)} with a prefetch of {@value #DEFAULT_PREFETCH}. */
    public static <T> AsyncIterable<T> asAsyncIterable(Flow.Publisher<? extends T> publisher) {
        return asAsyncIterable(publisher, DEFAULT_PREFETCH);
    }

    /**
     * The items of {@code publisher} as an async iterable. Each {@link AsyncIterable#iterator()} (called on the
     * loop that will iterate) subscribes once, at its first {@code hasNext()}; it requests {@code prefetch} items,
     * then as many as were taken each time half of them have been, so at most {@code prefetch} items wait in its
     * buffer. The publisher may signal on any thread: its signals reach the loop through
     * {@link EventLoop#callSoonThreadsafe}. Its {@code onError} is thrown by {@code await(it.hasNext())} once the
     * items sent before it are taken; {@code onComplete} makes {@code hasNext()} false. Closing the iterator
     * cancels the subscription. A publisher that sends more than requested, or null, fails the iteration.
     *
     * @param prefetch how many items to request ahead: the most the buffer holds (1 takes one at a time)
     * @throws IllegalArgumentException if {@code prefetch} is not positive
     */
    public static <T> AsyncIterable<T> asAsyncIterable(Flow.Publisher<? extends T> publisher, int prefetch) {
        Objects.requireNonNull(publisher, "asAsyncIterable(null): give a Flow.Publisher");
        if (prefetch <= 0) {
            throw new IllegalArgumentException("prefetch " + prefetch + ": give how many items to request ahead, 1 or more");
        }
        return new AsyncIterable<>() {
            @Override
            public AsyncIterator<T> iterator() {
                EventLoop loop = CoreAccess.hooks().runningLoop("Flows.asAsyncIterable(...).iterator()");
                return new PublisherIterator<>(loop, publisher, prefetch);
            }

            @Override
            public String toString() {
                return "<AsyncIterable of " + publisher + " prefetch=" + prefetch + ">";
            }
        };
    }

    /**
     * {@code source} as a publisher whose iterations run on the running loop: {@link #asPublisher(AsyncIterable,
     * EventLoop)} with the loop of the calling coroutine.
     *
     * @throws IllegalStateException if no loop runs in this thread
     */
    public static <T> Flow.Publisher<T> asPublisher(AsyncIterable<? extends T> source) {
        return asPublisher(source, CoreAccess.hooks().runningLoop("Flows.asPublisher"));
    }

    /**
     * {@code source} as a {@link Flow.Publisher} bound to {@code loop}. Any thread may subscribe; each subscriber
     * gets its own iteration ({@code source.iterator()}), run by a task on {@code loop}, and every signal it
     * receives comes from that task, one at a time. A value is taken from the iterator only when the subscriber
     * has requested one ({@code request(n)} from any thread, {@code Long.MAX_VALUE} for no limit; {@code n <= 0}
     * ends the iteration with {@code onError(IllegalArgumentException)}, rule 3.9). The end of the iteration is
     * {@code onComplete}, its failure {@code onError}; {@code cancel()} closes the iterator (a generator's
     * {@code finally} blocks run) and nothing more is signalled. When the loop is closed, a subscriber gets
     * {@code onSubscribe} then {@code onError}; when it shuts down during an iteration, {@code onError} with the
     * {@link java.util.concurrent.CancellationException}. A subscriber that throws is treated as cancelled and
     * reported to the loop's exception handler (rule 2.13).
     */
    public static <T> Flow.Publisher<T> asPublisher(AsyncIterable<? extends T> source, EventLoop loop) {
        Objects.requireNonNull(source, "asPublisher(null, loop): give an AsyncIterable");
        Objects.requireNonNull(loop, "asPublisher(source, null): give the event loop that will iterate");
        return new IterablePublisher<>(source, loop);
    }
}
