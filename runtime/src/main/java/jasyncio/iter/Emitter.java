package jasyncio.iter;

import jasyncio.Awaitable;

/**
 * What an async generator's body emits its values through: {@code await(out.emit(v))} is Python's
 * {@code yield v} in an {@code async def}, Kotlin's {@code emit(v)} in {@code flow { }}.
 *
 * <p>The await suspends the producer until the consumer asks for the next value, so the producer never runs more
 * than one value ahead. When the consumer stops early ({@link AsyncIterator#close()} or {@link AsyncIterator#aclose()}),
 * the await throws {@link GeneratorExitException} instead of returning, so the producer's {@code finally} blocks run.
 * Only the generator's own body (and the coroutines it awaits), while it runs, may await an emit: anywhere else
 * (another task, a callback, another generator's body, after the end) it throws {@link IllegalStateException}.
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface Emitter<T> {
    /** An awaitable that hands {@code value} to the consumer and completes when the consumer asks for the next one. */
    Awaitable<Void> emit(T value);
}
