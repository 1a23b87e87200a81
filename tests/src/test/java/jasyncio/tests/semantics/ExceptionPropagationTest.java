package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Exceptions travel unchanged (the same instance, never wrapped) to the await point. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExceptionPropagationTest {
    private final RuntimeException boom = new IllegalArgumentException("boom");
    private final IOException checked = new IOException("disk on fire");
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Integer> fails(Throwable error, boolean suspendFirst) throws Throwable {
        if (suspendFirst) {
            await(sleep(0));
        }
        throw error;
    }

    /** Awaits {@code source} (a coroutine, future or task) and returns what it threw (null if nothing). */
    @Async
    Coroutine<Throwable> caught(Awaitable<?> source) {
        try {
            await(source);
        } catch (Throwable t) {
            return Coroutine.completed(t);
        }
        return Coroutine.completed(null);
    }

    @Async
    Coroutine<Throwable> caughtFromStage(CompletableFuture<?> source) {
        try {
            await(source);
        } catch (Throwable t) {
            return Coroutine.completed(t);
        }
        return Coroutine.completed(null);
    }

    @Test
    void anAwaitedCoroutineThrowsTheSameInstance() throws Throwable {
        assertSame(boom, run(caught(fails(boom, false))));
        assertSame(boom, run(caught(fails(boom, true))));
    }

    @Test
    void aCheckedExceptionFromAnAwaitedCoroutineArrivesAsItIs() throws Throwable {
        assertSame(checked, run(caught(fails(checked, false))));
        assertSame(checked, run(caught(fails(checked, true))));
    }

    @Async
    Coroutine<Throwable> awaitFailingTask() throws Throwable {
        Task<Integer> task = createTask(fails(boom, true));
        Throwable seen = await(caught(task));
        assertSame(boom, task.exception());
        return Coroutine.completed(seen);
    }

    @Test
    void aFailedTaskThrowsTheSameInstance() throws Throwable {
        assertSame(boom, run(awaitFailingTask()));
    }

    @Async
    Coroutine<List<Throwable>> awaitFailedFutures() {
        Future<Integer> done = getRunningLoop().createFuture();
        done.setException(boom);
        Future<Integer> later = getRunningLoop().createFuture();
        getRunningLoop().callSoon(() -> later.setException(checked));
        List<Throwable> seen = new ArrayList<>();
        seen.add(await(caught(done)));
        seen.add(await(caught(later)));
        return Coroutine.completed(seen);
    }

    @Test
    void aFailedFutureThrowsTheSameInstance() {
        List<Throwable> seen = run(awaitFailedFutures());
        assertSame(boom, seen.get(0));
        assertSame(checked, seen.get(1));
    }

    @Async
    Coroutine<List<Throwable>> awaitFailedCompletableFutures() {
        CompletableFuture<String> done = new CompletableFuture<>();
        done.completeExceptionally(checked);
        CompletableFuture<String> elsewhere = new CompletableFuture<>();
        new Thread(() -> elsewhere.completeExceptionally(boom), "completer").start();
        // supplyAsync wraps the failure in a CompletionException internally: await must take it off.
        CompletableFuture<String> supplied = CompletableFuture.supplyAsync(() -> {
            throw boom;
        });
        CompletableFuture<String> chained = elsewhere.thenApply(s -> s + "!");
        List<Throwable> seen = new ArrayList<>();
        seen.add(await(caughtFromStage(done)));
        seen.add(await(caughtFromStage(elsewhere)));
        seen.add(await(caughtFromStage(supplied)));
        seen.add(await(caughtFromStage(chained)));
        return Coroutine.completed(seen);
    }

    @Test
    void aCompletableFutureFailureArrivesWithoutCompletionException() {
        List<Throwable> seen = run(awaitFailedCompletableFutures());
        assertSame(checked, seen.get(0));
        for (Throwable t : seen.subList(1, 4)) {
            assertFalse(t instanceof CompletionException, "wrapped: " + t);
            assertSame(boom, t);
        }
    }

    @Async
    Coroutine<Throwable> awaitAStageFailedWithACauselessWrapper(CompletionException wrapper) {
        CompletableFuture<String> failed = new CompletableFuture<>();
        failed.completeExceptionally(wrapper);
        return caughtFromStage(failed);
    }

    @Test
    void aCompletionExceptionWithoutACauseArrivesAsItIs() {
        CompletionException causeless = new CompletionException("failed, cause unknown", null);
        assertSame(causeless, run(awaitAStageFailedWithACauselessWrapper(causeless)));
    }

    @Async
    Coroutine<Void> tryCatchFinally(Coroutine<Integer> source) {
        try {
            log.add("try");
            await(source);
            log.add("not reached");
        } catch (IllegalArgumentException e) {
            log.add("catch " + e.getMessage());
        } finally {
            log.add("finally");
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<Integer> failsWithFinally() {
        try {
            await(sleep(0));
            throw boom;
        } finally {
            log.add("inner finally");
        }
    }

    @Test
    void tryCatchFinallyAroundAwaitSeeTheException() {
        run(tryCatchFinally(failsWithFinally()));
        assertEquals(List.of("try", "inner finally", "catch boom", "finally"), log);
    }

    @Async
    Coroutine<Void> finallyOnly(Coroutine<Integer> source) {
        try {
            await(source);
        } finally {
            log.add("outer finally");
        }
        return Coroutine.completed();
    }

    @Test
    void finallyRunsAndTheExceptionContinuesUpward() {
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> run(finallyOnly(failsWithFinally()))));
        assertEquals(List.of("inner finally", "outer finally"), log);
    }

    @Test
    void runRethrowsTheExceptionOfMainUnchanged() throws Throwable {
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> run(fails(boom, true))));
        assertSame(checked, assertThrows(IOException.class, () -> run(fails(checked, true))));
        assertSame(checked, assertThrows(IOException.class, () -> run(fails(checked, false))));
    }


    @Async
    Coroutine<List<Throwable>> twoAwaitersOfOneFailingTask() throws Throwable {
        Task<Integer> task = createTask(fails(boom, true));
        Task<Throwable> first = createTask(caught(task));
        Task<Throwable> second = createTask(caught(task));
        return Coroutine.completed(await(gather(first, second)));
    }

    @Test
    void everyAwaiterOfAFailedTaskGetsTheSameInstance() throws Throwable {
        List<Throwable> seen = run(twoAwaitersOfOneFailingTask());
        assertSame(boom, seen.get(0));
        assertSame(boom, seen.get(1));
    }

    @Async
    Coroutine<Throwable> taskFailingBeforeItsFirstAwait() throws Throwable {
        Task<Integer> task = createTask(fails(checked, false));
        await(sleep(0));
        assertTrue(task.done());
        return Coroutine.completed(task.exception());
    }

    @Test
    void aTaskFailingBeforeAnyAwaitHoldsTheSameInstance() throws Throwable {
        assertSame(checked, run(taskFailingBeforeItsFirstAwait()));
    }


    @Async
    Coroutine<Void> finallyThatAwaits(Coroutine<Integer> source) {
        try {
            await(source);
        } finally {
            await(sleep(0));
            log.add("finally awaited");
        }
        return Coroutine.completed();
    }

    @Test
    void aFinallyThatAwaitsRethrowsTheOriginalException() {
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> run(finallyThatAwaits(failsWithFinally()))));
        assertEquals(List.of("inner finally", "finally awaited"), log);
    }

    @Async
    Coroutine<Throwable> catchThatAwaits(Coroutine<Integer> source) {
        try {
            await(source);
        } catch (IllegalArgumentException e) {
            await(sleep(0));
            return Coroutine.completed(e);
        }
        return Coroutine.completed(null);
    }

    @Test
    void theCaughtExceptionSurvivesAnAwaitInTheCatchBlock() {
        assertSame(boom, run(catchThatAwaits(failsWithFinally())));
    }
}
