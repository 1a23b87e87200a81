package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.ReturnWhen;
import jasyncio.Task;
import jasyncio.WaitResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static jasyncio.tests.support.Outcomes.failAfter;

/** {@code waitUntil} is asyncio's {@code wait}: it reports done and pending futures and never cancels anything. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitUntilTest {
    private final List<String> log = new ArrayList<>();

    @Async
    static Coroutine<String> after(double seconds, String value) {
        await(sleep(seconds));
        return Coroutine.completed(value);
    }

    /** The asyncio docs' pattern: {@code done, pending = await wait(tasks, return_when=FIRST_COMPLETED)}. */
    @Async
    Coroutine<Void> firstCompleted() {
        Task<String> fast = createTask(after(0.01, "fast"));
        Task<String> slow = createTask(after(10, "slow"));
        Task<String> slower = createTask(after(20, "slower"));
        WaitResult<String> result = await(waitUntil(List.of(fast, slow, slower), ReturnWhen.FIRST_COMPLETED));
        assertEquals(Set.of(fast), result.done());
        assertEquals(List.of(slow, slower), new ArrayList<>(result.pending()), "pending keeps the order given");
        assertEquals("fast", fast.result());
        assertFalse(slow.done() || slower.done(), "waitUntil cancels nothing");
        slow.cancel();
        slower.cancel();
        return Coroutine.completed();
    }

    @Test
    void firstCompletedReturnsAsSoonAsOneIsDone() {
        run(firstCompleted());
    }

    @Async
    Coroutine<List<String>> allCompleted() {
        List<Coroutine<String>> coros = List.of(after(0.02, "a"), after(0.01, "b"), after(0, "c"));
        WaitResult<String> result = await(waitUntil(coros, ReturnWhen.ALL_COMPLETED));
        assertTrue(result.pending().isEmpty());
        List<String> values = new ArrayList<>();
        for (Future<String> f : result.done()) {
            assertInstanceOf(Task.class, f, "coroutines are wrapped in tasks");
            values.add(f.result());
        }
        return Coroutine.completed(values);
    }

    @Test
    void allCompletedWaitsForEveryOneAndKeepsTheOrderGiven() {
        assertEquals(List.of("a", "b", "c"), run(allCompleted()));
    }

    @Async
    Coroutine<Void> firstException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<String> ok = createTask(after(0, "ok"));
        Task<String> failing = createTask(failAfter(0.01, boom));
        Task<String> slow = createTask(after(10, "slow"));
        WaitResult<String> result = await(waitUntil(List.of(ok, failing, slow), ReturnWhen.FIRST_EXCEPTION));
        assertEquals(List.of(ok, failing), new ArrayList<>(result.done()));
        assertEquals(Set.of(slow), result.pending());
        assertSame(boom, failing.exception());
        assertFalse(slow.done());
        slow.cancel();
        return Coroutine.completed();
    }

    @Test
    void firstExceptionReturnsWhenOneFails() {
        run(firstException());
    }

    @Async
    Coroutine<WaitResult<String>> firstExceptionWithoutFailures() {
        Future<String> cancelled = getRunningLoop().createFuture();
        getRunningLoop().callLater(0.01, cancelled::cancel);
        return waitUntil(List.of(createTask(after(0.02, "a")), cancelled), ReturnWhen.FIRST_EXCEPTION);
    }

    @Test
    void firstExceptionWithoutAFailureWaitsForAllAndACancellationIsNoFailure() {
        WaitResult<String> result = run(firstExceptionWithoutFailures());
        assertEquals(2, result.done().size());
        assertTrue(result.pending().isEmpty());
    }

    @Async
    Coroutine<Void> timeoutLeavesPending() {
        Task<String> fast = createTask(after(0, "fast"));
        Task<String> slow = createTask(after(10, "slow"));
        WaitResult<String> result = await(waitUntil(List.of(fast, slow), ReturnWhen.ALL_COMPLETED, 0.05));
        assertEquals(Set.of(fast), result.done());
        assertEquals(Set.of(slow), result.pending());
        assertFalse(slow.done(), "a timeout cancels nothing either");
        slow.cancel();
        return Coroutine.completed();
    }

    @Test
    void aTimeoutReturnsWhatIsDoneAndWhatIsPending() {
        run(timeoutLeavesPending());
    }

    @Async
    Coroutine<Integer> alreadyDone() {
        Future<Integer> done = getRunningLoop().createFuture();
        done.setResult(7);
        Task<Void> other = createTask(logStep());
        WaitResult<Integer> result = await(waitUntil(List.of(done), ReturnWhen.ALL_COMPLETED));
        assertFalse(other.done(), "waiting for done futures does not yield to the loop");
        assertEquals(List.of(), log);
        return Coroutine.completed(result.done().iterator().next().result());
    }

    @Async
    Coroutine<Void> logStep() {
        log.add("other task ran");
        return Coroutine.completed();
    }

    @Test
    void doneFuturesReturnAtOnce() {
        assertEquals(7, run(alreadyDone()));
    }

    @Async
    Coroutine<Boolean> cancelTheWaiter() {
        Task<String> slow = createTask(after(10, "slow"));
        Task<WaitResult<String>> waiter = createTask(waitUntil(List.of(slow), ReturnWhen.ALL_COMPLETED));
        await(sleep(0));
        waiter.cancel();
        try {
            await(waiter);
            fail("the waiter was cancelled");
        } catch (CancellationException expected) {
            log.add("waiter cancelled");
        }
        boolean slowStillRunning = !slow.done();
        slow.cancel();
        return Coroutine.completed(slowStillRunning);
    }

    @Test
    void cancellingTheWaiterLeavesTheAwaitablesRunning() {
        assertTrue(run(cancelTheWaiter()));
        assertEquals(List.of("waiter cancelled"), log);
    }

    @Async
    static Coroutine<Void> waitForNothing() {
        await(waitUntil(List.<Future<String>>of(), ReturnWhen.ALL_COMPLETED));
        return Coroutine.completed();
    }

    @Test
    void waitingForNothingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> run(waitForNothing()));
    }
}
