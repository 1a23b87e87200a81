package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.ContextVar;
import jasyncio.Task;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.iter.Emitter;
import jasyncio.iter.GeneratorExitException;
import jasyncio.sync.Event;
import jasyncio.test.AsyncTest;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.Nested;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.test.AsyncAssertions.assertThrowsAsync;
import static org.junit.jupiter.api.Assertions.*;

/** Async generators (PEP 525): {@code AsyncIterable.generate(out -> { ... await(out.emit(v)); ... })}. */
@TestLoop
class GeneratorTest {
    private final List<String> log = new ArrayList<>();

    /** async def ticks(n): for i in range(n): yield i; await asyncio.sleep(1) — logging what runs when. */
    AsyncIterable<Integer> ticks(int n) {
        return AsyncIterable.generate(out -> {
            log.add("start");
            try {
                for (int i = 0; i < n; i++) {
                    log.add("emit " + i);
                    await(out.emit(i));
                    await(sleep(1));
                }
                log.add("end");
            } finally {
                log.add("finally");
            }
            return Coroutine.completed();
        });
    }

    @Async
    static <T> Coroutine<List<T>> drain(AsyncIterator<T> it) {
        List<T> values = new ArrayList<>();
        while (await(it.hasNext())) {
            values.add(it.next());
        }
        return Coroutine.completed(values);
    }

    @Nested
    class Consuming {
        @AsyncTest
        void yieldsEachValueWhenTheConsumerAsksAndSleepsInVirtualTime() {
            AsyncIterable<Integer> ticks = ticks(3);
            List<String> seen = new ArrayList<>();
            try (AsyncIterator<Integer> it = ticks.iterator()) {
                assertEquals(List.of(), log, "nothing runs before the first hasNext");
                while (await(it.hasNext())) {
                    int v = it.next();
                    seen.add(v + "@" + getRunningLoop().time());
                    log.add("got " + v);
                }
            }
            assertEquals(List.of("0@0.0", "1@1.0", "2@2.0"), seen);
            assertEquals(List.of("start", "emit 0", "got 0", "emit 1", "got 1", "emit 2", "got 2", "end", "finally"),
                    log, "the producer never runs more than one value ahead");
        }

        @AsyncTest
        void eachIteratorRunsTheBodyAfresh() {
            AsyncIterable<Integer> ticks = ticks(2);
            assertEquals(List.of(0, 1), await(drain(ticks.iterator())));
            assertEquals(List.of(0, 1), await(drain(ticks.iterator())));
            assertEquals(2, log.stream().filter("start"::equals).count());
        }

        @AsyncTest
        void hasNextTwiceDoesNotSkipAValueAndNextWithoutOneThrows() {
            try (AsyncIterator<Integer> it = ticks(2).iterator()) {
                assertThrows(NoSuchElementException.class, it::next);
                assertTrue(await(it.hasNext()));
                assertTrue(await(it.hasNext()));
                assertEquals(0, it.next());
                assertThrows(NoSuchElementException.class, it::next);
                assertTrue(await(it.hasNext()));
                assertEquals(1, it.next());
                assertFalse(await(it.hasNext()));
                assertFalse(await(it.hasNext()), "false stays false");
            }
        }

        @AsyncTest
        void aBodyThatNeverEmitsEndsAtOnce() {
            AsyncIterable<String> empty = AsyncIterable.generate(out -> Coroutine.completed());
            assertEquals(List.of(), await(drain(empty.iterator())));
        }

        @AsyncTest
        void theBodyRunsInTheConsumersTaskWithItsContext() {
            ContextVar<String> who = new ContextVar<>("who");
            who.set("consumer");
            Task<?> consumer = currentTask();
            AsyncIterable<String> probe = AsyncIterable.generate(out -> {
                await(out.emit(who.get()));
                await(sleep(0));
                await(out.emit(String.valueOf(currentTask() == consumer)));
                return Coroutine.completed();
            });
            assertEquals(List.of("consumer", "true"), await(drain(probe.iterator())));
        }

