package jasyncio.tests;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Async
    static Coroutine<Integer> add(int a, int b) {
        await(sleep(0.01));
        int c = a + b;
        await(sleep(0));
        return Coroutine.completed(c);
    }

    @Async
    static Coroutine<Integer> twice() {
        int x = await(add(1, 2));
        int y = await(add(x, 10));
        return Coroutine.completed(x + y);
    }

    @Test
    void runsACoroutine() {
        assertEquals(16, run(twice()));
    }
}
