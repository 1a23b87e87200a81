/**
 * Async iteration: {@link jasyncio.iter.AsyncIterable} and {@link jasyncio.iter.AsyncIterator}, asyncio's
 * {@code async for} and async generators, Kotlin's {@code Flow}.
 *
 * <p>Public: the contract, async generators ({@link jasyncio.iter.AsyncIterable#generate}, {@link jasyncio.iter.Emitter},
 * {@link jasyncio.iter.Producer}, {@link jasyncio.iter.GeneratorExitException}) and the few combinators on
 * {@code AsyncIterable}. Package-private: the generator's machinery ({@code AsyncGenerator}, which drives the
 * producer's frames in the consumer's task through {@code jasyncio.internal}) and the combinators' bodies. Sources
 * live beside what they read ({@code StreamReader.lines()}, {@code DatagramEndpoint.datagrams()}). See
 * docs/async-iteration.md.
 */
package jasyncio.iter;
