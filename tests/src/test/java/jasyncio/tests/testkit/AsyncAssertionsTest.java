package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.test.AsyncTest;
import org.junit.jupiter.api.Nested;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.sleep;
import static jasyncio.test.AsyncAssertions.assertCompletesWithin;
import static jasyncio.test.AsyncAssertions.assertThrowsAsync;
import static jasyncio.test.AsyncAssertions.assertTimesOut;
import static jasyncio.test.AsyncTesting.currentTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions that await: each a coroutine that fails the test with what the awaitable did instead. */
class AsyncAssertionsTest {
    @Nested
    class AssertThrowsAsync {
        @AsyncTest
        void returnsTheExceptionOfTheExpectedType() throws IOException {
            IOException thrown = await(assertThrowsAsync(IOException.class, failsAfter(1, "gone")));
            assertEquals("gone", thrown.getMessage());
            assertEquals(1.0, currentTime());
        }

        @AsyncTest
        void failsWhenTheAwaitableCompletes() {
            AssertionFailedError failure = await(assertThrowsAsync(AssertionFailedError.class,
                    assertThrowsAsync(IOException.class, Coroutine.completed("fine"))));
            assertTrue(failure.getMessage().contains("but it completed with fine"), failure.getMessage());
        }

        @AsyncTest
        void failsWithTheOtherExceptionAsCause() throws IOException {
            AssertionFailedError failure = await(assertThrowsAsync(AssertionFailedError.class,
                    assertThrowsAsync(IllegalStateException.class, failsAfter(0, "io"))));
            assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
        }
    }

    @Nested
    class Timing {
        @AsyncTest
        void assertCompletesWithinReturnsTheResult() {
            assertEquals("late", await(assertCompletesWithin(5, after(4, "late"))));
        }

        @AsyncTest
        void assertCompletesWithinFailsAtTheLimit() {
            AssertionFailedError failure = await(assertThrowsAsync(AssertionFailedError.class,
                    assertCompletesWithin(1, after(4, "late"))));
            assertTrue(failure.getMessage().contains("to complete within 1.0 s"), failure.getMessage());
            assertEquals(1.0, currentTime());
        }

        @AsyncTest
        void assertTimesOutPassesWhileStillPending() {
            await(assertTimesOut(2, after(4, "late")));
            assertEquals(2.0, currentTime());
        }

        @AsyncTest
        void assertTimesOutFailsWhenItCompleted() {
            Coroutine<String> quick = after(1, "quick");
            AssertionFailedError failure = await(assertThrowsAsync(AssertionFailedError.class, assertTimesOut(2, quick)));
            assertTrue(failure.getMessage().contains("but it completed with quick"), failure.getMessage());
            assertSame(AssertionFailedError.class, failure.getClass());
        }
    }

    @Async
    static Coroutine<String> failsAfter(double seconds, String message) throws IOException {
        await(sleep(seconds));
        throw new IOException(message);
    }

    @Async
    static Coroutine<String> after(double seconds, String value) {
        await(sleep(seconds));
        return Coroutine.completed(value);
    }
}
