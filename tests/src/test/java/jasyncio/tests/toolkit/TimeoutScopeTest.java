package jasyncio.tests.toolkit;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code withTimeout} is asyncio 3.11's {@code timeout()}: a deadline for a block of the current task. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutScopeTest {
    private final List<String> log = new ArrayList<>();
    /** The scopes' Timeout objects, captured by the bodies to be inspected after the scope ended. */
    private jasyncio.Timeout outer;
    private jasyncio.Timeout inner;

    @Async
    Coroutine<String> longRunning(String name) {
        try {
            await(sleep(10));
            return Coroutine.completed(name + " finished");
        } catch (CancellationException e) {
            log.add(name + " cancelled");
            throw e;
        }
    }

    @Async
    static Coroutine<String> quick() {
        await(sleep(0));
        return Coroutine.completed("quick");
    }

    @Async
    Coroutine<String> inTime() {
        String value = await(withTimeout(10, t -> {
            outer = t;
            return quick();
        }));
        return Coroutine.completed(value);
    }

    @Test
    void aBodyFinishingInTimeReturnsItsValue() {
        assertEquals("quick", run(inTime()));
        assertFalse(outer.expired());
        assertThrows(IllegalStateException.class, () -> outer.reschedule(0), "the scope has ended");
    }

    /** The asyncio docs' example: {@code async with timeout(10): await long_running_task()} except TimeoutError. */
    @Async
    Coroutine<String> docsExample() {
        Task<?> task = currentTask();
        try {
            await(withTimeout(0.02, t -> {
                outer = t;
                return longRunning("body");
            }));
            return Coroutine.completed("no timeout?");
        } catch (AsyncTimeoutException e) {
            assertInstanceOf(CancellationException.class, e.getCause(), "the cancellation that unwound the body");
            assertEquals(0, task.cancelling(), "the scope withdrew its cancellation request");
            await(sleep(0));
            return Coroutine.completed("the long operation timed out, but we've handled it");
        }
    }

    @Test
    void expiryCancelsTheBodyAndRaisesAsyncTimeoutException() {
        assertEquals("the long operation timed out, but we've handled it", run(docsExample()));
        assertEquals(List.of("body cancelled"), log);
        assertTrue(outer.expired());
        assertThrows(IllegalStateException.class, () -> outer.reschedule(Double.POSITIVE_INFINITY));
    }

    /** The docs' reschedule example: start with no deadline, then set one from inside the block. */
    @Async
    Coroutine<Void> rescheduleFromNever() {
        EventLoop loop = getRunningLoop();
        try {
            await(withTimeoutAt(Double.POSITIVE_INFINITY, t -> {
                outer = t;
                assertEquals(Double.POSITIVE_INFINITY, t.when());
                double deadline = loop.time() + 0.02;
                t.reschedule(deadline);
                assertEquals(deadline, t.when());
                return longRunning("body");
            }));
        } catch (AsyncTimeoutException expected) {
            log.add("timed out");
        }
        return Coroutine.completed();
    }

    @Test
    void rescheduleSetsADeadlineOnAScopeThatHadNone() {
        run(rescheduleFromNever());
        assertEquals(List.of("body cancelled", "timed out"), log);
        assertTrue(outer.expired());
    }

    @Async
    Coroutine<String> rescheduleLater() {
        return withTimeout(0.02, t -> {
            t.reschedule(t.when() + 10);
            await(sleep(0.1));
            return Coroutine.completed("finished after the first deadline");
        });
    }

    @Test
    void rescheduleToLaterMovesTheDeadline() {
        assertEquals("finished after the first deadline", run(rescheduleLater()));
    }

    @Async
    Coroutine<String> rescheduleToNever() {
        return withTimeout(0.02, t -> {
            outer = t;
            t.reschedule(Double.POSITIVE_INFINITY);
            await(sleep(0.1));
            return Coroutine.completed("no deadline");
        });
    }

    @Test
    void rescheduleToInfinityRemovesTheDeadline() {
        assertEquals("no deadline", run(rescheduleToNever()));
        assertFalse(outer.expired());
        assertEquals(Double.POSITIVE_INFINITY, outer.when());
    }

    @Async
    Coroutine<String> pastDeadline(boolean awaitInside) {
        double past = getRunningLoop().time() - 1;
        try {
            return Coroutine.completed(await(withTimeoutAt(past, t -> awaitInside ? longRunning("body") : Coroutine.completed("no await"))));
        } catch (AsyncTimeoutException e) {
            return Coroutine.completed("timed out");
        }
    }

    @Test
    void aDeadlineInThePastExpiresAtTheFirstAwait() {
        assertEquals("timed out", run(pastDeadline(true)));
        assertEquals(List.of("body cancelled"), log);
    }

    @Test
    void aBodyThatNeverAwaitsCannotExpire() {
        assertEquals("no await", run(pastDeadline(false)));
    }

    @Async
    Coroutine<String> innerExpires() {
        return withTimeout(10, o -> {
            outer = o;
            try {
                await(withTimeout(0.02, i -> {
                    inner = i;
                    return longRunning("inner body");
                }));
            } catch (AsyncTimeoutException e) {
                log.add("inner timed out");
            }
            await(sleep(0));
            return Coroutine.completed("outer finished");
        });
    }

    @Test
    void anInnerScopeExpiringLeavesTheOuterOneRunning() {
        assertEquals("outer finished", run(innerExpires()));
        assertEquals(List.of("inner body cancelled", "inner timed out"), log);
        assertTrue(inner.expired());
        assertFalse(outer.expired());
    }

    @Async
    Coroutine<String> outerExpires() {
        try {
            await(withTimeout(0.02, o -> {
                outer = o;
                try {
                    return Coroutine.completed(await(withTimeout(10, i -> {
                        inner = i;
                        return longRunning("inner body");
                    })));
                } catch (AsyncTimeoutException e) {
                    log.add("the inner scope claimed the timeout");
                    throw e;
                } catch (CancellationException e) {
                    log.add("the inner scope let the cancellation through");
                    throw e;
                }
            }));
            return Coroutine.completed("no timeout?");
        } catch (AsyncTimeoutException e) {
            return Coroutine.completed("outer timed out");
        }
    }

    @Test
    void theOuterScopeExpiringWhileTheInnerRunsIsTheOutersTimeout() {
        assertEquals("outer timed out", run(outerExpires()));
        assertEquals(List.of("inner body cancelled", "the inner scope let the cancellation through"), log);
        assertTrue(outer.expired());
        assertFalse(inner.expired());
    }

    /** Both deadlines fire in the same loop iteration (outer's first): only the outer scope may claim it. */
    @Async
    Coroutine<String> bothExpireAtOnce() {
        double when = getRunningLoop().time() + 0.02;
        try {
            await(withTimeoutAt(when, o -> {
                outer = o;
                try {
                    return Coroutine.completed(await(withTimeoutAt(when, i -> {
                        inner = i;
                        return longRunning("inner body");
                    })));
                } catch (AsyncTimeoutException e) {
                    log.add("the inner scope claimed the timeout");
                    throw e;
                }
            }));
            return Coroutine.completed("no timeout?");
        } catch (AsyncTimeoutException e) {
            assertEquals(0, currentTask().cancelling());
            return Coroutine.completed("outer timed out");
        }
    }

    @Test
    void whenBothScopesExpireAtOnceTheOuterRaisesTheTimeout() {
        assertEquals("outer timed out", run(bothExpireAtOnce()));
        assertEquals(List.of("inner body cancelled"), log);
        assertTrue(outer.expired());
        assertTrue(inner.expired());
    }

    @Async
    Coroutine<String> scopedSleeper() {
        return withTimeout(10, () -> longRunning("body"));
    }

    @Async
    Coroutine<Void> cancelFromOutside() {
        Task<String> task = createTask(scopedSleeper());
        await(sleep(0.01));
        task.cancel();
        try {
            await(task);
        } catch (CancellationException e) {
            log.add("cancelled");
        } catch (AsyncTimeoutException e) {
            log.add("timed out");
        }
        assertTrue(task.cancelled());
        return Coroutine.completed();
    }

    @Test
    void anExternalCancelDuringAScopeStaysACancellation() {
        run(cancelFromOutside());
        assertEquals(List.of("body cancelled", "cancelled"), log);
    }

    /** The deadline and an external cancel land in the same iteration: the cancellation wins. */
    @Async
    Coroutine<String> cancelAtTheDeadline() {
        return withTimeout(0.02, t -> {
            outer = t;
            Task<?> self = currentTask();
            getRunningLoop().callAt(t.when(), self::cancel);
            return longRunning("body");
        });
    }

    @Async
    Coroutine<Void> raceCancelAndDeadline() {
        Task<String> task = createTask(cancelAtTheDeadline());
        try {
            await(task);
        } catch (CancellationException e) {
            log.add("cancelled");
        } catch (AsyncTimeoutException e) {
            log.add("timed out");
        }
        return Coroutine.completed();
    }

    @Test
    void anExternalCancelAtTheDeadlineIsNotSwallowedByTheTimeout() {
        run(raceCancelAndDeadline());
        assertEquals(List.of("body cancelled", "cancelled"), log);
        assertTrue(outer.expired());
    }

    @Async
    Coroutine<String> swallowingBody() {
        return withTimeout(0.02, t -> {
            outer = t;
            try {
                await(sleep(10));
            } catch (CancellationException e) {
                log.add("swallowed");
            }
            return Coroutine.completed("carried on");
        });
    }

    @Test
    void aBodyThatSwallowsTheCancellationReturnsItsValue() {
        assertEquals("carried on", run(swallowingBody()));
        assertEquals(List.of("swallowed"), log);
        assertTrue(outer.expired());
    }

    @Async
    static Coroutine<String> failingBody() {
        return withTimeout(10, () -> {
            await(sleep(0));
            throw new UnsupportedOperationException("from the body");
        });
    }

    @Test
    void otherExceptionsPassThroughTheScopeUnchanged() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> run(failingBody()));
        assertEquals("from the body", e.getMessage());
    }

    @Async
    Coroutine<Integer> cancellingAfterTimeouts() {
        Task<?> self = currentTask();
        for (int i = 0; i < 3; i++) {
            try {
                await(withTimeout(0.005, () -> longRunning("body")));
            } catch (AsyncTimeoutException expected) {
                log.add("timeout " + i);
            }
        }
        await(sleep(0.01));
        return Coroutine.completed(self.cancelling());
    }

    @Test
    void successiveTimeoutsLeaveTheTaskUncancelled() {
        assertEquals(0, run(cancellingAfterTimeouts()));
        assertEquals(List.of("body cancelled", "timeout 0", "body cancelled", "timeout 1", "body cancelled", "timeout 2"), log);
    }

    @Test
    void aScopeNeedsARunningLoop() {
        assertThrows(IllegalStateException.class, () -> withTimeout(1, () -> quick()));
    }
}
