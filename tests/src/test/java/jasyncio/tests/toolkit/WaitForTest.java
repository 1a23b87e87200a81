package jasyncio.tests.toolkit;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code waitFor} with asyncio 3.12's semantics at the edges: no time at all, no limit, and a cancelled caller. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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
        @Async
        Coroutine<String> waitForACoroutine(double timeout) {
            try {
                return Coroutine.completed(await(waitFor(records("value"), timeout)));
            } catch (AsyncTimeoutException e) {
                return Coroutine.completed("timed out");
            }
        }

        /** test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started. */
        @ParameterizedTest
        @ValueSource(doubles = {0, -1, Double.NEGATIVE_INFINITY})
        void timesOutWithoutStartingTheCoroutine(double timeout) {
            assertEquals("timed out", run(waitForACoroutine(timeout)));
            assertEquals(List.of(), log);
        }

        @Async
        Coroutine<String> waitForAPendingFuture(double timeout) {
            Future<String> pending = getRunningLoop().createFuture();
            try {
                await(waitFor(pending, timeout));
                return Coroutine.completed("returned");
            } catch (AsyncTimeoutException e) {
                return Coroutine.completed("timed out, cancelled=" + pending.cancelled());
            }
        }

        @ParameterizedTest
        @ValueSource(doubles = {0, -1})
        void cancelsAPendingFutureAndTimesOut(double timeout) {
            assertEquals("timed out, cancelled=true", run(waitForAPendingFuture(timeout)));
        }

        @Async
        Coroutine<String> waitForARunningTask() {
            Task<String> inner = createTask(unwindsSlowly());
            await(sleep(0.01));
            try {
                await(waitFor(inner, 0));
                return Coroutine.completed("returned");
            } catch (AsyncTimeoutException e) {
                log.add("timed out");
                return Coroutine.completed(e.getCause().getClass().getSimpleName());
            }
        }

        /** test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation_w_timeout_0. */
        @Test
        void waitsForARunningTaskToUnwindBeforeTimingOut() {
            assertEquals("CancellationException", run(waitForARunningTask()));
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

        @Async
        Coroutine<String> waitForAStubbornTask() {
            Task<String> t = createTask(ignoresCancellation());
            await(sleep(0));
            return Coroutine.completed(await(waitFor(t, 0)));
        }

        /** test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancel_suppressed, with no time at all. */
        @Test
        void returnsTheValueOfWorkThatIgnoresTheCancellation() {
            assertEquals("stubborn value", run(waitForAStubbornTask()));
            assertEquals(List.of("ignored"), log);
        }
    }

    @Nested
    class NoLimit {
        @Async
        Coroutine<String> waitForALateFuture(double timeout) {
            Future<String> late = getRunningLoop().createFuture();
            getRunningLoop().callLater(0.05, () -> late.setResult("late"));
            return Coroutine.completed(await(waitFor(late, timeout)));
        }

        /** asyncio's {@code wait_for(aw, None)}; an infinite timeout is no timeout, and so is one past any clock. */
        @ParameterizedTest
        @ValueSource(doubles = {Double.POSITIVE_INFINITY, 1e12, Double.MAX_VALUE})
        void aTimeoutOfInfinityWaitsAsLongAsItTakes(double timeout) {
            assertEquals("late", run(waitForALateFuture(timeout)));
        }

        @Async
        Coroutine<String> waitForNaN() {
            return waitFor(records("value"), Double.NaN);
        }

        @Test
        void aTimeoutOfNaNIsRefused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(waitForNaN()));
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

        @Async
        Coroutine<Boolean> cancelTheCaller() {
            Task<String> inner = createTask(unwindsSlowly());
            Task<String> caller = createTask(callsWaitFor(inner));
            await(sleep(0.01));
            caller.cancel();
            try {
                await(caller);
            } catch (CancellationException expected) {
                log.add("caller cancelled");
            }
            return Coroutine.completed(inner.cancelled());
        }

        /** test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_cancelled: the inner work has exited when the caller ends. */
        @Test
        void waitsForTheInnerWorkToUnwindFirst() {
            assertTrue(run(cancelTheCaller()));
            assertEquals(List.of("inner unwound", "caller sees the cancellation, inner done=true", "caller cancelled"),
                    log);
        }
    }
}
