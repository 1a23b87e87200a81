package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.iter.Flows;
import jasyncio.test.AsyncTest;
import jasyncio.tests.iter.TestSources.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The Reactive Streams rules that the bridges' other tests do not already pin, one test each, run with the
 * test kit (virtual time, hygiene checks): the rule's number is in the test's name.
 */
class FlowRulesTest {
    /** A publisher that only hands its subscriber over: the test signals by hand, on its own thread. */
    static final class HandPublisher implements Flow.Publisher<Integer> {
        final CompletableFuture<Flow.Subscriber<? super Integer>> subscriber = new CompletableFuture<>();

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> s) {
            subscriber.complete(s);
        }
    }

    /** A subscription recording its requests and whether it was cancelled. */
    static final class RecordedSubscription implements Flow.Subscription {
        final List<Long> requests = new ArrayList<>();
        volatile boolean cancelled;

        @Override
        public synchronized void request(long n) {
            requests.add(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        synchronized List<Long> requests() {
            return List.copyOf(requests);
        }
    }

    @AsyncTest
    void rule2_5ASecondSubscriptionIsCancelledAndTheFirstKept() {
        HandPublisher publisher = new HandPublisher();
        AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, 4).iterator();
        Awaitable<Boolean> first = it.hasNext();
        Flow.Subscriber<? super Integer> subscriber = await(publisher.subscriber);
        RecordedSubscription kept = new RecordedSubscription();
        RecordedSubscription second = new RecordedSubscription();
        subscriber.onSubscribe(kept);
        subscriber.onSubscribe(second);
        subscriber.onNext(1);
        assertTrue(await(first));
        assertEquals(1, it.next());
        assertTrue(second.cancelled);
        assertFalse(kept.cancelled);
        assertEquals(List.of(4L), kept.requests());
        assertEquals(List.of(), second.requests());
        it.close();
        assertTrue(kept.cancelled, "closing cancels the subscription in use");
    }

    @AsyncTest
    void rule2_13NullSignalsAreRefusedWithNullPointerException() {
        HandPublisher publisher = new HandPublisher();
        try (AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher).iterator()) {
            it.hasNext();
            Flow.Subscriber<? super Integer> subscriber = await(publisher.subscriber);
            assertThrows(NullPointerException.class, () -> subscriber.onSubscribe(null));
            assertThrows(NullPointerException.class, () -> subscriber.onNext(null));
            var e = assertThrows(NullPointerException.class, () -> subscriber.onError(null));
            assertTrue(e.getMessage().contains("onError(null) (Reactive Streams rule 2.13)"), e.getMessage());
        }
    }

    @AsyncTest
    void theRefillComesEachTimeHalfThePrefetchIsTakenAndStopsAtTheEnd() {
        HandPublisher publisher = new HandPublisher();
        RecordedSubscription subscription = new RecordedSubscription();
        List<Integer> got = new ArrayList<>();
        try (AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, 8).iterator()) {
            Awaitable<Boolean> first = it.hasNext();
            Flow.Subscriber<? super Integer> subscriber = await(publisher.subscriber);
            subscriber.onSubscribe(subscription);
            for (int i = 0; i < 8; i++) {
                subscriber.onNext(i);
            }
            for (int i = 0; i < 8; i++) {
                assertTrue(await(i == 0 ? first : it.hasNext()));
                got.add(it.next());
                if (i == 2) {
                    assertEquals(List.of(8L), subscription.requests(), "nothing more before half is taken");
                } else if (i == 3) {
                    assertEquals(List.of(8L, 4L), subscription.requests());
                }
            }
            assertEquals(List.of(8L, 4L, 4L), subscription.requests());
            for (int i = 8; i < 12; i++) {
                subscriber.onNext(i);
            }
            subscriber.onComplete();
            while (await(it.hasNext())) {
                got.add(it.next());
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), got);
        assertEquals(List.of(8L, 4L, 4L), subscription.requests(), "nothing requested after the end");
        assertFalse(subscription.cancelled, "a completed subscription is not cancelled (rule 2.4)");
    }

    @Async
    Coroutine<Integer> countWithASynchronousRequestPerItem(int count) {
        Recorder<Integer> subscriber = new Recorder<>(1, (r, item) -> r.subscription.request(1));
        Flows.asPublisher(new Numbers(count)).subscribe(subscriber);
        assertNull(await(subscriber.ended));
        assertEquals(List.of(), subscriber.violations);
        return Coroutine.completed(subscriber.items.size());
    }

    @AsyncTest
    void rule3_3RequestingInsideOnNextNeverRecurses() {
        assertEquals(20_000, await(countWithASynchronousRequestPerItem(20_000))); // a recursion would overflow the stack
    }

    @AsyncTest
    void rule3_17DemandAddsUpAndSaturatesAtLongMaxValue() {
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE - 1, (r, item) -> {
            if (item == 0) {
                r.subscription.request(Long.MAX_VALUE);
                r.subscription.request(5);
            }
        });
        Flows.asPublisher(new Numbers(50)).subscribe(subscriber);
        assertNull(await(subscriber.ended));
        assertEquals(50, subscriber.items.size());
    }

    /** 0 .. count - 1, every value ready at once: iterating it never suspends. */
    static AsyncIterable<Integer> ready(int count) {
        return () -> new AsyncIterator<>() {
            private int next;

            @Override
            public Awaitable<Boolean> hasNext() {
                return Coroutine.completed(next < count);
            }

            @Override
            public Integer next() {
                return next++;
            }

            @Override
            public Awaitable<Void> aclose() {
                return Coroutine.completed();
            }

            @Override
            public void close() {
            }
        };
    }

    @Async
    Coroutine<Void> tick(AtomicInteger ticks, CompletableFuture<?> until) {
        while (!until.isDone()) {
            ticks.incrementAndGet();
            await(sleep(0));
        }
        return Coroutine.completed();
    }

    @AsyncTest
    void aStreamOfReadyValuesWithUnboundedDemandLetsOtherTasksRun() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger ticksAtTheEnd = new AtomicInteger(-1);
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE, (r, item) -> {
            if (item == 9_999) {
                ticksAtTheEnd.set(ticks.get());
            }
        });
        Task<Void> ticker = createTask(tick(ticks, subscriber.ended));
        await(sleep(0));
        Flows.asPublisher(ready(10_000)).subscribe(subscriber);
        assertNull(await(subscriber.ended));
        await(ticker);
        // 10,000 values, a yield each 256: the ticker ran about 39 times while they streamed.
        assertTrue(ticksAtTheEnd.get() >= 30, "the ticker ran " + ticksAtTheEnd.get() + " times");
    }

    @AsyncTest
    void rule1_3EverySignalComesFromTheLoopThread() {
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE);
        Thread loopThread = Thread.currentThread();
        EventLoop loop = getRunningLoop();
        Thread other = new Thread(() -> Flows.asPublisher(new Numbers(3), loop).subscribe(subscriber));
        other.start();
        assertNull(await(subscriber.ended));
        assertSame(loopThread, subscriber.signalThread);
        assertEquals(List.of(0, 1, 2), subscriber.items);
    }

    @AsyncTest
    void aWaitForAPublisherOnAnotherThreadIsRealTimeEvenOnAVirtualClock() {
        // The test's clock jumps to the next timer when nothing real is pending: the iterator's wait for the
        // publisher must count as real, or the 30 s timeout would fire at once.
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>()) {
            AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher).iterator();
            Awaitable<Boolean> first = it.hasNext();
            Thread producer = new Thread(() -> {
                try {
                    while (publisher.getNumberOfSubscribers() == 0) {
                        Thread.onSpinWait();
                    }
                    Thread.sleep(50);
                    publisher.submit(42);
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            });
            producer.start();
            double start = getRunningLoop().time();
            assertTrue(await(waitFor(first, 30)));
            assertEquals(42, it.next());
            assertTrue(getRunningLoop().time() - start < 30, "the virtual clock jumped to the timeout");
            it.close();
        }
        assertNull(producerFailure.get());
    }
}
