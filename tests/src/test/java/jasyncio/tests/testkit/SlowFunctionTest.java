package jasyncio.tests.testkit;

import jasyncio.*;
import jasyncio.test.AsyncTest;
import static jasyncio.Asyncio.*;
import static jasyncio.test.AsyncAssertions.assertThrowsAsync;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** README.md's example of "Testing coroutine code", as it is there: keep the two alike. */
class SlowFunctionTest {
    @Async static Coroutine<Integer> slowFunction() { await(sleep(3)); return Coroutine.completed(42); }

    @AsyncTest
    void answersAfterThreeSecondsOfVirtualTime() {
        assertEquals(42, await(slowFunction()));   // at once: the clock jumps to the end of the sleep
        assertEquals(3.0, getRunningLoop().time());
    }

    @AsyncTest
    void timesOutAtOneSecond() {
        await(assertThrowsAsync(AsyncTimeoutException.class, waitFor(slowFunction(), 1)));
    }
}
