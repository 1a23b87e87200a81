package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code await(coroutine)} is yield-from: the awaited coroutine runs inline in the awaiting task, and only a
 * real suspension (a pending future, {@code sleep}) gives the loop a turn.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InlineAwaitTest {
    /** Set by a callback scheduled with callSoon: true once the loop had a turn. */
    private boolean loopHadATurn;
    private final List<String> log = new ArrayList<>();

    private void scheduleTurnMarker() {
        getRunningLoop().callSoon(() -> loopHadATurn = true);
    }

    @Async
    Coroutine<Task<?>> taskInside(boolean suspendFirst) {
        if (suspendFirst) {
            await(sleep(0));
        }
        return Coroutine.completed(currentTask());
    }

    @Async
    Coroutine<List<Task<?>>> tasksOutsideAndInside() {
        List<Task<?>> tasks = new ArrayList<>();
        tasks.add(currentTask());
        tasks.add(await(taskInside(false)));
        tasks.add(await(taskInside(true)));
        tasks.add(currentTask());
        return Coroutine.completed(tasks);
    }

    @Test
    void anAwaitedCoroutineRunsInTheAwaitingTask() {
        List<Task<?>> tasks = run(tasksOutsideAndInside());
        assertNotNull(tasks.get(0));
        for (Task<?> t : tasks) {
            assertSame(tasks.get(0), t);
        }
    }

    @Async
    Coroutine<Integer> plain(int n) {
        return Coroutine.completed(n + 1);
    }

    @Async
    Coroutine<Integer> nestedPlain(int n) {
        int a = await(plain(n));
        int b = await(plain(a));
        return Coroutine.completed(b);
    }

    @Async
    Coroutine<Boolean> awaitNonSuspendingCoroutine() {
        scheduleTurnMarker();
        int value = await(nestedPlain(1));
        assertEquals(3, value);
        boolean turnBeforeReturn = loopHadATurn;
        await(sleep(0));
        assertTrue(loopHadATurn, "the marker runs on the loop's next turn");
        return Coroutine.completed(turnBeforeReturn);
    }

    @Test
    void awaitingACoroutineThatDoesNotSuspendNeverYields() {
        assertFalse(run(awaitNonSuspendingCoroutine()));
    }

    @Async
    Coroutine<Boolean> awaitDoneFutures() {
        Future<Integer> ok = getRunningLoop().createFuture();
        ok.setResult(7);
        Future<Integer> failed = getRunningLoop().createFuture();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        failed.setException(boom);
        scheduleTurnMarker();
        assertEquals(7, await(ok));
        try {
            await(failed);
            fail("await of a failed future must throw");
        } catch (IllegalArgumentException e) {
            assertSame(boom, e);
        }
        assertEquals("v", await(Coroutine.completed("v")));
        return Coroutine.completed(loopHadATurn);
    }

    @Test
    void awaitingADoneFutureNeverYields() {
        assertFalse(run(awaitDoneFutures()));
    }

    @Async
    Coroutine<List<String>> sleepZeroTwice() {
        getRunningLoop().callSoon(() -> {
            log.add("first");
            getRunningLoop().callSoon(() -> log.add("scheduled-by-first"));
        });
        await(sleep(0));
        List<String> afterOne = new ArrayList<>(log);
        await(sleep(0));
        afterOne.add("|");
        afterOne.addAll(log);
        return Coroutine.completed(afterOne);
    }

    @Test
    void sleepZeroYieldsExactlyOnce() {
        assertEquals(List.of("first", "|", "first", "scheduled-by-first"), run(sleepZeroTwice()));
    }

    @Async
    Coroutine<Integer> pendingFutureDeepDown(Future<Integer> future) {
        int v = await(future);
        return Coroutine.completed(v * 2);
    }

    @Async
    Coroutine<List<String>> awaitPendingFutureThroughCoroutine() {
        Future<Integer> future = getRunningLoop().createFuture();
        getRunningLoop().callSoon(() -> {
            log.add("completing");
            future.setResult(21);
        });
        int v = await(pendingFutureDeepDown(future));
        log.add("got " + v);
        return Coroutine.completed(log);
    }

    @Test
    void awaitingAPendingFutureSuspendsTheWholeTask() {
        assertEquals(List.of("completing", "got 42"), run(awaitPendingFutureThroughCoroutine()));
    }

    @Async
    Coroutine<Integer> doubledLater(int n) {
        await(sleep(0));
        return Coroutine.completed(n * 2);
    }

    @Async
    Coroutine<Integer> tail(int n) {
        return doubledLater(n);
    }

    @Async
    Coroutine<Integer> tailOfTail(int n) {
        await(sleep(0));
        return tail(n + 1);
    }

    @Test
    void returningAnotherCoroutineAwaitsIt() {
        assertEquals(42, run(tail(21)));
        assertEquals(42, run(tailOfTail(20)));
    }

    @Async
    Coroutine<Integer> failingLater(RuntimeException error) {
        await(sleep(0));
        throw error;
    }

    @Async
    Coroutine<Integer> tailFailing(RuntimeException error) {
        return failingLater(error);
    }

    @Test
    void aTailAwaitedCoroutineFailureReachesTheCaller() {
        RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class, () -> run(tailFailing(boom))));
    }

    @Async
    Coroutine<List<Object>> awaitCompletedCoroutines() {
        List<Object> values = new ArrayList<>();
        values.add(await(Coroutine.completed(5)));
        values.add(await(Coroutine.<String>completed()));
        return Coroutine.completed(values);
    }

    @Test
    void completedCoroutinesGiveTheirValue() {
        assertEquals(java.util.Arrays.asList(5, null), run(awaitCompletedCoroutines()));
        assertEquals("x", run(Coroutine.completed("x")));
        assertNull(run(Coroutine.completed()));
    }
}
