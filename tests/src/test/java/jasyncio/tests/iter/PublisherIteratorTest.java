package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.iter.Flows;
import jasyncio.test.AsyncTest;
import jasyncio.tests.iter.FlowRulesTest.HandPublisher;
import jasyncio.tests.iter.FlowRulesTest.RecordedSubscription;
import jasyncio.tests.iter.TestSources.Numbers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bridges between {@code Flow} and async iteration at their edges, signalled by hand: a value asked for twice,
 * the end asked for again, {@code aclose}, a request that throws, a failure or a cancellation while the consumer
 * waits, a publisher that answers after its loop closed; and what each part says of itself in a task dump.
 */
class PublisherIteratorTest {
    /** A subscription whose {@code request} throws {@code failure} (breaking rule 3.16). */
    static final class ThrowingSubscription implements Flow.Subscription {
        final RuntimeException failure;
        volatile boolean cancelled;

        ThrowingSubscription(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void request(long n) {
            throw failure;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @AsyncTest
    void aValueAskedForTwiceWaitsAndTheEndAskedForAgainStaysTheEnd() {
        HandPublisher publisher = new HandPublisher();
        AsyncIterable<Integer> iterable = Flows.asAsyncIterable(publisher, 4);
        assertEquals("<AsyncIterable of " + publisher + " prefetch=4>", iterable.toString());
        AsyncIterator<Integer> it = iterable.iterator();
        Awaitable<Boolean> first = it.hasNext();
        Flow.Subscriber<? super Integer> subscriber = await(publisher.subscriber);
        assertEquals("<Flow.Subscriber of " + it + ">", subscriber.toString());
        subscriber.onSubscribe(new RecordedSubscription());
        subscriber.onNext(1);
        subscriber.onNext(2);
        assertTrue(await(first));
        assertTrue(await(it.hasNext()), "asked again before next(): the same value");
        assertEquals("<AsyncIterator of " + publisher + " buffered=1/4 requested=2>", it.toString());
        assertEquals(1, it.next());
        subscriber.onComplete();
        assertTrue(await(it.hasNext()));
        assertEquals(2, it.next());
        assertFalse(await(it.hasNext()));
        assertFalse(await(it.hasNext()), "the end, asked for again");
        assertEquals("<AsyncIterator of " + publisher + " buffered=0/4 requested=4 finished>", it.toString());
        it.close();
        assertEquals("<AsyncIterator of " + publisher + " buffered=0/4 requested=4 closed>", it.toString());
    }

    @AsyncTest
    void acloseCancelsTheSubscriptionAndEndsTheIteration() {
        HandPublisher publisher = new HandPublisher();
        AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, 4).iterator();
        Awaitable<Boolean> first = it.hasNext();
        RecordedSubscription subscription = new RecordedSubscription();
        Flow.Subscriber<? super Integer> subscriber = await(publisher.subscriber);
        subscriber.onSubscribe(subscription);
        subscriber.onNext(1);
        assertTrue(await(first));
        await(it.aclose());
        assertTrue(subscription.cancelled);
        assertFalse(await(it.hasNext()));
    }

    @AsyncTest
    void aRequestThatThrowsEndsTheIterationWithItsFailureAndCancels() {
        HandPublisher publisher = new HandPublisher();
        AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, 4).iterator();
        Awaitable<Boolean> first = it.hasNext();
        IllegalStateException refused = new IllegalStateException("request refused");
        ThrowingSubscription subscription = new ThrowingSubscription(refused);
        await(publisher.subscriber).onSubscribe(subscription);
        try {
            await(first);
            fail("the iteration went on after its request failed");
        } catch (IllegalStateException e) {
            assertSame(refused, e);
        }
        assertTrue(subscription.cancelled);
    }

    @AsyncTest
    void aFailureWhileTheConsumerWaitsIsThrownToIt() {
        HandPublisher publisher = new HandPublisher();
        AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, 4).iterator();
        Awaitable<Boolean> waiting = it.hasNext();
        Flow.Subscriber<? super Integer> subscriber = await(publisher.subscriber);
        subscriber.onSubscribe(new RecordedSubscription());
        await(sleep(0)); // the subscription is taken; the consumer still waits
        IllegalArgumentException broken = new IllegalArgumentException("the source broke");
        subscriber.onError(broken);
        try {
            await(waiting);
            fail("the failure was not thrown to the waiting consumer");
        } catch (IllegalArgumentException e) {
            assertSame(broken, e);
        }
    }

    @Async
    static Coroutine<Boolean> hasNext(AsyncIterator<Integer> it) {
        return Coroutine.completed(await(it.hasNext()));
    }

    @AsyncTest
    void aConsumerCancelledWhileWaitingLeavesTheNextOneAFreshWait() {
        HandPublisher publisher = new HandPublisher();
        AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, 4).iterator();
        Task<Boolean> gaveUp = createTask(hasNext(it));
        Flow.Subscriber<? super Integer> subscriber = await(publisher.subscriber);
        subscriber.onSubscribe(new RecordedSubscription());
        await(sleep(0));
        gaveUp.cancel();
        try {
            await(gaveUp);
            fail("the cancelled consumer got a value");
        } catch (CancellationException expected) {
            // its wait was cancelled with it
        }
        Awaitable<Boolean> again = it.hasNext();
        subscriber.onNext(7);
        assertTrue(await(again));
        assertEquals(7, it.next());
        it.close();
    }

    @Async
    static Coroutine<Void> startIterating(HandPublisher publisher) {
        Flows.asAsyncIterable(publisher, 4).iterator().hasNext();
        return Coroutine.completed();
    }

    @Test
    void aPublisherThatSubscribesAfterTheLoopClosedIsCancelled() {
        HandPublisher publisher = new HandPublisher();
        run(startIterating(publisher));
        RecordedSubscription subscription = new RecordedSubscription();
        publisher.subscriber.join().onSubscribe(subscription);
        assertTrue(subscription.cancelled, "nobody can iterate any more");
    }

    @AsyncTest
    void aPublisherOverAnIterableAndItsSubscriptionDescribeThemselves() {
        Flow.Publisher<Integer> publisher = Flows.asPublisher(new Numbers(3));
        assertEquals("<Flow.Publisher of <Numbers 3> on " + getRunningLoop() + ">", publisher.toString());
        Recorder<Integer> subscriber = new Recorder<>(0);
        publisher.subscribe(subscriber);
        while (subscriber.subscription == null) {
            await(sleep(0.01));
        }
        Flow.Subscription subscription = subscriber.subscription;
        assertEquals("<Flow.Subscription of <Numbers 3> to " + subscriber + " requested=0>", subscription.toString());
        subscription.request(2);
        assertEquals("<Flow.Subscription of <Numbers 3> to " + subscriber + " requested=2>", subscription.toString());
        subscription.cancel();
        assertEquals("<Flow.Subscription of <Numbers 3> to " + subscriber + " requested=2 cancelled>", subscription.toString());
    }

    @AsyncTest
    void anIteratorOverValuesSaysWhenItIsClosed() {
        AsyncIterator<Integer> it = AsyncIterable.from(List.of(1, 2)).iterator();
        // not a pattern ending in [^d]: the iterator's identity hash may end in a "d" (a CI run's did)
        assertTrue(it.toString().startsWith("<async iterator over ") && !it.toString().endsWith(" closed>"), it.toString());
        assertTrue(await(it.hasNext()));
        await(it.aclose());
        assertTrue(it.toString().matches("<async iterator over .+ closed>"), it.toString());
    }
}
