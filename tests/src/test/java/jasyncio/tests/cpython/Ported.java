package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Context;
import jasyncio.ContextVar;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.test.TestLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;
import static jasyncio.test.AsyncTesting.runTest;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the ported CPython tests share: the pieces of {@code unittest.IsolatedAsyncioTestCase} and
 * {@code test_asyncio.utils} they use, written against jasyncio's public API only.
 */
final class Ported {
    private Ported() {
    }

    /** A coroutine function ({@code async def}) whose body may throw checked exceptions, as Python's may. */
    @FunctionalInterface
    interface AsyncSupplier<T> {
        Coroutine<T> get() throws Exception;
    }

    /**
     * How {@link #asyncTest} runs: on virtual time, its sleeps taking no real time. Leftovers are cancelled
     * silently, as IsolatedAsyncioTestCase does, and steps are not timed (the ports block the loop on purpose).
     */
    @TestLoop(allowPendingTasks = true, allowUnretrievedFailures = true, allowNeverAwaited = true, slowStep = 0)
    private static final class IsolatedAsyncioTestCase {
    }

    /**
     * An {@code async def test_...} of an IsolatedAsyncioTestCase: the body runs as the main task of a new loop, on
     * virtual time.
     */
    static <T> T asyncTest(AsyncSupplier<T> body) {
        return runTest(IsolatedAsyncioTestCase.class.getAnnotation(TestLoop.class), call(body));
    }

    /** The coroutine {@code body} returns (calling a coroutine function runs nothing, so it throws nothing). */
    static <T> Coroutine<T> call(AsyncSupplier<T> body) {
        try {
            return body.get();
        } catch (Exception e) {
            throw new IllegalStateException("a coroutine function threw when called: " + e, e);
        }
    }

    /**
     * {@code test_utils.run_briefly(loop)}: runs a loop that is not running until a task that ends in its first
     * step is done, which takes two iterations (the step, then the done callback that stops the loop).
     */
    static void runBriefly(EventLoop loop) {
        loop.runUntilComplete(once());
    }

    @Async
    private static Coroutine<Void> once() {
        return Coroutine.completed();
    }

    /** {@code [create_task(coro()) for _ in range(n)]}. */
    static <T> List<Task<T>> makeTasks(int n, AsyncSupplier<T> coro) {
        List<Task<T>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(call(coro)));
        }
        return tasks;
    }

    /**
     * {@code with self.assertRaises(type): await awaitable}: the {@code type} it threw. Like unittest's, it fails
     * when the await returns, and lets any other exception through unchanged.
     */
    @Async
    static <E extends Throwable> Coroutine<E> assertAwaitThrows(Class<E> type, Awaitable<?> awaitable) {
        Object value;
        try {
            value = await(awaitable);
        } catch (Throwable e) {
            if (!type.isInstance(e)) {
                throw Ported.<RuntimeException>rethrow(e);
            }
            return Coroutine.completed(type.cast(e));
        }
        return Coroutine.completed(fail("expected " + type.getSimpleName() + ", got the value " + value));
    }

    /** Throws {@code e} as it is, checked or not (Python has no checked exceptions). */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E rethrow(Throwable e) throws E {
        throw (E) e;
    }

    /**
     * A flag the loop raises once {@code seconds} have passed. Awaiting something long and then finding the flag
     * still down shows, by the order of events rather than a timing, that the await was cut short.
     */
    static AtomicBoolean raisedAfter(double seconds) {
        AtomicBoolean raised = new AtomicBoolean();
        getRunningLoop().callLater(seconds, () -> raised.set(true));
        return raised;
    }

    /** Python's {@code 1/0}: throws {@link ArithmeticException}. */
    static int divideByZero() {
        int zero = 0;
        return 1 / zero;
    }

    /** Python's {@code time.sleep(s)} in a coroutine: holds the loop's thread for {@code millis}. */
    static void blockTheLoop(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    /** CPython's {@code ctx.get(cvar)}: the value {@code context} holds, read from inside it. */
    static <V> V valueIn(Context context, ContextVar<V> cvar) {
        try {
            return context.call(cvar::get);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** test_context_4's {@code coro(val)}: sets {@code cvar} after one trip through the loop. */
    @Async
    static Coroutine<Void> sleepThenSet(ContextVar<Integer> cvar, int value) {
        await(sleep(0));
        cvar.set(value);
        return Coroutine.completed();
    }
}
