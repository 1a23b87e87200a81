package jasyncio.tests.agent;

import jasyncio.Async;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.sleep;

/** The coroutine the launcher programs run; kept apart so that a program can load it before or after the agent. */
public final class Work {
    private Work() {
    }

    @Async
    public static Coroutine<Integer> answer() {
        await(sleep(0.01));
        return Coroutine.completed(42);
    }
}
