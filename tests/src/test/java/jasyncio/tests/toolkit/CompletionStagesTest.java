package jasyncio.tests.toolkit;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.ReturnWhen;
import jasyncio.WaitResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** The combinators take a {@code CompletionStage} as {@code await} does (these did not compile before). */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CompletionStagesTest {
    private static CompletableFuture<String> later(String value) {
        return CompletableFuture.supplyAsync(() -> value, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
    }

    @Nested
    class Run {
        @Test
        void runWaitsForAStage() {
            assertEquals("done", run(later("done")));
        }

        @Test
        void runThrowsTheStagesFailureUnwrapped() {
            CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("boom"));
            assertEquals("boom", assertThrows(IllegalStateException.class, () -> run(failed)).getMessage());
        }
    }

    @Nested
    class WaitFor {
        @Async
        Coroutine<String> inTime() {
            return waitFor(later("in time"), 10);
        }

        @Test
        void aStageDoneInTimeGivesItsValue() {
            assertEquals("in time", run(inTime()));
        }

        @Async
        Coroutine<Boolean> timesOut(CompletableFuture<String> never) {
            try {
                await(waitFor(never, 0.01));
            } catch (AsyncTimeoutException e) {
                return Coroutine.completed(true);
            }
            return Coroutine.completed(false);
        }

        @Test
        void onTimeoutTheCompletableFutureIsCancelled() {
            CompletableFuture<String> never = new CompletableFuture<>();
            assertTrue(run(timesOut(never)));
            assertTrue(never.isCancelled());
        }
    }

    @Nested
    class Gather {
        @Async
        Coroutine<List<String>> gatherStages() {
            return Coroutine.completed(await(gather(later("a"), CompletableFuture.completedFuture("b"))));
        }

        @Test
        void gatherTakesStagesInTheOrderGiven() {
            assertEquals(List.of("a", "b"), run(gatherStages()));
        }
    }

    @Nested
    class Collections {
        @Async
        Coroutine<List<String>> asCompletedOfStages() {
            List<Future<String>> futures = List.of(later("x"), CompletableFuture.completedFuture("y")).stream()
                    .map(stage -> wrapFuture(stage)).toList();
            List<String> order = new ArrayList<>();
            for (Coroutine<String> next : asCompleted(futures)) {
                order.add(await(next));
            }
            WaitResult<String> all = await(waitUntil(futures, ReturnWhen.ALL_COMPLETED));
            assertTrue(all.pending().isEmpty());
            return Coroutine.completed(order);
        }

        @Test
        void wrapFutureGivesAsCompletedAndWaitUntilTheirFutures() {
            assertEquals(List.of("y", "x"), run(asCompletedOfStages()));
        }
    }
}
