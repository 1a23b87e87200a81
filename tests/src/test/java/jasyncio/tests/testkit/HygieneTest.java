package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.test.AsyncTesting.runTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a test leaves behind fails it, naming the culprit; each check can be relaxed. */
@Timeout(60)
class HygieneTest {
    @TestLoop(allowPendingTasks = true)
    private static final class PendingTasksAllowed {
    }

    @TestLoop(allowUnretrievedFailures = true)
    private static final class UnretrievedFailuresAllowed {
    }

    @TestLoop(allowNeverAwaited = true)
    private static final class NeverAwaitedAllowed {
    }

    @TestLoop(slowStep = 0.05)
    private static final class FiftyMillisecondSteps {
    }

    private static TestLoop settingsOf(Class<?> holder) {
        return holder.getAnnotation(TestLoop.class);
    }

    @Nested
    class PendingTasks {
        @Test
        void failTheTestWithTheirNameAndWhereTheyWait() {
            AssertionError leak = assertThrows(AssertionError.class, () -> runTest(leaves("leaky")));
            String report = leak.getMessage();
            assertTrue(report.contains("1 task still pending at the end"), report);
            assertTrue(report.contains("name='leaky'"), report);
            assertTrue(report.contains("HygieneTest.sleepsForAnHour() running at HygieneTest.java:"), report);
            assertTrue(report.contains("created by jasyncio.tests.testkit.HygieneTest.leaves(HygieneTest.java:"), report);
        }

        @Test
        void areCancelledWithoutFailingWhenAllowed() {
            assertEquals("done", runTest(settingsOf(PendingTasksAllowed.class), leaves("tolerated")));
        }
    }

    @Nested
    class UnretrievedFailures {
        @Test
        void failTheTestWithTheFailure() {
            AssertionError unretrieved = assertThrows(AssertionError.class, () -> runTest(failsUnawaited()));
            String report = unretrieved.getMessage();
            assertTrue(report.contains("a failure nobody retrieved"), report);
            assertTrue(report.contains("name='forgotten'"), report);
            assertTrue(report.contains("java.lang.IllegalStateException: nobody asked"), report);
        }

        @Test
        void passWhenTheFailureIsRetrievedLater() {
            assertEquals("nobody asked", runTest(failsThenRetrieved()));
        }

        @Test
        void passWhenAllowed() {
            assertEquals("done", runTest(settingsOf(UnretrievedFailuresAllowed.class), failsUnawaited()));
        }
    }

    @Nested
    class NeverAwaitedCoroutines {
        @Test
        void failTheTestWithWhereTheyWereCreated() {
            AssertionError forgotten = assertThrows(AssertionError.class, () -> runTest(forgetsAnAwait()));
            String report = forgotten.getMessage();
            assertTrue(report.contains("coroutine HygieneTest.sleepsForAnHour() was never awaited"), report);
            assertTrue(report.contains("at jasyncio.tests.testkit.HygieneTest.forgetsAnAwait"), report);
        }

        @Test
        void passWhenAllowed() {
            assertEquals("done", runTest(settingsOf(NeverAwaitedAllowed.class), forgetsAnAwait()));
        }
    }

    @Nested
    class SlowSteps {
        @Test
        void failTheTestWithTheBlockingStack() {
            AssertionError slow = assertThrows(AssertionError.class,
                    () -> runTest(settingsOf(FiftyMillisecondSteps.class), blocksFor(500)));
            String report = slow.getMessage();
            assertTrue(report.contains("a step blocked the event loop"), report);
            assertTrue(report.contains("HygieneTest.blocksFor"), report);
        }
    }

    @Async
    static Coroutine<String> leaves(String name) {
        createTask(sleepsForAnHour(), name);
        await(sleep(0));
        return Coroutine.completed("done");
    }

    @Async
    static Coroutine<String> forgetsAnAwait() {
        await(sleep(0));
        sleepsForAnHour();
        return Coroutine.completed("done");
    }

    @Async
    static Coroutine<Void> sleepsForAnHour() {
        await(sleep(7200));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> fails() {
        await(sleep(0));
        throw new IllegalStateException("nobody asked");
    }

    @Async
    static Coroutine<String> failsUnawaited() {
        createTask(fails(), "forgotten");
        await(sleep(1));
        return Coroutine.completed("done");
    }

    @Async
    static Coroutine<String> failsThenRetrieved() {
        Task<Void> task = createTask(fails(), "awaited late");
        await(sleep(1));
        return Coroutine.completed(task.exception().getMessage());
    }

    @Async
    static Coroutine<Void> blocksFor(long millis) throws InterruptedException {
        await(sleep(0));
        Thread.sleep(millis);
        return Coroutine.completed();
    }
}
