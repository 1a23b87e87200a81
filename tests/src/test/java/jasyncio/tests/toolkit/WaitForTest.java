package jasyncio.tests.toolkit;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.test.AsyncTest;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.test.AsyncAssertions.assertThrowsAsync;
import static org.junit.jupiter.api.Assertions.*;

/** {@code waitFor} with asyncio 3.12's semantics at the edges: no time at all, no limit, and a cancelled caller. */
@TestLoop
class WaitForTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> records(String value) {
        log.add("started");
        await(sleep(0));
        return Coroutine.completed(value);
    }

    /** Takes a while to unwind when cancelled, as work holding resources does. */
    @Async
    Coroutine<String> unwindsSlowly() {
        try {
            await(sleep(10));
        } finally {
            await(sleep(0.02));
            log.add("inner unwound");
        }
        return Coroutine.completed("slept");
    }

    @Nested
    class NoTimeAtAll {
        /** test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started. */
        @ParameterizedTest
        @ValueSource(doubles = {0, -1, Double.NEGATIVE_INFINITY})
        @TestLoop(allowNeverAwaited = true) // the coroutine that is not started is never awaited either
        @Async
        void timesOutWithoutStartingTheCoroutine(double timeout) {
            await(assertThrowsAsync(AsyncTimeoutException.class, waitFor(records("value"), timeout)));
            assertEquals(List.of(), log);
        }

        @ParameterizedTest
        @ValueSource(doubles = {0, -1})
        @Async
        void cancelsAPendingFutureAndTimesOut(double timeout) {
            Future<String> pending = getRunningLoop().createFuture();
            await(assertThrowsAsync(AsyncTimeoutException.class, waitFor(pending, timeout)));
            assertTrue(pending.cancelled());
        }

        /** test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation_w_timeout_0. */
        @AsyncTest
        void waitsForARunningTaskToUnwindBeforeTimingOut() {
            Task<String> inner = createTask(unwindsSlowly());
            await(sleep(0.01));
            AsyncTimeoutException timedOut = await(assertThrowsAsync(AsyncTimeoutException.class, waitFor(inner, 0)));
            log.add("timed out");
            assertEquals(CancellationException.class, timedOut.getCause().getClass());
            assertEquals(List.of("inner unwound", "timed out"), log);
        }

        @Async
        Coroutine<String> ignoresCancellation() {
            try {
                await(sleep(10));
            } catch (CancellationException e) {
                log.add("ignored");
            }
            return Coroutine.completed("stubborn value");
        }

        /** test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancel_suppressed, with no time at all. */
        @AsyncTest
        void returnsTheValueOfWorkThatIgnoresTheCancellation() {
            Task<String> stubborn = createTask(ignoresCancellation());
            await(sleep(0));
            assertEquals("stubborn value", await(waitFor(stubborn, 0)));
            assertEquals(List.of("ignored"), log);
        }
    }

    @Nested
    class NoLimit {
        /** asyncio's {@code wait_for(aw, None)}; an infinite timeout is no timeout, and so is one past any clock. */
        @ParameterizedTest
        @ValueSource(doubles = {Double.POSITIVE_INFINITY, 1e12, Double.MAX_VALUE})
        @Async
        void aTimeoutOfInfinityWaitsAsLongAsItTakes(double timeout) {
            Future<String> late = getRunningLoop().createFuture();
            getRunningLoop().callLater(0.05, () -> late.setResult("late"));
            assertEquals("late", await(waitFor(late, timeout)));
        }

        @AsyncTest
        @TestLoop(allowNeverAwaited = true) // the refused waitFor never starts its coroutine
        void aTimeoutOfNaNIsRefused() {
            IllegalArgumentException e = await(assertThrowsAsync(IllegalArgumentException.class,
                    waitFor(records("value"), Double.NaN)));
            assertTrue(e.getMessage().contains("waitFor") && e.getMessage().contains("NaN"), e.getMessage());
            assertEquals(List.of(), log);
        }
    }

    @Nested
    class CancellingTheCaller {
        @Async
        Coroutine<String> callsWaitFor(Task<String> inner) {
            try {
                return Coroutine.completed(await(waitFor(inner, 10)));
            } catch (CancellationException e) {
                log.add("caller sees the cancellation, inner done=" + inner.done());
                throw e;
            }
        }

        /** test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_cancelled: the inner work has exited when the caller ends. */
        @AsyncTest
        void waitsForTheInnerWorkToUnwindFirst() {
            Task<String> inner = createTask(unwindsSlowly());
            Task<String> caller = createTask(callsWaitFor(inner));
            await(sleep(0.01));
            caller.cancel();
            await(assertThrowsAsync(CancellationException.class, caller));
            log.add("caller cancelled");
            assertTrue(inner.cancelled());
            assertEquals(List.of("inner unwound", "caller sees the cancellation, inner done=true", "caller cancelled"),
                    log);
        }
    }
}
