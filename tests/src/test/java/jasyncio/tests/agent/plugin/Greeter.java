package jasyncio.tests.agent.plugin;

import jasyncio.Async;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.sleep;

/** Plugin code with one coroutine and nothing else to it. */
public final class Greeter {
    private Greeter() {
    }

    @Async
    public static Coroutine<String> greet(String name) {
        await(sleep(0));
        return Coroutine.completed("hello " + name);
    }
}
