package demo;

import jasyncio.AsyncTimeoutException;
import jasyncio.test.AsyncTest;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.test.AsyncAssertions.assertThrowsAsync;
import static jasyncio.test.AsyncTesting.currentTime;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** jasyncio-test's extension in a user's build: test methods that await, on virtual time. */
class AppAsyncTest {
    @AsyncTest
    void answersAfterItsTwoSleeps() {
        assertEquals("Answer: 42", await(App.answer()));
        assertEquals(0.02, currentTime(), 1e-9);
    }

    @AsyncTest
    void timesOutBeforeItsSecondSleepEnds() {
        await(assertThrowsAsync(AsyncTimeoutException.class, waitFor(App.answer(), 0.015)));
        assertEquals(0.015, currentTime(), 1e-9);
    }
}
