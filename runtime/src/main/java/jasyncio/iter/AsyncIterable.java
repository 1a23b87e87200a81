package jasyncio.iter;

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
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface AsyncIterable<T> {
    /** A new iterator over this source; close it when stopping early so the source can clean up. */
    AsyncIterator<T> iterator();
}
