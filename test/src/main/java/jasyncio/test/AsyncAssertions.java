package jasyncio.test;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Awaitable;
import jasyncio.Coroutine;

import org.opentest4j.AssertionFailedError;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.waitFor;

/**
 * JUnit's assertions for awaitables, each a coroutine to await ({@code import static
 * jasyncio.test.AsyncAssertions.*}): {@code var e = await(assertThrowsAsync(IOException.class, client.fetch()));}.
 */
public final class AsyncAssertions {
    private AsyncAssertions() {
    }

    /**
     * Awaits {@code awaitable} and returns what it threw, which must be a {@code type}; fails if it completed or
     * threw something else (then with that as the cause).
     */
    @Async
    public static <E extends Throwable> Coroutine<E> assertThrowsAsync(Class<E> type, Awaitable<?> awaitable) {
        Object value;
        try {
            value = await(awaitable);
        } catch (Throwable thrown) {
            if (type.isInstance(thrown)) {
                return Coroutine.completed(type.cast(thrown));
            }
            throw new AssertionFailedError("expected " + awaitable + " to throw " + type.getName() + ", but it threw "
                    + thrown, thrown);
        }
        throw new AssertionFailedError("expected " + awaitable + " to throw " + type.getName()
                + ", but it completed with " + value);
    }

    /** Awaits {@code awaitable} and returns its result; fails if it takes longer than {@code seconds} of loop time. */
    @Async
    public static <T> Coroutine<T> assertCompletesWithin(double seconds, Awaitable<T> awaitable) {
        try {
            return Coroutine.completed(await(waitFor(awaitable, seconds)));
        } catch (AsyncTimeoutException e) {
            throw new AssertionFailedError("expected " + awaitable + " to complete within " + seconds
                    + " s, but it was still pending then (and was cancelled)", e);
        }
    }

    /**
     * Awaits {@code awaitable} for {@code seconds} of loop time and expects it still pending then (it is cancelled);
     * fails if it completed or threw.
     */
    @Async
    public static Coroutine<Void> assertTimesOut(double seconds, Awaitable<?> awaitable) {
        Object value;
        try {
            value = await(waitFor(awaitable, seconds));
        } catch (AsyncTimeoutException expected) {
            return Coroutine.completed();
        } catch (Throwable thrown) {
            throw new AssertionFailedError("expected " + awaitable + " to be pending after " + seconds
                    + " s, but it threw " + thrown, thrown);
        }
        throw new AssertionFailedError("expected " + awaitable + " to be pending after " + seconds
                + " s, but it completed with " + value);
    }
}
