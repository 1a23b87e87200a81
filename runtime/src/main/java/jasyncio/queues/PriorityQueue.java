package jasyncio.queues;

import java.util.Comparator;
import java.util.Objects;

/**
 * asyncio's priority queue: a {@link Queue} whose {@link #get} returns the smallest item, by natural order
 * ({@link Comparable} items) or by a {@link Comparator}. Items of equal priority come out in no set order,
 * as with asyncio's heap: put {@code (priority, sequence number)} pairs to keep them FIFO. Items cannot be
 * null.
 *
 * @param <T> the type of the items
 */
public class PriorityQueue<T> extends Queue<T> {
    private final Comparator<? super T> order;

    /** An unbounded queue of {@link Comparable} items, smallest first. */
    public PriorityQueue() {
        this(0, null);
    }

    /** A queue of at most {@code maxsize} {@link Comparable} items, smallest first; 0 (or less): unbounded. */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /** An unbounded queue of items ordered by {@code order}, smallest first. */
    public PriorityQueue(Comparator<? super T> order) {
        this(0, Objects.requireNonNull(order, "order"));
    }

    /** A queue of at most {@code maxsize} items ordered by {@code order} (natural order when null). */
    public PriorityQueue(int maxsize, Comparator<? super T> order) {
        super(maxsize, new java.util.PriorityQueue<>(comparing(order)));
        this.order = order;
    }

    @SuppressWarnings("unchecked")
    private static <T> Comparator<Object> comparing(Comparator<? super T> order) {
        if (order == null) {
            return (a, b) -> ((Comparable<Object>) a).compareTo(b);
        }
        return (a, b) -> order.compare((T) a, (T) b);
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code item} is null
     * @throws ClassCastException if the queue has no comparator and {@code item} is not {@link Comparable}
     */
    @Override
    public void putNowait(T item) {
        Objects.requireNonNull(item, "a PriorityQueue cannot hold null items");
        if (order == null && !(item instanceof Comparable)) {
            throw new ClassCastException(item.getClass().getName() + " is not Comparable: give the PriorityQueue"
                    + " a Comparator");
        }
        super.putNowait(item);
    }
}
