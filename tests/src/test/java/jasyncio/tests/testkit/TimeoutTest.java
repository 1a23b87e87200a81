package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.test.AsyncTesting.runTest;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test that hangs is stopped by its timeout (real time, as virtual time may jump past any deadline): its task is
 * cancelled, the report lists every pending task with where it is suspended, and no thread it started runs on.
 */
@Timeout(60)
class TimeoutTest {
    @TestLoop(timeout = 0.5)
    private static final class HalfASecond {
    }

    @TestLoop(timeout = 0.5, slowStep = 0)
    private static final class HalfASecondBlockingAllowed {
    }

    @Nested
    class AHungTest {
        @Test
        void isCancelledWithEveryPendingTaskAndItsAwaitInTheReport() {
            AssertionError timedOut = assertThrows(AssertionError.class,
                    () -> runTest(HalfASecond.class.getAnnotation(TestLoop.class), hangsBesideAHelper()));
            String report = timedOut.getMessage();
            assertTrue(report.contains("timed out after 0.5 s"), report);
            assertTrue(report.contains("name='helper'"), report);
            assertTrue(report.contains("TimeoutTest.waitsForever() running at TimeoutTest.java:"), report);
            assertTrue(report.contains("TimeoutTest.hangsBesideAHelper() running at TimeoutTest.java:"), report);
            // Each with its await chain and what it waits for.
            assertTrue(report.contains("waiting for <Future pending"), report);
            assertTrue(report.contains("at jasyncio.tests.testkit.TimeoutTest.waitsForever(TimeoutTest.java:"), report);
        }

        @Test
        void leavesItsThreadUninterruptedAndUsable() {
            assertThrows(AssertionError.class,
                    () -> runTest(HalfASecond.class.getAnnotation(TestLoop.class), hangsBesideAHelper()));
            assertFalse(Thread.currentThread().isInterrupted());
            assertTrue(runTest(Coroutine.completed(true)));
        }
    }

    @Nested
    class AStepThatNeverYields {
        @Test
        void isInterruptedAfterAGraceWithTheLoopThreadsStackInTheReport() {
            AssertionError timedOut = assertThrows(AssertionError.class,
                    () -> runTest(HalfASecondBlockingAllowed.class.getAnnotation(TestLoop.class), blocksTheLoop()));
            String report = timedOut.getMessage();
            assertTrue(report.contains("never got back from a step"), report);
            assertTrue(report.contains("TimeoutTest.blocksTheLoop"), report);
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    @Async
    static Coroutine<Void> hangsBesideAHelper() {
        createTask(waitsForever(), "helper");
        return waitsForever();
    }

    @Async
    static Coroutine<Void> waitsForever() {
        await(getRunningLoop().createFuture());
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> blocksTheLoop() throws InterruptedException {
        Thread.sleep(60_000);
        return Coroutine.completed();
    }
}
