package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code sleep(s)}: a coroutine like any other (awaited once), whose timer goes away with a cancellation. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SleepTest {
    @Nested
    class AwaitedOnce {
        @Async
        static Coroutine<String> awaitsOneSleepTwice() {
            Coroutine<Void> nap = sleep(0.001);
            await(nap);
            try {
                await(nap);
                return Coroutine.completed("slept twice");
            } catch (IllegalStateException refused) {
                return Coroutine.completed(refused.getMessage());
            }
        }

        @Test
        void aSecondAwaitOfTheSameSleepIsRefused() {
            String message = run(awaitsOneSleepTwice());
            assertTrue(message.contains("already awaited"), message);
        }

        @Async
        static Coroutine<Integer> yieldsThriceWithOneSleepZero() {
            Coroutine<Void> yield = sleep(0);
            for (int i = 0; i < 3; i++) {
                await(yield);
            }
            return Coroutine.completed(3);
        }

        @Test
        void sleepZeroMayBeAwaitedAnyNumberOfTimes() {
            assertEquals(3, run(yieldsThriceWithOneSleepZero()));
        }
    }

    @Nested
    class Cancelled {
        @Async
        static Coroutine<Double> sleepsAgainAfterACancelledSleep() {
            try {
                await(sleep(0.05));
                fail("the first sleep was to be cancelled");
            } catch (CancellationException expected) {
                // carry on, and sleep longer than the cancelled sleep would have
            }
            EventLoop loop = getRunningLoop();
            double start = loop.time();
            await(sleep(0.3));
            return Coroutine.completed(loop.time() - start);
        }

        @Async
        static Coroutine<Double> cancelsASleeper() {
            Task<Double> sleeper = createTask(sleepsAgainAfterACancelledSleep());
            await(sleep(0));
            assertTrue(sleeper.cancel());
            return Coroutine.completed(await(sleeper));
        }

        /** The cancelled sleep's timer, had it stayed in the heap, would wake the second sleep 0.25 s early. */
        @Test
        void theCancelledSleepsTimerDoesNotWakeTheTaskLater() {
            double slept = run(cancelsASleeper());
            assertTrue(slept >= 0.299, "the second sleep ended after " + slept + " s instead of 0.3 s");
        }
    }

    @Nested
    class WithAResult {
        @Async
        static Coroutine<String> sleepThenAnswer() {
            return sleep(0.001, "answer");
        }

        @Test
        void sleepReturnsTheResultGiven() {
            assertEquals("answer", run(sleepThenAnswer()));
        }

        @Test
        void aZeroSleepWithAResultYieldsOnceAndReturnsIt() {
            assertEquals(List.of("before", "other", "after 7"), run(yieldWithResult()));
        }

        @Async
        static Coroutine<List<String>> yieldWithResult() {
            List<String> order = new ArrayList<>(List.of("before"));
            getRunningLoop().callSoon(() -> order.add("other"));
            int seven = await(sleep(0, 7));
            order.add("after " + seven);
            return Coroutine.completed(order);
        }
    }
}
