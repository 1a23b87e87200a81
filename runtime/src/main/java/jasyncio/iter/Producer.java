package jasyncio.iter;

import jasyncio.Coroutine;

/**
 * The body of an async generator ({@link AsyncIterable#generate}): a coroutine lambda, or a method reference to an
 * {@code @Async} method, that emits its values through the {@link Emitter} it is given and may await anything
 * between them.
 *
 * <pre>{@code
 * AsyncIterable<Integer> ticks = AsyncIterable.generate(out -> {   // async def ticks():
 *     for (int i = 0; i < 3; i++) {                                 //     for i in range(3):
 *         await(out.emit(i));                                       //         yield i
 *         await(sleep(1));                                          //         await asyncio.sleep(1)
 *     }
 *     return Coroutine.completed();
 * });
 * }</pre>
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface Producer<T> {
    /**
     * The coroutine that produces one pass of values into {@code out}; called once per {@link AsyncIterable#iterator()},
     * at the consumer's first {@code hasNext()}. Its exception reaches the consumer at its next {@code hasNext()}.
     */
    Coroutine<Void> produce(Emitter<T> out) throws Exception;
}
