package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.iter.Flows;
import jasyncio.tests.iter.TestSources.Numbers;
import jasyncio.tests.iter.TestSources.RangePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.IntStream;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Flows#asAsyncIterable}: a Flow.Publisher iterated on the loop, with the Reactive Streams rules a subscriber
 * must keep (demand, buffer bound, cancel on close).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlowBridgeTest {
    @Async
    static <T> Coroutine<List<T>> collect(AsyncIterable<T> source) {
        List<T> values = new ArrayList<>();
        try (AsyncIterator<T> it = source.iterator()) {
            while (await(it.hasNext())) {
                values.add(it.next());
            }
        }
        return Coroutine.completed(values);
    }

    @Async
    Coroutine<List<Integer>> fromSubmissionPublisher(int count) {
        List<Integer> values = new ArrayList<>();
        SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(); // the producer closes it: onComplete
        try (AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, 4).iterator()) {
            var first = it.hasNext(); // subscribes: a SubmissionPublisher drops what it has no subscriber for
            Thread producer = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    publisher.submit(i); // blocks while the subscriber's buffer is full
                }
                publisher.close();
            }, "producer");
            producer.start();
            for (boolean more = await(first); more; more = await(it.hasNext())) {
                values.add(it.next());
            }
        }
        return Coroutine.completed(values);
    }

    @Test
    void aSubmissionPublishersItemsArriveInOrderThenTheEnd() {
        assertEquals(IntStream.range(0, 1000).boxed().toList(), run(fromSubmissionPublisher(1000)));
    }

    @Async
    Coroutine<List<String>> slowConsumer(RangePublisher publisher, int prefetch) {
        List<String> problems = new ArrayList<>();
        int consumed = 0;
        try (AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, prefetch).iterator()) {
            while (await(it.hasNext())) {
                int value = it.next();
                if (value != consumed) {
                    problems.add("got " + value + " for " + consumed);
                }
                consumed++;
                for (int i = 0; i < 3; i++) {
                    await(sleep(0.0005)); // slower than the publisher, which has time to send what it may
                }
                long waiting = publisher.requested.get() - consumed;
                if (waiting > prefetch) {
                    problems.add(waiting + " items requested and not consumed, beyond the prefetch of " + prefetch);
                }
            }
        }
        if (consumed != publisher.count) {
            problems.add("consumed " + consumed);
        }
        return Coroutine.completed(problems);
    }

    @Test
    void aSlowConsumerNeverHasMoreThanThePrefetchRequested() {
        try (RangePublisher publisher = new RangePublisher(200)) {
            assertEquals(List.of(), run(slowConsumer(publisher, 8)));
            assertTrue(publisher.requested.get() >= 200, "requested " + publisher.requested.get());
        }
    }

    @Test
    void aPrefetchOfOneRequestsOneAtATime() {
        try (RangePublisher publisher = new RangePublisher(20)) {
            assertEquals(List.of(), run(slowConsumer(publisher, 1)));
        }
    }

    @Async
    Coroutine<List<Object>> untilFailure(Flow.Publisher<Integer> publisher) {
        List<Object> seen = new ArrayList<>();
        try (AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher).iterator()) {
            while (await(it.hasNext())) {
                seen.add(it.next());
            }
            seen.add("end");
        } catch (IllegalStateException e) {
            seen.add(e.getMessage());
        }
        return Coroutine.completed(seen);
    }

    @Test
    void aPublisherFailingMidStreamFailsHasNextAfterTheItemsSentBefore() {
        try (RangePublisher publisher = new RangePublisher(10, 5, 0)) {
            assertEquals(List.of(0, 1, 2, 3, 4, "publisher failed at 5"), run(untilFailure(publisher)));
        }
    }

    /**
     * Sends 50 items more than its first request asks for, at once, on the requesting thread: all of them are in the
     * iterator's inbox before the consumer takes one, so no refill can make the extra ones requested after all (a
     * publisher on its own thread raced the consumer's refills, and the test passed or failed with the machine's load).
     */
    static final class OverSendingPublisher implements Flow.Publisher<Integer> {
        final CompletableFuture<Void> cancelled = new CompletableFuture<>();

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private boolean sent;

                @Override
                public void request(long n) {
                    if (!sent) {
                        sent = true;
                        for (int i = 0; i < n + 50; i++) {
                            subscriber.onNext(i);
                        }
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    cancelled.complete(null);
                }
            });
        }
    }

    @Test
    void aPublisherSendingMoreThanRequestedFailsTheIterationAndIsCancelled() {
        OverSendingPublisher publisher = new OverSendingPublisher();
        List<Object> seen = run(untilFailure(publisher));
        assertEquals(IntStream.range(0, Flows.DEFAULT_PREFETCH).boxed().toList(), seen.subList(0, seen.size() - 1),
                "the items requested come first");
        String last = (String) seen.get(seen.size() - 1);
        assertTrue(last.contains("sent more items than were requested (Reactive Streams rule 1.1)"), last);
        assertTrue(publisher.cancelled.isDone());
    }

    @Async
    Coroutine<List<Integer>> firstThree(RangePublisher publisher) {
        List<Integer> values = new ArrayList<>();
        try (AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher).iterator()) {
            while (values.size() < 3 && await(it.hasNext())) {
                values.add(it.next());
            }
        }
        await(publisher.cancelled);
        return Coroutine.completed(values);
    }

    @Test
    void closingTheIteratorCancelsTheSubscription() {
        try (RangePublisher publisher = new RangePublisher(1_000_000)) {
            assertEquals(List.of(0, 1, 2), run(firstThree(publisher)));
            assertTrue(publisher.requested.get() < 1_000_000);
        }
    }

    @Async
    Coroutine<Integer> consume(AsyncIterable<Integer> source, List<Integer> into) {
        try (AsyncIterator<Integer> it = source.iterator()) {
            while (await(it.hasNext())) {
                into.add(it.next());
            }
        }
        return Coroutine.completed(into.size());
    }

    @Async
    Coroutine<String> cancelledConsumer() {
        SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>();
        List<Integer> got = new ArrayList<>();
        Task<Integer> consumer = createTask(consume(Flows.asAsyncIterable(publisher), got));
        while (publisher.getNumberOfSubscribers() == 0) {
            await(sleep(0.001));
        }
        publisher.submit(7);
        while (got.isEmpty()) {
            await(sleep(0.001));
        }
        consumer.cancel(); // it waits in hasNext() for an item that never comes
        try {
            await(consumer);
        } catch (CancellationException expected) {
            // the consumer's try-with-resources closed the iterator on the way out
        }
        while (publisher.getNumberOfSubscribers() != 0) { // the cancel reaches the publisher's own thread
            await(sleep(0.001));
        }
        publisher.close();
        return Coroutine.completed(got + " cancelled=" + consumer.cancelled());
    }

    @Test
    void aConsumerCancelledMidStreamCancelsTheSubscription() {
        assertEquals("[7] cancelled=true", run(cancelledConsumer()));
    }

    @Test
    void theJdkHttpBodyPublishersAreIterable() {
        String text = "héllo, wörld ".repeat(2000);
        List<ByteBuffer> chunks = run(collect(Flows.asAsyncIterable(HttpRequest.BodyPublishers.ofString(text))));
        assertTrue(chunks.size() > 1, "one chunk only: " + chunks.size());
        var out = new java.io.ByteArrayOutputStream();
        for (ByteBuffer chunk : chunks) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            out.writeBytes(b);
        }
        assertEquals(text, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPrefetchBelowOneIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Flows.asAsyncIterable(new SubmissionPublisher<>(), 0));
        assertTrue(e.getMessage().contains("prefetch 0"), e.getMessage());
    }

    @Test
    void iteratingOutsideALoopIsRefused() {
        var e = assertThrows(IllegalStateException.class, () -> Flows.asAsyncIterable(new SubmissionPublisher<>()).iterator());
        assertTrue(e.getMessage().startsWith("Flows.asAsyncIterable(...).iterator() needs a running event loop"), e.getMessage());
    }
}
