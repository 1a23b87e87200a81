package jasyncio.tests.errors;

import jasyncio.Async;
import jasyncio.Coroutine;

import java.util.function.Supplier;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.sleep;

/**
 * Code the agent must refuse, each case at a known line. The agent reports every refusal when this class
 * loads, and the offending code throws the same message when it runs.
 */
final class Misuses {
    static final Object LOCK = new Object();

    private Misuses() {
    }

    static int plainMethodAwaiting() {
        return await(Coroutine.completed(1)); // await in a method that is not @Async
    }

    @Async
    static int asyncReturningInt() { // @Async must return Coroutine
        return 1;
    }

    @Async
    static Coroutine<Void> awaitUnderMonitor() {
        synchronized (LOCK) {
            await(sleep(0)); // await inside synchronized
        }
        return Coroutine.completed();
    }

    @Async
    static synchronized Coroutine<Void> synchronizedAsync() {
        await(sleep(0)); // the method is synchronized
        return Coroutine.completed();
    }

    static Runnable plainLambdaAwaiting() {
        return () -> await(sleep(0)); // await in a lambda not returning Coroutine
    }

    static final class AwaitsInConstructor {
        final int value;

        AwaitsInConstructor() {
            value = await(Coroutine.completed(7)); // await in a constructor
        }
    }

    static final class AwaitsInStaticInitializer {
        static final int VALUE = await(Coroutine.completed(7)); // await in a static initializer
    }

    static Supplier<Coroutine<Integer>> coroutineLambda() {
        return () -> Coroutine.completed(await(Coroutine.completed(3)) + 1);
    }
}
