package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.iter.AsyncIterator;
import jasyncio.iter.Flows;
import jasyncio.tests.iter.TestSources.Numbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.IntStream;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The bridges under threads racing the loop: demand in random batches from a subscriber's own threads, publishers
 * signalling from a pool, cancellations at random points. Each round checks order, completeness, and that no
 * signal overlapped another or came after the end.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlowStressTest {
    @Async
    static Coroutine<String> randomDemandFromAPool(ExecutorService pool, long seed, int count) {
        Random random = new Random(seed);
        long[] batches = random.longs(count, 1, 6).toArray();
        Recorder<Integer> subscriber = new Recorder<>(1 + random.nextInt(4), (r, item) -> {
            // Each item asks, from another thread, for a batch of 1 to 5 more: the demand never runs out, and
            // arrives while the loop may be emitting, waiting for demand, or anywhere between.
            long more = batches[item];
            pool.execute(() -> r.subscription.request(more));
        });
        Flows.asPublisher(new Numbers(count)).subscribe(subscriber);
        Throwable end = await(subscriber.ended);
        return Coroutine.completed((end == null ? "complete" : end.toString()) + " " + subscriber.items.size()
                + " in order=" + subscriber.items.equals(IntStream.range(0, count).boxed().toList())
                + " violations=" + subscriber.violations);
    }

    @Test
    void randomDemandFromOtherThreadsGetsEverythingInOrder() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (long seed = 0; seed < 20; seed++) {
                assertEquals("complete 500 in order=true violations=[]", run(randomDemandFromAPool(pool, seed, 500)),
                        "seed " + seed);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Async
    static Coroutine<String> submissionPublisherWithRandomPrefetch(long seed, int count) {
        Random random = new Random(seed);
        int prefetch = 1 + random.nextInt(8);
        SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(ForkJoinPoolHolder.POOL, 1 + random.nextInt(16));
        List<Integer> values = new ArrayList<>();
        try (AsyncIterator<Integer> it = Flows.asAsyncIterable(publisher, prefetch).iterator()) {
            var first = it.hasNext();
            Thread producer = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    publisher.submit(i);
                }
                publisher.close();
            });
            producer.start();
            for (boolean more = await(first); more; more = await(it.hasNext())) {
                values.add(it.next());
                if (random.nextInt(10) == 0) {
                    await(sleep(0)); // a consumer that sometimes lags
                }
            }
        }
        return Coroutine.completed(values.equals(IntStream.range(0, count).boxed().toList()) ? "ok" : "got " + values);
    }

    @Test
    void aSubmissionPublisherOnAPoolArrivesWholeWithAnyPrefetch() {
        for (long seed = 0; seed < 20; seed++) {
            assertEquals("ok", run(submissionPublisherWithRandomPrefetch(seed, 2000)), "seed " + seed);
        }
    }

    @Async
    static Coroutine<String> cancelAtARandomPoint(ExecutorService pool, long seed) {
        int cancelAt = new Random(seed).nextInt(50);
        Numbers source = new Numbers(100);
        Recorder<Integer> subscriber = new Recorder<>(Long.MAX_VALUE, (r, item) -> {
            if (item == cancelAt) {
                pool.execute(() -> r.subscription.cancel()); // races the emitter, which goes on meanwhile
            }
        });
        Flows.asPublisher(source).subscribe(subscriber);
        await(source.closed);
        int got = subscriber.items.size();
        boolean ended = subscriber.ended.isDone();
        return Coroutine.completed((got > cancelAt && got <= 100 ? "ok" : "got " + got) + " ended=" + ended
                + " violations=" + subscriber.violations);
    }

    @Test
    void aCancelFromAnotherThreadAtAnyPointClosesTheSource() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (long seed = 0; seed < 30; seed++) {
                String outcome = run(cancelAtARandomPoint(pool, seed));
                // The source may have ended first (then onComplete came before the cancel took effect).
                assertTrue(outcome.matches("ok ended=(true|false) violations=\\[]"), "seed " + seed + ": " + outcome);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A pool of its own, so that the common pool's other users do not slow these rounds. */
    private static final class ForkJoinPoolHolder {
        static final java.util.concurrent.ForkJoinPool POOL = new java.util.concurrent.ForkJoinPool(2);
    }
}
