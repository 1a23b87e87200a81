/**
 * asyncio's queues ({@code asyncio.queues}): the FIFO {@link jasyncio.queues.Queue}, {@link jasyncio.queues.LifoQueue}
 * and {@link jasyncio.queues.PriorityQueue}, and their exceptions. Like the primitives of {@code jasyncio.sync}, a
 * queue binds to the event loop that first uses it.
 */
package jasyncio.queues;
