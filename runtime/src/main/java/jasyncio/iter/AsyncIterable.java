package jasyncio.iter;

import jasyncio.Coroutine;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A source of values that may have to wait between them: asyncio's async iterable ({@code async for}),
 * Kotlin's {@code Flow}.
 *
 * <p>Consumed with an {@link AsyncIterator}, one value at a time, the consumer asking for each:
 *
 * <pre>{@code
 * try (AsyncIterator<String> lines = reader.lines().iterator()) {   // async for line in reader:
 *     while (await(lines.hasNext())) {
 *         String line = lines.next();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Each call to {@link #iterator()} starts a new iteration where the source allows it (a generator runs
 * its body again); single-use sources (a stream's lines, a queue) say so.
 *
 * <p>Made with {@link #generate} (an async generator), {@link #of} and {@link #from}; transformed lazily by
 * {@link #map}, {@link #mapAsync}, {@link #filter}, {@link #take} and {@link #merge}, each an async generator that
 * closes its upstream when it stops (early or on a failure); consumed by {@link #forEach}, {@link #forEachAsync} and
 * {@link #toList}. Details and the asyncio originals: docs/async-iteration.md.
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface AsyncIterable<T> {
    /** A new iterator over this source; close it when stopping early so the source can clean up. */
    AsyncIterator<T> iterator();

    /**
     * An async generator (PEP 525's {@code async def} with {@code yield}, Kotlin's {@code flow { }}): each
     * {@link #iterator()} runs {@code producer}'s body afresh, from the consumer's first {@code hasNext()}, inside
     * the consumer's task; the body suspends at each {@code await(out.emit(v))} until the consumer asks for the next
     * value, and its {@code finally} blocks run when the consumer stops early (the emit then throws
     * {@link GeneratorExitException}), fails or is cancelled. Its exception reaches the consumer, the same object,
     * at the consumer's next {@code await(hasNext())}.
     */
    static <T> AsyncIterable<T> generate(Producer<T> producer) {
        Objects.requireNonNull(producer, "producer");
        return () -> new AsyncGenerator<>(producer);
    }

    /** The given values, in order, never waiting (each {@link #iterator()} starts again). */
    @SafeVarargs
    static <T> AsyncIterable<T> of(T... values) {
        return from(Arrays.asList(values.clone()));
    }

    /** {@code values} in their order, never waiting; each {@link #iterator()} takes a new {@code values.iterator()}. */
    static <T> AsyncIterable<T> from(Iterable<? extends T> values) {
        Objects.requireNonNull(values, "values");
        return () -> new IteratorSource<>(values.iterator());
    }

    /**
     * The values of all {@code sources} as they come, the sources iterated concurrently, each in a task of its own
     * taking its next value only once the last one is handed on (through a queue of one slot they share); ends when
     * all have ended. The first failure of one is thrown to the consumer and the others are closed (their tasks
     * cancelled and awaited); stopping early closes them all the same.
     */
    @SafeVarargs
    static <T> AsyncIterable<T> merge(AsyncIterable<? extends T>... sources) {
        List<AsyncIterable<? extends T>> all = List.of(sources);
        return generate(out -> Combinators.merge(all, out));
    }

    /** Each value passed through {@code f} (a plain function; {@link #mapAsync} for one that awaits). */
    default <R> AsyncIterable<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return generate(out -> Combinators.map(this, f, out));
    }

    /** Each value passed through {@code f}, a coroutine function ({@code v -> { ... await(...) ... }}), one at a time. */
    default <R> AsyncIterable<R> mapAsync(Function<? super T, Coroutine<R>> f) {
        Objects.requireNonNull(f, "f");
        return generate(out -> Combinators.mapAsync(this, f, out));
    }

    /** The values that pass {@code test}. */
    default AsyncIterable<T> filter(Predicate<? super T> test) {
        Objects.requireNonNull(test, "test");
        return generate(out -> Combinators.filter(this, test, out));
    }

    /**
     * The first {@code n} values; then the upstream is closed (a generator's {@code finally} blocks run) before the
     * consumer's {@code hasNext()} returns false. With {@code n <= 0} the upstream is never started.
     */
    default AsyncIterable<T> take(long n) {
        return generate(out -> Combinators.take(this, n, out));
    }

    /**
     * Calls {@code action} on each value, in order; closes the source and rethrows if it throws. The coroutine
     * completes once the source has ended (or, after a failure, has cleaned up).
     */
    default Coroutine<Void> forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return Combinators.forEach(this, action);
    }

    /** Awaits {@code action}, a coroutine function, on each value in turn, as {@link #forEach} does. */
    default Coroutine<Void> forEachAsync(Function<? super T, Coroutine<?>> action) {
        Objects.requireNonNull(action, "action");
        return Combinators.forEachAsync(this, action);
    }

    /** All the values, in order, once the source has ended (Python's {@code [v async for v in source]}). */
    default Coroutine<List<T>> toList() {
        return Combinators.toList(this);
    }
}
