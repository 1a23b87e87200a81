/**
 * Async iteration: {@link jasyncio.iter.AsyncIterable} and {@link jasyncio.iter.AsyncIterator}, asyncio's
 * {@code async for} and async generators, Kotlin's {@code Flow}.
 */
package jasyncio.iter;
