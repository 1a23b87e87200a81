package demo;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AppTest {
    @Async
    static Coroutine<String> awaitingTest() {
        return Coroutine.completed(await(App.answer()) + "!");
    }

    @Test
    void answers42() {
        assertEquals("Answer: 42!", run(awaitingTest()));
    }
}
