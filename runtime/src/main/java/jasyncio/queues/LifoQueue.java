package jasyncio.queues;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * asyncio's LIFO queue: a {@link Queue} whose {@link #get} returns the item put last, like a stack.
 *
 * @param <T> the type of the items
 */
public class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /** A LIFO queue holding at most {@code maxsize} items; 0 (or less) means unbounded. */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
