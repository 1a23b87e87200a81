package jasyncio.iter;

import jasyncio.Awaitable;

/**
 * One pass over an {@link AsyncIterable}: {@code await(it.hasNext())} waits for the next value (or the end),
 * {@link #next()} takes it.
 *
 * <p>Contract, the same for every source:
 * <ul>
 *   <li>{@code hasNext()} completes with {@code true} when a value is ready, {@code false} at the end, or
 *       with the source's failure (a producer's exception reaches the consumer at its next step). Awaiting
 *       it again before {@code next()} does not skip a value.</li>
 *   <li>{@code next()} returns the value the last {@code hasNext()} made ready and never waits; without
 *       one it throws {@link java.util.NoSuchElementException}.</li>
 *   <li>{@link #close()} (try-with-resources) stops the iteration early and lets the source clean up (a
 *       generator's {@code finally} blocks run, asyncio's {@code aclose()}); it is idempotent, and after it
 *       {@code hasNext()} is {@code false}. {@code await(it.aclose())} also waits until the clean-up has
 *       finished and rethrows its failure.</li>
 *   <li>Only the loop's thread uses an iterator, one consumer at a time.</li>
 * </ul>
 *
 * @param <T> the type of the values
 */
public interface AsyncIterator<T> extends AutoCloseable {
    /** Waits until the next value is ready ({@code true}) or the source has ended ({@code false}). */
    Awaitable<Boolean> hasNext();

    /** The value made ready by the last {@link #hasNext()}. */
    T next();

    /** Stops early and waits for the source's clean-up; idempotent. */
    Awaitable<Void> aclose();

    /** Stops early; the source's clean-up starts now and finishes on the loop without being awaited. */
    @Override
    void close();
}
