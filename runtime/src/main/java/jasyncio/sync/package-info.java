/**
 * asyncio's synchronisation primitives ({@code asyncio.locks}): {@link jasyncio.sync.Lock},
 * {@link jasyncio.sync.Event}, {@link jasyncio.sync.Condition}, {@link jasyncio.sync.Semaphore},
 * {@link jasyncio.sync.BoundedSemaphore} and {@link jasyncio.sync.Barrier}. Not thread-safe: each binds to the
 * event loop that first uses it. They build only on the public core API and the loop binding of
 * {@code jasyncio.internal}; nothing of the scheduler belongs here.
 */
package jasyncio.sync;