        @AsyncTest
        void aGeneratorMayConsumeAnother() {
            AsyncIterable<Integer> inner = ticks(3);
            AsyncIterable<String> outer = AsyncIterable.generate(out -> {
                try (AsyncIterator<Integer> it = inner.iterator()) {
                    while (await(it.hasNext())) {
                        int v = it.next();
                        await(out.emit("a" + v));
                        await(sleep(0.5));
                        await(out.emit("b" + v));
                    }
                }
                return Coroutine.completed();
            });
            assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), await(drain(outer.iterator())));
            assertEquals(4.5, getRunningLoop().time());
        }

        @AsyncTest
        void emitsFromACoroutineTheBodyAwaits() {
            AsyncIterable<Integer> nested = AsyncIterable.generate(out -> {
                await(emitTwice(out, 1));
                await(emitTwice(out, 2));
                return Coroutine.completed();
            });
            assertEquals(List.of(1, 1, 2, 2), await(drain(nested.iterator())));
        }

        @AsyncTest
        void aHundredThousandValuesNeitherGrowTheStackNorKeepTheValues() {
            int n = 100_000;
            AsyncIterable<int[]> many = AsyncIterable.generate(out -> {
                for (int i = 0; i < n; i++) {
                    await(out.emit(new int[] {i}));
                    if (i % 1000 == 0) {
                        await(sleep(0));
                    }
                }
                return Coroutine.completed();
            });
            long sum = 0;
            int count = 0;
            int depth = -1;
            try (AsyncIterator<int[]> it = many.iterator()) {
                while (await(it.hasNext())) {
                    sum += it.next()[0];
                    count++;
                    int d = new Throwable().getStackTrace().length;
                    if (depth < 0) {
                        depth = d;
                    }
                    assertEquals(depth, d, "the Java stack does not grow from value to value");
                }
            }
            assertEquals(n, count);
            assertEquals((long) n * (n - 1) / 2, sum);
        }
    }

    @Nested
    class Retention {
        private final List<java.lang.ref.WeakReference<int[]>> payloads = new ArrayList<>();

        private int[] payload() {
            int[] payload = new int[1 << 16];
            payloads.add(new java.lang.ref.WeakReference<>(payload));
            return payload;
        }

        @AsyncTest
        void aParkedGeneratorHoldsNoValueTheConsumerHasTaken() {
            AsyncIterable<int[]> big = AsyncIterable.generate(out -> {
                for (int i = 0; i < 3; i++) {
                    await(out.emit(payload()));
                }
                return Coroutine.completed();
            });
            AsyncIterator<int[]> it = big.iterator();
            assertTrue(await(it.hasNext()));
            assertEquals(1 << 16, it.next().length);
            assertTrue(await(it.hasNext()));
            assertEquals(1 << 16, it.next().length);
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            assertEquals(2, payloads.size());
            assertNull(payloads.get(0).get(), "the first value was let go");
            assertNull(payloads.get(1).get(), "the value taken last was let go, the generator parked at its emit");
            await(it.aclose());
        }
    }

    @Async
    static Coroutine<Void> emitTwice(Emitter<Integer> out, int v) {
        await(out.emit(v));
        await(out.emit(v));
        return Coroutine.completed();
    }

    @Nested
    class Failing {
        @AsyncTest
        void theProducersExceptionReachesTheConsumerAtItsNextHasNext() {
            IllegalStateException boom = new IllegalStateException("boom");
            AsyncIterable<Integer> failing = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                    await(sleep(1));
                    throw boom;
                } finally {
                    log.add("finally");
                }
            });
            AsyncIterator<Integer> it = failing.iterator();
            assertTrue(await(it.hasNext()));
            assertEquals(1, it.next());
            assertSame(boom, await(assertThrowsAsync(IllegalStateException.class, it.hasNext())));
            assertEquals(List.of("finally"), log);
            assertFalse(await(it.hasNext()), "a failed generator has ended");
            await(it.aclose());
        }

        @AsyncTest
        void aProducerFailingBeforeItsFirstValue() {
            AsyncIterable<Integer> failing = AsyncIterable.generate(out -> {
                throw new ArithmeticException("at once");
            });
            await(assertThrowsAsync(ArithmeticException.class, drain(failing.iterator())));
        }
    }

    @Nested
    class StoppingEarly {
        @AsyncTest
        void tryWithResourcesRunsTheProducersFinallySoonAfter() {
            try (AsyncIterator<Integer> it = ticks(10).iterator()) {
                assertTrue(await(it.hasNext()));
                assertEquals(0, it.next());
            }
            assertEquals(List.of("start", "emit 0"), log, "close() starts the clean-up, it does not wait for it");
            await(sleep(0));
            await(sleep(0));
            assertEquals(List.of("start", "emit 0", "finally"), log);
        }

        @AsyncTest
        void acloseAwaitsTheCleanUpWhichMayAwait() {
            AsyncIterable<Integer> slowCleanUp = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                    await(out.emit(2));
                } catch (GeneratorExitException e) {
                    log.add("exit");
                    throw e;
                } finally {
                    await(sleep(5));
                    log.add("cleaned up at " + getRunningLoop().time());
                }
                return Coroutine.completed();
            });
            AsyncIterator<Integer> it = slowCleanUp.iterator();
            assertTrue(await(it.hasNext()));
            await(it.aclose());
            assertEquals(List.of("exit", "cleaned up at 5.0"), log);
            assertFalse(await(it.hasNext()));
            await(it.aclose()); // idempotent
            it.close();
        }

        @AsyncTest
        void acloseAfterCloseWaitsForTheSameCleanUpWhichRunsOnce() {
            AsyncIterable<Integer> slowCleanUp = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                } finally {
                    await(sleep(2));
                    log.add("cleaned up at " + getRunningLoop().time());
                }
                return Coroutine.completed();
            });
            AsyncIterator<Integer> it = slowCleanUp.iterator();
            assertTrue(await(it.hasNext()));
            it.close();
            it.close();
            await(it.aclose());
            await(it.aclose());
            assertEquals(List.of("cleaned up at 2.0"), log);
        }

        @AsyncTest
        void acloseRethrowsTheCleanUpsFailure() {
            AsyncIterable<Integer> badCleanUp = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                } finally {
                    throw new IllegalArgumentException("clean-up failed");
                }
            });
            AsyncIterator<Integer> it = badCleanUp.iterator();
            assertTrue(await(it.hasNext()));
            await(assertThrowsAsync(IllegalArgumentException.class, it.aclose()));
        }

        @AsyncTest
        void aProducerThatSwallowsTheExitAndEmitsAgainIsAbandonedWithAClearError() {
            AsyncIterable<Integer> stubborn = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                } catch (GeneratorExitException ignored) {
                    await(out.emit(2));
                    log.add("never");
                }
                return Coroutine.completed();
            });
            AsyncIterator<Integer> it = stubborn.iterator();
            assertTrue(await(it.hasNext()));
            IllegalStateException e = await(assertThrowsAsync(IllegalStateException.class, it.aclose()));
            assertTrue(e.getMessage().contains("ignored GeneratorExitException"), e.getMessage());
            assertEquals(List.of(), log);
            assertFalse(await(it.hasNext()));
        }

        @AsyncTest
        void closingBeforeTheFirstValueNeverStartsTheBody() {
            AsyncIterator<Integer> it = ticks(3).iterator();
            it.close();
            assertFalse(await(it.hasNext()));
            AsyncIterator<Integer> other = ticks(3).iterator();
            await(other.aclose());
            assertFalse(await(other.hasNext()));
            assertEquals(List.of(), log);
        }

        @AsyncTest
        void aCancelledConsumerStopsTheProducerWhichRunsItsFinally() {
            Event finished = new Event();
            AsyncIterable<Integer> producer = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                    await(sleep(100));
                    await(out.emit(2));
                } catch (CancellationException e) {
                    log.add("producer cancelled at " + getRunningLoop().time());
                    throw e;
                } finally {
                    await(sleep(1)); // a clean-up that awaits, after the cancellation
                    log.add("producer finally");
                    finished.set();
                }
                return Coroutine.completed();
            });
            Task<List<Integer>> consumer = createTask(drain(producer.iterator()));
            await(sleep(10));
            consumer.cancel();
            await(assertThrowsAsync(CancellationException.class, consumer));
            assertTrue(finished.isSet());
            assertEquals(List.of("producer cancelled at 10.0", "producer finally"), log);
        }

        @AsyncTest
        void aConsumerCancelledWhileTheProducerIsParkedClosesItThroughTryWithResources() {
            Event cleanedUp = new Event();
            AsyncIterable<Integer> producer = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                    await(out.emit(2));
                } finally {
                    log.add("producer finally");
                    cleanedUp.set();
                }
                return Coroutine.completed();
            });
            Task<Void> consumer = createTask(consumeSlowly(producer));
            await(sleep(1));
            consumer.cancel();
            await(assertThrowsAsync(CancellationException.class, consumer));
            await(cleanedUp.waitSet());
            assertEquals(List.of("got 1", "producer finally"), log);
        }

        @AsyncTest
        void closeFromAnotherTaskWhileTheProducerRunsEndsItAtItsNextEmit() {
            AsyncIterator<Integer> it = ticks(10).iterator();
            assertTrue(await(it.hasNext()));
            it.next();
            Task<Boolean> waiting = createTask(hasNextOf(it)); // the producer sleeps its second
            await(sleep(0.5));
            it.close();
            assertFalse(await(waiting), "the waiting hasNext ends once the producer has cleaned up");
            assertEquals(List.of("start", "emit 0", "emit 1", "finally"), log);
            assertFalse(await(it.hasNext()));
        }

        @AsyncTest
        void aConsumerFailingInsideTryWithResourcesClosesTheProducer() {
            IllegalStateException consumerFailure = new IllegalStateException("consumer failed");
            IllegalStateException thrown = await(assertThrowsAsync(IllegalStateException.class,
                    failWhileConsuming(ticks(10), consumerFailure)));
            assertSame(consumerFailure, thrown);
            await(sleep(0));
            await(sleep(0));
            assertEquals(List.of("start", "emit 0", "finally"), log);
        }

        @AsyncTest
        void aTimedOutHasNextCancelsTheProducerWhichEnds() {
            AsyncIterator<Integer> it = ticks(10).iterator();
            assertTrue(await(it.hasNext()));
            it.next();
            await(assertThrowsAsync(jasyncio.AsyncTimeoutException.class, waitFor(it.hasNext(), 0.25)));
            assertEquals(List.of("start", "emit 0", "finally"), log);
            assertFalse(await(it.hasNext()), "as in asyncio, the cancelled generator has ended");
        }
    }

    @Async
    static Coroutine<Void> failWhileConsuming(AsyncIterable<Integer> source, RuntimeException failure) {
        try (AsyncIterator<Integer> it = source.iterator()) {
            while (await(it.hasNext())) {
                it.next();
                throw failure;
            }
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<Void> consumeSlowly(AsyncIterable<Integer> source) {
        try (AsyncIterator<Integer> it = source.iterator()) {
            while (await(it.hasNext())) {
                log.add("got " + it.next());
                await(sleep(60));
            }
        }
        return Coroutine.completed();
    }

    @Nested
    class Misuse {
        @AsyncTest
        void emittingFromAnotherTaskFailsClearly() {
            List<Emitter<Integer>> leaked = new ArrayList<>();
            AsyncIterable<Integer> leaking = AsyncIterable.generate(out -> {
                leaked.add(out);
                await(out.emit(1));
                return Coroutine.completed();
            });
            AsyncIterator<Integer> it = leaking.iterator();
            assertTrue(await(it.hasNext()));
            IllegalStateException e = await(assertThrowsAsync(IllegalStateException.class,
                    createTask(emitOnce(leaked.get(0)))));
            assertTrue(e.getMessage().contains("outside the body"), e.getMessage());
            await(it.aclose());
        }

        @AsyncTest
        void emittingIntoAnOuterGeneratorFromAnInnerOnesBodyFailsClearly() {
            AsyncIterable<Integer> outer = AsyncIterable.generate(out -> {
                AsyncIterable<Integer> inner = AsyncIterable.generate(innerOut -> {
                    await(out.emit(1)); // the wrong emitter
                    return Coroutine.completed();
                });
                await(drain(inner.iterator()));
                return Coroutine.completed();
            });
            IllegalStateException e = await(assertThrowsAsync(IllegalStateException.class, drain(outer.iterator())));
            assertTrue(e.getMessage().contains("outside the body"), e.getMessage());
        }

        @AsyncTest
        void twoConsumersOnOneIteratorFailClearly() {
            AsyncIterator<Integer> it = ticks(3).iterator();
            assertTrue(await(it.hasNext()));
            it.next();
            Task<Boolean> first = createTask(hasNextOf(it)); // runs the producer, which sleeps
            await(sleep(0.5));
            IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertThrows(IllegalStateException.class, it::aclose);
            assertTrue(await(first));
            await(it.aclose());
        }

        @AsyncTest
        void theIteratorMayPassFromTaskToTask() {
            AsyncIterator<Integer> it = ticks(3).iterator();
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(await(createTask(hasNextOf(it))));
                seen.add(it.next());
            }
            assertFalse(await(it.hasNext()));
            assertEquals(List.of(0, 1, 2), seen);
        }

        @AsyncTest
        void theGeneratorDescribesItself() {
            AsyncIterator<Integer> it = ticks(1).iterator();
            assertTrue(it.toString().startsWith("<async generator new"), it.toString());
            assertTrue(await(it.hasNext()));
            assertTrue(it.toString().startsWith("<async generator parked value ready"), it.toString());
            assertTrue(it.toString().endsWith("running at GeneratorTest.java:37>"), it.toString());
            await(it.aclose());
            assertTrue(it.toString().startsWith("<async generator done closed"), it.toString());
        }
    }

    @Async
    static Coroutine<Boolean> hasNextOf(AsyncIterator<?> it) {
        return Coroutine.completed(await(it.hasNext()));
    }

    @Async
    static Coroutine<Void> emitOnce(Emitter<Integer> out) {
        await(out.emit(99));
        return Coroutine.completed();
    }
}
