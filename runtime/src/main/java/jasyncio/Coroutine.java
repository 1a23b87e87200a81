package jasyncio;

import jasyncio.internal.CoreAccess;

/**
 * The object an {@link Async} method returns: a computation that has not run yet.
 *
 * <p>It runs when awaited ({@code await(coro)} drives it inline in the awaiting task, like Python's
 * {@code yield from}) or when wrapped in a task ({@link Asyncio#createTask(Coroutine)}). A coroutine is
 * awaited at most once. Inside an {@code @Async} method, {@code return Coroutine.completed(v)} sets the
 * result; returning another coroutine awaits it and returns its result.
 *
 * <p>Coroutines come from {@code @Async} methods, coroutine lambdas, {@link #completed(Object)} and
 * jasyncio's own functions; this class is not meant to be subclassed elsewhere.
 *
 * @param <T> the type of the result
 */
public abstract class Coroutine<T> implements Awaitable<T> {
    static {
        // Before any frame can run: Frame extends Coroutine, so this runs before Frame's own initialiser.
        CoreAccess.install(new CoreHooks());
    }

    /** For jasyncio's own subclasses only (the rewritten frames live in {@code jasyncio.internal}). */
    protected Coroutine() {
    }

    /** A coroutine whose result is {@code value}: {@code return Coroutine.completed(v)} ends an {@code @Async} method. */
    public static <T> Coroutine<T> completed(T value) {
        return new CompletedCoroutine<>(value);
    }

    /** A coroutine whose result is {@code null}, for {@code Coroutine<Void>} methods. */
    public static <T> Coroutine<T> completed() {
        return new CompletedCoroutine<>(null);
    }
}
