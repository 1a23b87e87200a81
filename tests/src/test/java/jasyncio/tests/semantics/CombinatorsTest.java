package jasyncio.tests.semantics;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** gather, waitFor, asCompleted, CompletionStage interop, and the future bridge to CompletableFuture. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CombinatorsTest {
    private final RuntimeException boom = new IllegalStateException("boom");
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Integer> after(double seconds, int value) {
        await(sleep(seconds));
        return Coroutine.completed(value);
    }

    @Async
    Coroutine<Integer> failsAfter(double seconds) {
        await(sleep(seconds));
        throw boom;
    }

    @Async
    Coroutine<Integer> sleepsLong(String name) {
        try {
            await(sleep(10));
            return Coroutine.completed(-1);
        } finally {
            log.add(name + " finally");
        }
    }

    // ---- gather ----

    @Async
    Coroutine<List<Integer>> gatherMixed() {
        Future<Integer> future = getRunningLoop().createFuture();
        getRunningLoop().callLater(0.02, () -> future.setResult(4));
        Task<Integer> task = createTask(after(0.01, 2));
        return Coroutine.completed(await(gather(after(0.03, 3), task, after(0, 1), future)));
    }

    @Test
    void gatherGivesResultsInTheOrderGiven() {
        assertEquals(List.of(3, 2, 1, 4), run(gatherMixed()));
    }

    @Async
    Coroutine<Throwable> gatherFailing() {
        Task<Integer> slow = createTask(after(0.05, 1));
        try {
            await(gather(slow, failsAfter(0.01)));
        } catch (RuntimeException e) {
            assertFalse(slow.done(), "the others keep running");
            assertEquals(1, await(slow));
            return Coroutine.completed(e);
        }
        return Coroutine.completed(null);
    }

    @Test
    void gatherPropagatesTheFirstFailure() {
        assertSame(boom, run(gatherFailing()));
    }

    @Async
    Coroutine<List<Boolean>> cancelGather() {
        Task<Integer> a = createTask(sleepsLong("a"));
        Task<Integer> b = createTask(sleepsLong("b"));
        Future<List<Integer>> all = gather(a, b);
        await(sleep(0));
        all.cancel();
        List<Boolean> facts = new ArrayList<>();
        try {
            await(all);
        } catch (CancellationException e) {
            facts.add(true);
        }
        facts.add(all.cancelled());
        facts.add(a.cancelled());
        facts.add(b.cancelled());
        return Coroutine.completed(facts);
    }

    @Test
    void cancellingGatherCancelsTheChildren() {
        assertEquals(List.of(true, true, true, true), run(cancelGather()));
        assertEquals(List.of("a finally", "b finally"), log);
    }

    @Async
    Coroutine<List<List<Object>>> gatherNothing() {
        List<List<Object>> results = new ArrayList<>();
        results.add(await(gather()));
        results.add(await(gather(new ArrayList<Awaitable<Object>>())));
        return Coroutine.completed(results);
    }

    @Test
    void gatherOfNothingIsAnEmptyList() {
        assertEquals(List.of(List.of(), List.of()), run(gatherNothing()));
    }

    // ---- waitFor ----

    @Test
    void waitForReturnsTheResultInTime() {
        assertEquals(5, run(waitFor(after(0.01, 5), 5)));
    }

    @Async
    Coroutine<List<String>> timesOut() {
        Task<Integer> inner = createTask(sleepsLong("inner"));
        try {
            await(waitFor(inner, 0.02));
            log.add("no timeout");
        } catch (AsyncTimeoutException e) {
            log.add("timeout, inner cancelled=" + inner.cancelled());
        }
        try {
            await(waitFor(sleepsLong("coroutine"), 0.02));
        } catch (AsyncTimeoutException e) {
            log.add("timeout");
        }
        return Coroutine.completed(log);
    }

    @Test
    void waitForTimesOutAfterTheInnerWorkHasFinishedCancelling() {
        assertEquals(List.of("inner finally", "timeout, inner cancelled=true", "coroutine finally", "timeout"),
                run(timesOut()));
    }

    @Async
    Coroutine<Integer> callsWaitFor(Task<Integer> inner) {
        return waitFor(inner, 10);
    }

    @Async
    Coroutine<List<Boolean>> cancelTheCaller() {
        Task<Integer> inner = createTask(sleepsLong("inner"));
        Task<Integer> caller = createTask(callsWaitFor(inner));
        await(sleep(0.01));
        caller.cancel();
        List<Boolean> facts = new ArrayList<>();
        try {
            await(caller);
        } catch (CancellationException e) {
            facts.add(true);
        }
        facts.add(inner.cancelled());
        return Coroutine.completed(facts);
    }

    @Test
    void cancellingTheCallerOfWaitForCancelsTheInnerWork() {
        assertEquals(List.of(true, true), run(cancelTheCaller()));
        assertEquals(List.of("inner finally"), log);
    }

    // ---- asCompleted ----

    @Async
    Coroutine<List<Integer>> inCompletionOrder() {
        List<Integer> order = new ArrayList<>();
        for (Coroutine<Integer> next : asCompleted(List.of(after(0.03, 3), after(0.01, 1), after(0.02, 2)))) {
            order.add(await(next));
        }
        return Coroutine.completed(order);
    }

    @Test
    void asCompletedYieldsInCompletionOrder() {
        assertEquals(List.of(1, 2, 3), run(inCompletionOrder()));
    }

    // ---- CompletionStage ----

    @Async
    Coroutine<List<String>> awaitStages() {
        List<String> values = new ArrayList<>();
        values.add(await(CompletableFuture.completedFuture("done")));
        CompletableFuture<String> pending = new CompletableFuture<>();
        new Thread(() -> pending.complete("from another thread"), "completer").start();
        values.add(await(pending));
        values.add(await(CompletableFuture.supplyAsync(() -> "supplied").thenApply(s -> s + " and mapped")));
        return Coroutine.completed(values);
    }

    @Test
    void awaitTakesDoneAndPendingCompletionStages() {
        assertEquals(List.of("done", "from another thread", "supplied and mapped"), run(awaitStages()));
    }

    @Async
    Coroutine<String> awaitStage(CompletableFuture<String> stage) {
        return Coroutine.completed(await(stage));
    }

    @Async
    Coroutine<Boolean> cancelTaskAwaitingAStage() {
        CompletableFuture<String> never = new CompletableFuture<>();
        Task<String> task = createTask(awaitStage(never));
        await(sleep(0));
        task.cancel();
        try {
            await(task);
        } catch (CancellationException expected) {
            log.add("task cancelled");
        }
        return Coroutine.completed(never.isCancelled());
    }

    @Test
    void cancellingATaskAwaitingACompletableFutureCancelsIt() {
        assertTrue(run(cancelTaskAwaitingAStage()));
        assertEquals(List.of("task cancelled"), log);
    }

    // ---- Future.toCompletableFuture ----

    @Async
    Coroutine<List<Object>> bridgeToCompletableFuture() {
        List<Object> outcomes = new ArrayList<>();
        Future<Integer> ok = getRunningLoop().createFuture();
        CompletableFuture<Integer> okCf = ok.toCompletableFuture();
        outcomes.add(okCf.isDone());
        getRunningLoop().callLater(0.01, () -> ok.setResult(3));
        // Read on another thread: the CompletableFuture must complete without the loop's help.
        outcomes.add(await(getRunningLoop().runInExecutor(null, () -> okCf.get(5, TimeUnit.SECONDS))));
        Future<Integer> failed = getRunningLoop().createFuture();
        CompletableFuture<Integer> failedCf = failed.toCompletableFuture();
        getRunningLoop().callLater(0.01, () -> failed.setException(boom));
        outcomes.add(await(getRunningLoop().runInExecutor(null, () -> {
            try {
                failedCf.get(5, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        })));
        Task<Integer> task = createTask(after(0.01, 8));
        outcomes.add(await(task.toCompletableFuture()));
        return Coroutine.completed(outcomes);
    }

    @Test
    void toCompletableFutureCompletesWhenTheFutureDoes() {
        List<Object> outcomes = run(bridgeToCompletableFuture());
        assertEquals(false, outcomes.get(0));
        assertEquals(3, outcomes.get(1));
        assertSame(boom, outcomes.get(2));
        assertEquals(8, outcomes.get(3));
    }

    @Async
    Coroutine<Boolean> cancelTheCompletableFuture() {
        Future<Integer> future = getRunningLoop().createFuture();
        CompletableFuture<Integer> cf = future.toCompletableFuture();
        new Thread(() -> cf.cancel(false), "canceller").start();
        try {
            // Bounded: if the cancel never reaches the future, waitFor times out instead of hanging.
            await(waitFor(future, 5));
        } catch (CancellationException expected) {
            return Coroutine.completed(future.cancelled());
        }
        return Coroutine.completed(false);
    }

    @Test
    void cancellingTheCompletableFutureCancelsTheFuture() {
        assertTrue(run(cancelTheCompletableFuture()));
    }


    @Async
    Coroutine<Integer> ignoresCancellation() {
        try {
            await(sleep(10));
        } catch (CancellationException e) {
            log.add("ignored");
        }
        return Coroutine.completed(99);
    }

    @Test
    void waitForReturnsTheValueOfWorkThatIgnoresCancellation() {
        assertEquals(99, run(waitFor(ignoresCancellation(), 0.01)));
        assertEquals(List.of("ignored"), log);
    }

    @Async
    Coroutine<Integer> waitForDoneFuture() {
        Future<Integer> done = getRunningLoop().createFuture();
        done.setResult(6);
        return waitFor(done, 0);
    }

    @Test
    void waitForADoneFutureReturnsItsResultEvenWithNoTime() {
        assertEquals(6, run(waitForDoneFuture()));
    }

    @Async
    Coroutine<Boolean> gatherWithACancelledChild() {
        Task<Integer> a = createTask(sleepsLong("a"));
        Task<Integer> b = createTask(after(0.01, 2));
        Future<List<Integer>> all = gather(a, b);
        await(sleep(0));
        a.cancel();
        try {
            await(all);
        } catch (CancellationException expected) {
            return Coroutine.completed(!b.cancelled());
        }
        return Coroutine.completed(false);
    }

    @Test
    void aCancelledChildFailsGatherWithCancellationException() {
        assertTrue(run(gatherWithACancelledChild()));
    }

    @Async
    Coroutine<List<Object>> asCompletedWithAFailure() {
        List<Object> outcomes = new ArrayList<>();
        for (Coroutine<Integer> next : asCompleted(List.of(after(0.02, 2), failsAfter(0.01)))) {
            try {
                outcomes.add(await(next));
            } catch (RuntimeException e) {
                outcomes.add(e);
            }
        }
        return Coroutine.completed(outcomes);
    }

    @Test
    void asCompletedThrowsAFailureInItsTurn() {
        List<Object> outcomes = run(asCompletedWithAFailure());
        assertSame(boom, outcomes.get(0));
        assertEquals(2, outcomes.get(1));
    }
}
