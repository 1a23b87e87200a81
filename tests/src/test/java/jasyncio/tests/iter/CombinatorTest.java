package jasyncio.tests.iter;

import jasyncio.Coroutine;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.test.AsyncTest;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.Nested;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static jasyncio.test.AsyncAssertions.assertThrowsAsync;
import static org.junit.jupiter.api.Assertions.*;

/** The few combinators: sources, map/mapAsync/filter/take/merge, and the terminal forEach/forEachAsync/toList. */
@TestLoop
class CombinatorTest {
    private final List<String> log = new ArrayList<>();

    /** Emits {@code first, first + step, ...} ({@code n} values), one every {@code every} seconds; logs its finally. */
    AsyncIterable<Integer> numbers(String name, int first, int step, int n, double every) {
        return AsyncIterable.generate(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    await(sleep(every));
                    await(out.emit(first + i * step));
                }
            } finally {
                log.add(name + " finally at " + getRunningLoop().time());
            }
            return Coroutine.completed();
        });
    }

    /** Emits 1 and 2, then fails with {@code error}. */
    AsyncIterable<Integer> failingAfterTwo(RuntimeException error) {
        return AsyncIterable.generate(out -> {
            try {
                await(out.emit(1));
                await(sleep(1));
                await(out.emit(2));
                await(sleep(1));
                throw error;
            } finally {
                log.add("failing finally");
            }
        });
    }

    @Nested
    class Sources {
        @AsyncTest
        void ofAndFromIterateAgainForEachIterator() {
            AsyncIterable<String> letters = AsyncIterable.of("a", "b", "c");
            assertEquals(List.of("a", "b", "c"), await(letters.toList()));
            assertEquals(List.of("a", "b", "c"), await(letters.toList()));
            assertEquals(List.of(1, 2), await(AsyncIterable.from(List.of(1, 2)).toList()));
            assertEquals(List.of(), await(AsyncIterable.of().toList()));
        }

        @AsyncTest
        void aClosedPlainIteratorHasNoMoreValues() {
            AsyncIterator<Integer> it = AsyncIterable.of(1, 2).iterator();
            assertTrue(await(it.hasNext()));
            it.close();
            assertFalse(await(it.hasNext()));
        }
    }

    @Nested
    class Transforming {
        @AsyncTest
        void mapFilterAndMapAsyncChainLazily() {
            AsyncIterable<String> pipeline = numbers("numbers", 1, 1, 6, 1)
                    .filter(v -> v % 2 == 0)
                    .map(v -> v * 10)
                    .mapAsync(v -> {
                        await(sleep(0.5));
                        return Coroutine.completed(v + "@" + getRunningLoop().time());
                    });
            assertEquals(List.of(), log, "nothing runs before the first hasNext");
            assertEquals(List.of("20@2.5", "40@5.0", "60@7.5"), await(pipeline.toList()));
            assertEquals(List.of("numbers finally at 7.5"), log);
        }

        @AsyncTest
        void takeClosesTheUpstreamBeforeTheConsumerSeesTheEnd() {
            AsyncIterable<Integer> firstTwo = numbers("numbers", 0, 1, 100, 1).take(2);
            List<String> seen = new ArrayList<>();
            try (AsyncIterator<Integer> it = firstTwo.iterator()) {
                while (await(it.hasNext())) {
                    seen.add(String.valueOf(it.next()));
                }
                seen.add("end");
                seen.addAll(log);
            }
            assertEquals(List.of("0", "1", "end", "numbers finally at 2.0"), seen);
        }

        @AsyncTest
        void takeZeroNeverStartsTheUpstream() {
            assertEquals(List.of(), await(numbers("numbers", 0, 1, 3, 1).take(0).toList()));
            assertEquals(List.of(), log);
        }

        @AsyncTest
        void aFailingFunctionClosesTheUpstreamAndReachesTheConsumer() {
            IllegalStateException boom = new IllegalStateException("boom");
            AsyncIterable<Integer> mapped = numbers("numbers", 0, 1, 10, 1).map(v -> {
                if (v == 2) {
                    throw boom;
                }
                return v;
            });
            assertSame(boom, await(assertThrowsAsync(IllegalStateException.class, mapped.toList())));
            assertEquals(List.of("numbers finally at 3.0"), log);
        }

        @AsyncTest
        void anUpstreamFailurePassesThroughEveryStageUnchanged() {
            IllegalStateException boom = new IllegalStateException("boom");
            AsyncIterable<Integer> stages = failingAfterTwo(boom).map(v -> v + 1).filter(v -> true).take(10);
            List<Integer> seen = new ArrayList<>();
            AsyncIterator<Integer> it = stages.iterator();
            assertSame(boom, await(assertThrowsAsync(IllegalStateException.class, collect(it, seen))));
            assertEquals(List.of(2, 3), seen);
            assertEquals(List.of("failing finally"), log);
        }

        @AsyncTest
        void closingADownstreamStageClosesEveryStageAbove() {
            AsyncIterator<Integer> it = numbers("numbers", 0, 1, 10, 1).map(v -> v * 2).filter(v -> v > 0).iterator();
            assertTrue(await(it.hasNext()));
            assertEquals(2, it.next());
            await(it.aclose());
            assertEquals(List.of("numbers finally at 2.0"), log);
        }
    }

    @jasyncio.Async
    static Coroutine<Void> collect(AsyncIterator<Integer> it, List<Integer> into) {
        try {
            while (await(it.hasNext())) {
                into.add(it.next());
            }
        } finally {
            await(it.aclose());
        }
        return Coroutine.completed();
    }

    @Nested
    class Merging {
        @AsyncTest
        void valuesComeAsTheyAreProduced() {
            AsyncIterable<Integer> merged = AsyncIterable.merge(
                    numbers("odd", 1, 2, 3, 2), numbers("even", 0, 2, 3, 2.5).map(v -> -v));
            List<String> seen = new ArrayList<>();
            await(merged.forEach(v -> seen.add(v + "@" + getRunningLoop().time())));
            assertEquals(List.of("1@2.0", "0@2.5", "3@4.0", "-2@5.0", "5@6.0", "-4@7.5"), seen);
            assertTrue(log.containsAll(List.of("odd finally at 6.0", "even finally at 7.5")), log.toString());
        }

        @AsyncTest
        void theFailureOfOneSourceClosesTheOthers() {
            IllegalStateException boom = new IllegalStateException("boom");
            AsyncIterable<Integer> merged = AsyncIterable.merge(failingAfterTwo(boom), numbers("slow", 100, 1, 50, 0.7));
            List<Integer> seen = new ArrayList<>();
            assertSame(boom, await(assertThrowsAsync(IllegalStateException.class, collect(merged.iterator(), seen))));
            assertTrue(seen.containsAll(List.of(1, 2, 100)), seen.toString());
            assertEquals(List.of("failing finally", "slow finally at 2.0"), log);
        }

        @AsyncTest
        void stoppingEarlyClosesEverySource() {
            AsyncIterable<Integer> merged = AsyncIterable.merge(numbers("a", 0, 1, 50, 1), numbers("b", 0, 1, 50, 1));
            assertEquals(3, await(merged.take(3).toList()).size());
            assertEquals(2, log.size(), log.toString());
            assertEquals(0, allTasks().size() - 1, "the pumps are done: " + allTasks());
        }

        @AsyncTest
        void mergingNothingEndsAtOnce() {
            assertEquals(List.of(), await(AsyncIterable.<Integer>merge().toList()));
        }
    }

    @Nested
    class Consuming {
        @AsyncTest
        void forEachAsyncAwaitsEachAction() {
            List<String> seen = new ArrayList<>();
            await(AsyncIterable.of("a", "b").forEachAsync(v -> {
                await(sleep(1));
                seen.add(v + "@" + getRunningLoop().time());
                return Coroutine.completed();
            }));
            assertEquals(List.of("a@1.0", "b@2.0"), seen);
        }

        @AsyncTest
        void aFailingActionClosesTheSource() {
            IllegalArgumentException stop = new IllegalArgumentException("stop");
            assertSame(stop, await(assertThrowsAsync(IllegalArgumentException.class,
                    numbers("numbers", 0, 1, 10, 1).forEach(v -> {
                        if (v == 1) {
                            throw stop;
                        }
                    }))));
            assertEquals(List.of("numbers finally at 2.0"), log);
        }

        @AsyncTest
        void toListRethrowsTheSourcesFailure() {
            IllegalStateException boom = new IllegalStateException("boom");
            assertSame(boom, await(assertThrowsAsync(IllegalStateException.class, failingAfterTwo(boom).toList())));
        }

        @AsyncTest
        void aFailingCleanUpTakesTheConsumersFailureAlongAsSuppressed() {
            IllegalStateException cleanUp = new IllegalStateException("clean-up failed");
            AsyncIterable<Integer> source = AsyncIterable.generate(out -> {
                try {
                    await(out.emit(1));
                    await(out.emit(2));
                } finally {
                    log.add("source finally");
                    throw cleanUp;
                }
            });
            IllegalArgumentException consumer = new IllegalArgumentException("consumer failed");
            IllegalStateException thrown = await(assertThrowsAsync(IllegalStateException.class, source.forEach(v -> {
                throw consumer;
            })));
            assertSame(cleanUp, thrown, "the clean-up's failure comes out, as from a finally block");
            assertArrayEquals(new Throwable[] {consumer}, thrown.getSuppressed(), "and the consumer's is not lost");
            assertEquals(List.of("source finally"), log);
        }
    }
}
