package jasyncio.tests.toolkit;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What a timeout scope leaves behind once it has ended: no armed deadline, and a {@link jasyncio.Timeout} that
 * refuses to move. Checked while the loop still runs: after {@code run()} the loop is closed, and a closed loop
 * refuses the new timer on its own, whatever state the scope is in.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutScopeEndTest {
    /** The scope's Timeout, captured by the body to be inspected after the scope ended. */
    private jasyncio.Timeout scope;

    @Async
    static Coroutine<String> quick() {
        await(sleep(0));
        return Coroutine.completed("quick");
    }

    @Async
    static Coroutine<String> slow() {
        await(sleep(10));
        return Coroutine.completed("slow");
    }

    @Nested
    class EndedInTime {
        @Async
        Coroutine<String> sleepsPastTheOldDeadline() {
            String value = await(withTimeout(0.02, t -> {
                scope = t;
                return quick();
            }));
            // A deadline left armed would cancel the task here, in code the scope no longer covers.
            await(sleep(0.1));
            return Coroutine.completed(value + ", then slept past the deadline");
        }

        @Test
        void theDeadlineNoLongerCancelsTheTask() {
            assertEquals("quick, then slept past the deadline", run(sleepsPastTheOldDeadline()));
            assertFalse(scope.expired());
        }

        @Async
        Coroutine<String> reschedulesAfterTheEnd() {
            await(withTimeout(10, t -> {
                scope = t;
                return quick();
            }));
            double deadline = scope.when();
            EventLoop loop = getRunningLoop();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> scope.reschedule(loop.time() + 0.01));
            assertEquals(deadline, scope.when(), "a refused reschedule leaves the deadline alone");
            // Had the reschedule armed a deadline, it would cancel this sleep.
            await(sleep(0.05));
            return Coroutine.completed(refused.getMessage());
        }

        @Test
        void rescheduleIsRefusedWhileTheLoopStillRuns() {
            String message = run(reschedulesAfterTheEnd());
            assertTrue(message.contains("reschedule"), message);
            assertFalse(scope.expired());
        }
    }

    @Nested
    class Expired {
        @Async
        Coroutine<String> reschedulesAfterExpiry() {
            try {
                await(withTimeout(0.01, t -> {
                    scope = t;
                    return slow();
                }));
                return Coroutine.completed("no timeout?");
            } catch (AsyncTimeoutException expected) {
                EventLoop loop = getRunningLoop();
                assertThrows(IllegalStateException.class, () -> scope.reschedule(loop.time() + 0.01));
                await(sleep(0.05));
                return Coroutine.completed("timed out once");
            }
        }

        @Test
        void rescheduleIsRefusedAndTheTaskIsNotCancelledAgain() {
            assertEquals("timed out once", run(reschedulesAfterExpiry()));
            assertTrue(scope.expired());
        }

        @Async
        Coroutine<Integer> expiresThenCounts() {
            try {
                await(withTimeout(0.01, t -> slow()));
            } catch (AsyncTimeoutException expected) {
                await(sleep(0));
            }
            return Coroutine.completed(currentTask().cancelling());
        }

        @Test
        void theScopeWithdrawsItsCancellationRequest() {
            assertEquals(0, run(expiresThenCounts()));
        }
    }
}
