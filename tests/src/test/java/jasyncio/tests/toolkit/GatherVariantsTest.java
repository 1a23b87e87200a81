package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static jasyncio.tests.support.Outcomes.failureOf;
import static jasyncio.tests.support.Outcomes.failAfter;

/** {@code gather(..., returnExceptions)}, {@code gatherOrCancel} and {@code asCompleted} over tasks. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatherVariantsTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> after(double seconds, String value) {
        try {
            await(sleep(seconds));
        } catch (CancellationException e) {
            log.add(value + " cancelled");
            throw e;
        }
        return Coroutine.completed(value);
    }

    // ---- gather with returnExceptions ----

    private final IllegalStateException boom = new IllegalStateException("boom");

    @Async
    Coroutine<List<Object>> gatherReturningExceptions() {
        Task<String> cancelled = createTask(after(10, "c"));
        Future<List<Object>> all = gather(List.of(after(0.01, "a"), failAfter(0, boom), cancelled, after(0, "d")), true);
        await(sleep(0));
        cancelled.cancel("stop c");
        return Coroutine.completed(await(all));
    }

    @Test
    void returnExceptionsPutsFailuresAndCancellationsInTheirPlace() {
        List<Object> results = run(gatherReturningExceptions());
        assertEquals(4, results.size());
        assertEquals("a", results.get(0));
        assertSame(boom, results.get(1), "the exception itself, unwrapped");
        CancellationException cancellation = assertInstanceOf(CancellationException.class, results.get(2));
        assertEquals("stop c", cancellation.getMessage());
        assertEquals("d", results.get(3));
        assertEquals(List.of("c cancelled"), log);
    }

    @Async
    Coroutine<List<Object>> allFail() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        List<Object> results = await(gather(List.of(failAfter(0.01, first), failAfter(0, second)), true));
        assertSame(first, results.get(0));
        assertSame(second, results.get(1));
        return Coroutine.completed(results);
    }

    @Test
    void returnExceptionsNeverFailsEvenWhenEveryChildDoes() {
        assertEquals(2, run(allFail()).size());
    }

    @Async
    Coroutine<Throwable> withoutReturnExceptions() {
        Task<String> slow = createTask(after(0.05, "slow"));
        Throwable failure = await(failureOf(gather(List.of(slow, failAfter(0, boom)), false)));
        assertFalse(slow.done(), "plain gather lets the others run on");
        assertEquals("slow", await(slow));
        return Coroutine.completed(failure);
    }

    @Test
    void withoutReturnExceptionsTheFirstFailureFailsTheGather() {
        assertSame(boom, run(withoutReturnExceptions()));
        assertEquals(List.of(), log);
    }

    @Async
    Coroutine<Throwable> cancelAGatherReturningExceptions() {
        Task<String> a = createTask(after(10, "a"));
        Task<String> b = createTask(after(10, "b"));
        Future<List<Object>> all = gather(List.of(a, b), true);
        await(sleep(0));
        all.cancel();
        Throwable failure = await(failureOf(all));
        assertTrue(a.cancelled() && b.cancelled());
        return Coroutine.completed(failure);
    }

    @Test
    void cancellingAGatherReturningExceptionsCancelsTheChildrenAndItself() {
        assertInstanceOf(CancellationException.class, run(cancelAGatherReturningExceptions()));
        assertEquals(List.of("a cancelled", "b cancelled"), log);
    }

    // ---- gatherOrCancel ----

    @Async
    Coroutine<List<String>> gatherOrCancelAllSucceed() {
        return Coroutine.completed(await(gatherOrCancel(List.of(after(0.01, "x"), after(0, "y")))));
    }

    @Test
    void gatherOrCancelGivesTheResultsInOrder() {
        assertEquals(List.of("x", "y"), run(gatherOrCancelAllSucceed()));
    }

    @Async
    Coroutine<Void> gatherOrCancelFirstFailure() {
        Task<String> slow = createTask(after(10, "slow"));
        Task<String> slower = createTask(after(20, "slower"));
        Throwable failure = await(failureOf(gatherOrCancel(List.of(slow, failAfter(0.01, boom), slower))));
        assertSame(boom, failure);
        assertInstanceOf(CancellationException.class, await(failureOf(slow)));
        assertInstanceOf(CancellationException.class, await(failureOf(slower)));
        assertTrue(slow.cancelled() && slower.cancelled());
        return Coroutine.completed();
    }

    @Test
    void gatherOrCancelCancelsTheOthersOnTheFirstFailure() {
        run(gatherOrCancelFirstFailure());
        assertEquals(List.of("slow cancelled", "slower cancelled"), log);
    }

    // ---- asCompleted over tasks ----

    @Async
    Coroutine<List<String>> asCompletedOverTasks() {
        List<Task<String>> tasks = List.of(
                createTask(after(0.03, "third")), createTask(after(0.01, "first")), createTask(after(0.02, "second")));
        List<String> order = new ArrayList<>();
        for (Coroutine<String> next : asCompleted(tasks)) {
            order.add(await(next));
        }
        for (Task<String> t : tasks) {
            assertTrue(t.done());
        }
        return Coroutine.completed(order);
    }

    @Test
    void asCompletedOverTasksYieldsInCompletionOrder() {
        assertEquals(List.of("first", "second", "third"), run(asCompletedOverTasks()));
    }

    @Async
    Coroutine<List<Object>> asCompletedWithACancelledTask() {
        Task<String> cancelled = createTask(after(10, "cancelled"));
        Task<String> ok = createTask(after(0.02, "ok"));
        List<Object> outcomes = new ArrayList<>();
        Iterable<Coroutine<String>> order = asCompleted(List.of(cancelled, ok));
        await(sleep(0));
        cancelled.cancel();
        for (Coroutine<String> next : order) {
            Throwable failure = null;
            String value = null;
            try {
                value = await(next);
            } catch (CancellationException e) {
                failure = e;
            }
            outcomes.add(failure != null ? failure.getClass().getSimpleName() : value);
        }
        return Coroutine.completed(outcomes);
    }

    @Test
    void asCompletedRaisesACancelledTasksCancellationInItsTurn() {
        assertEquals(List.of("CancellationException", "ok"), run(asCompletedWithACancelledTask()));
    }
}
