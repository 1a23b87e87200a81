package jasyncio.tests.support;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.sleep;

/** Coroutines the tests share: one that fails on cue, one that turns a failure into a value. */
public final class Outcomes {
    private Outcomes() {
    }

    @Async
    public static Coroutine<String> failAfter(double seconds, RuntimeException error) {
        await(sleep(seconds));
        throw error;
    }

    /** What {@code awaitable} failed with, or null if it succeeded. */
    @Async
    public static Coroutine<Throwable> failureOf(Awaitable<?> awaitable) {
        try {
            await(awaitable);
        } catch (Throwable e) {
            return Coroutine.completed(e);
        }
        return Coroutine.completed(null);
    }
}
