/**
 * jasyncio: asyncio for Java. The public API: {@link jasyncio.Async} methods return a
 * {@link jasyncio.Coroutine}; {@link jasyncio.Asyncio} holds {@code await}, {@code run}, {@code sleep},
 * {@code gather} and the rest; {@link jasyncio.EventLoop}, {@link jasyncio.Future} and {@link jasyncio.Task}
 * are asyncio's loop, future and task.
 *
 * <p>The package also holds the scheduler's package-private parts (await dispatch, timers, gathering), so
 * that none of them needs to be public. Some methods here are themselves {@code @Async} and are rewritten
 * when the runtime is built.
 */
package jasyncio;
