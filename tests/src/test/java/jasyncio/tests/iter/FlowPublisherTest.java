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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.IntStream;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Flows#asPublisher}: an AsyncIterable offered as a Flow.Publisher, with the Reactive Streams rules a
 * publisher must keep (only what is requested, serial signals, rule 3.9, cancel closes the iterator), and the JDK
 * HttpClient's body subscribers reading one.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlowPublisherTest {
    static final List<Integer> ZERO_TO_NINE = IntStream.range(0, 10).boxed().toList();

    @Async
    Coroutine<String> requestedOnly() {
        Numbers source = new Numbers(10);
        Recorder<Integer> subscriber = new Recorder<>(3);
        Flows.asPublisher(source).subscribe(subscriber);
        await(subscriber.received(3));
        for (int i = 0; i < 20; i++) {
            await(sleep(0)); // room for the publisher to go on, which it must not do without demand
        }
        String before = subscriber.items + " taken=" + source.taken.get() + " ended=" + subscriber.ended.isDone();
        subscriber.subscription.request(Long.MAX_VALUE);
        Throwable end = await(subscriber.ended);
        return Coroutine.completed(before + "; then " + subscriber.items + " end=" + end
                + " closed=" + source.closed.isDone() + " violations=" + subscriber.violations);
    }

    @Test
    void onlyWhatIsRequestedIsTakenFromTheIterator() {
        assertEquals("[0, 1, 2] taken=3 ended=false; then " + ZERO_TO_NINE + " end=null closed=true violations=[]",
                run(requestedOnly()));
    }

    @Async
    Coroutine<Recorder<Integer>> subscribe(AsyncIterable<Integer> source, Recorder<Integer> subscriber) {
        Flows.asPublisher(source).subscribe(subscriber);
        await(subscriber.ended);
        return Coroutine.completed(subscriber);
    }

    @Test
    void aSourceFailingMidStreamEndsInOnErrorAfterItsValues() {
        Recorder<Integer> subscriber = run(subscribe(new Numbers(10, 4, false), new Recorder<>(Long.MAX_VALUE)));
        assertEquals(List.of(0, 1, 2, 3), subscriber.items);
        assertEquals("source failed at 4", subscriber.ended.join().getMessage());
        assertEquals(List.of(), subscriber.violations);
    }

    @Test
    void requestingZeroIsAnErrorUnderRule39() {
        Numbers source = new Numbers(10);
        Recorder<Integer> subscriber = run(subscribe(source, new Recorder<>(2, (r, item) -> r.subscription.request(0))));
        assertEquals(List.of(0), subscriber.items);
        Throwable error = subscriber.ended.join();
        assertInstanceOf(IllegalArgumentException.class, error);
        assertTrue(error.getMessage().contains("request(0)") && error.getMessage().contains("rule 3.9"), error.getMessage());
        assertTrue(source.closed.isDone());
    }

    @Test
    void requestingANegativeNumberIsAnErrorToo() {
        Recorder<Integer> subscriber = run(subscribe(new Numbers(10), new Recorder<>(-1)));
        assertEquals(List.of(), subscriber.items);
        assertInstanceOf(IllegalArgumentException.class, subscriber.ended.join());
    }

    @Async
    Coroutine<String> cancelInOnNext() {
        Numbers source = new Numbers(1000);
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE, (r, item) -> {
            if (item == 2) {
                r.subscription.cancel();
            }
        });
        Flows.asPublisher(source).subscribe(subscriber);
        await(source.closed);
        for (int i = 0; i < 10; i++) {
            await(sleep(0));
        }
        return Coroutine.completed(subscriber.items + " taken=" + source.taken.get() + " ended="
                + subscriber.ended.isDone());
    }

    @Test
    void cancellingClosesTheIteratorAndNothingMoreIsSignalled() {
        assertEquals("[0, 1, 2] taken=3 ended=false", run(cancelInOnNext()));
    }

    @Async
    Coroutine<String> cancelFromAnotherThreadWhileTheSourceWaits() {
        Numbers source = new Numbers(10, 1, true); // gives 0, then waits forever
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE);
        Flows.asPublisher(source).subscribe(subscriber);
        await(subscriber.received(1));
        Thread canceller = new Thread(() -> subscriber.subscription.cancel(), "canceller");
        canceller.start();
        await(source.closed);
        return Coroutine.completed(subscriber.items + " ended=" + subscriber.ended.isDone());
    }

    @Test
    void cancellingWhileTheSourceWaitsForItsNextValueClosesIt() {
        assertEquals("[0] ended=false", run(cancelFromAnotherThreadWhileTheSourceWaits()));
    }

    @Async
    Coroutine<List<Integer>> oneAtATimeFromAnotherThread(ExecutorService subscriberThread) {
        Recorder<Integer> subscriber = new Recorder<>(1,
                (r, item) -> subscriberThread.execute(() -> r.subscription.request(1)));
        Flows.asPublisher(new Numbers(100)).subscribe(subscriber);
        assertNull(await(subscriber.ended));
        assertEquals(List.of(), subscriber.violations);
        return Coroutine.completed(subscriber.items);
    }

    @Test
    void requestsFromAnotherThreadOneAtATimeGetEverythingInOrderWithoutOverlap() {
        ExecutorService subscriberThread = Executors.newSingleThreadExecutor();
        try {
            assertEquals(IntStream.range(0, 100).boxed().toList(), run(oneAtATimeFromAnotherThread(subscriberThread)));
        } finally {
            subscriberThread.shutdownNow();
        }
    }

    @Async
    Coroutine<String> twoSubscribers() {
        Numbers source = new Numbers(5);
        Flow.Publisher<Integer> publisher = Flows.asPublisher(source);
        Recorder<Integer> a = new Recorder<>(Long.MAX_VALUE);
        Recorder<Integer> b = new Recorder<>(Long.MAX_VALUE);
        publisher.subscribe(a);
        publisher.subscribe(b);
        await(a.ended);
        await(b.ended);
        return Coroutine.completed(a.items + " " + b.items + " taken=" + source.taken.get());
    }

    @Test
    void eachSubscriberGetsItsOwnIteration() {
        assertEquals("[0, 1, 2, 3, 4] [0, 1, 2, 3, 4] taken=10", run(twoSubscribers()));
    }

    @Async
    Coroutine<String> throwingSubscriber() {
        List<Map<String, Object>> reports = new ArrayList<>();
        getRunningLoop().setExceptionHandler((loop, context) -> reports.add(context));
        Numbers source = new Numbers(10);
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE, (r, item) -> {
            if (item == 1) {
                throw new IllegalStateException("subscriber bug");
            }
        });
        Flows.asPublisher(source).subscribe(subscriber);
        await(source.closed);
        return Coroutine.completed(subscriber.items + " " + reports.size() + " "
                + reports.get(0).get("message") + " / " + ((Throwable) reports.get(0).get("exception")).getMessage());
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndReportedToTheLoop() {
        String outcome = run(throwingSubscriber());
        assertTrue(outcome.startsWith("[0, 1] 1 "), outcome);
        assertTrue(outcome.contains(".onNext threw, which a Flow.Subscriber may not do (Reactive Streams rule 2.13)"), outcome);
        assertTrue(outcome.endsWith(" / subscriber bug"), outcome);
    }

    @Test
    void subscribingNullIsRefused() {
        EventLoop loop = newEventLoop();
        try {
            Flow.Publisher<Integer> publisher = Flows.asPublisher(new Numbers(1), loop);
            var e = assertThrows(NullPointerException.class, () -> publisher.subscribe(null));
            assertTrue(e.getMessage().contains("rule 1.9"), e.getMessage());
        } finally {
            loop.close();
        }
    }

    @Test
    void subscribingToAClosedLoopGivesOnSubscribeThenOnError() {
        EventLoop loop = newEventLoop();
        loop.close();
        Recorder<Integer> subscriber = new Recorder<>(5);
        Flows.asPublisher(new Numbers(1), loop).subscribe(subscriber);
        assertNotNull(subscriber.subscription);
        Throwable error = subscriber.ended.join();
        assertInstanceOf(IllegalStateException.class, error);
        assertTrue(error.getMessage().contains("is closed"), error.getMessage());
    }

    @Async
    Coroutine<String> loopEndsWhileSubscribed(Recorder<Integer> subscriber) {
        Flows.asPublisher(new Numbers(10, 1, true)).subscribe(subscriber);
        await(subscriber.received(1));
        return Coroutine.completed("main done"); // run() now cancels the publishing task
    }

    @Test
    void aLoopShuttingDownEndsTheSubscriptionWithOnError() {
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE);
        assertEquals("main done", run(loopEndsWhileSubscribed(subscriber)));
        assertInstanceOf(CancellationException.class, subscriber.ended.getNow(null));
    }

    @Async
    Coroutine<String> bodyFromChunks(List<String> parts) {
        // A BodySubscriber is a Flow.Subscriber<List<ByteBuffer>>: one list of buffers per part.
        AsyncIterable<List<ByteBuffer>> chunks = () -> TestSources.mapped(new Numbers(parts.size()),
                i -> List.of(ByteBuffer.wrap(parts.get(i).getBytes(StandardCharsets.UTF_8))));
        HttpResponse.BodySubscriber<String> body = HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        Flows.asPublisher(chunks).subscribe(body);
        return Coroutine.completed(await(body.getBody()));
    }

    @Test
    void aBodySubscriberReadsAnAsyncIterable() {
        List<String> parts = IntStream.range(0, 50).mapToObj(i -> "part " + i + "; ").toList();
        assertEquals(String.join("", parts), run(bodyFromChunks(parts)));
    }

    @Async
    Coroutine<String> roundTrip(Numbers source, int prefetch) {
        List<String> problems = new ArrayList<>();
        AsyncIterable<Integer> back = Flows.asAsyncIterable(Flows.asPublisher(source), prefetch);
        int consumed = 0;
        try (AsyncIterator<Integer> it = back.iterator()) {
            while (await(it.hasNext())) {
                if (it.next() != consumed++) {
                    problems.add("out of order at " + consumed);
                }
                for (int i = 0; i < 5; i++) {
                    await(sleep(0));
                }
                if (source.taken.get() - consumed > prefetch) {
                    problems.add("source ran " + (source.taken.get() - consumed) + " ahead");
                }
            }
        }
        return Coroutine.completed(consumed + " " + problems);
    }

    @Test
    void aRoundTripKeepsTheBackPressureEndToEnd() {
        assertEquals("300 []", run(roundTrip(new Numbers(300), 4)));
    }
}
