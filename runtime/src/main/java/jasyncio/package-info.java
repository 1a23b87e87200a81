/**
 * jasyncio: asyncio for Java. The core API: {@link jasyncio.Async} methods return a {@link jasyncio.Coroutine};
 * {@link jasyncio.Asyncio} holds {@code await}, {@code run}, {@code sleep}, {@code gather} and the rest;
 * {@link jasyncio.EventLoop}, {@link jasyncio.Future} and {@link jasyncio.Task} are asyncio's loop, future and
 * task; {@link jasyncio.TaskGroup}, {@link jasyncio.Timeout} and {@link jasyncio.ContextVar} its structured
 * concurrency, timeouts and context variables; {@link jasyncio.TaskFactory} how a loop makes its tasks (eagerly
 * or not); {@link jasyncio.Runner} runs several coroutines on one loop; {@link jasyncio.TaskDump} shows every
 * loop's tasks from any thread. Primitives live in
 * {@code jasyncio.sync}, queues in {@code jasyncio.queues}, networking in {@code jasyncio.net}.
 *
 * <p>The package also holds the scheduler's package-private parts beside the loop (await dispatch, the timer
 * heap, the I/O readiness handler, the slow-step watchdog, the signal handlers, gathering, racing, the await
 * chains added to stack traces), so that none of them needs to be public; what the other packages need of them goes through
 * {@code jasyncio.internal.CoreAccess}. Some methods here are
 * themselves {@code @Async} and are rewritten when the runtime is built.
 */
package jasyncio;
