package jasyncio;

import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The loop's timers: a binary heap on (deadline, sequence). Cancelled timers stay in the heap until they
 * are due, unless they become the majority, when the heap is rebuilt without them.
 */
final class TimerQueue {
    private static final int MIN_CANCELLED_TO_PURGE = 100;

    private final PriorityQueue<TimerHandle> heap = new PriorityQueue<>(
            (a, b) -> a.deadlineNanos != b.deadlineNanos
                    ? Long.compare(a.deadlineNanos, b.deadlineNanos)
                    : Long.compare(a.sequence, b.sequence));
    private long sequence;
    private int cancelledCount;

    TimerHandle add(Object callback, long deadlineNanos) {
        TimerHandle handle = new TimerHandle(callback, deadlineNanos, sequence++, this);
        heap.add(handle);
        return handle;
    }

    void cancelled() {
        cancelledCount++;
        if (cancelledCount > MIN_CANCELLED_TO_PURGE && cancelledCount * 2 > heap.size()) {
            heap.removeIf(h -> {
                h.inHeap = !h.cancelled();
                return !h.inHeap;
            });
            cancelledCount = 0;
        }
    }

    /** Nanoseconds until the first live timer is due (0 if overdue), or -1 when there is none. */
    long nanosUntilNext(long now) {
        TimerHandle first;
        while ((first = heap.peek()) != null && first.cancelled()) {
            heap.poll();
            first.inHeap = false;
            cancelledCount--;
        }
        return first == null ? -1 : Math.max(0, first.deadlineNanos - now);
    }

    /** Removes the timers due at {@code now} and hands them to {@code ready}, in deadline order. */
    void moveDue(long now, Consumer<TimerHandle> ready) {
        TimerHandle first;
        while ((first = heap.peek()) != null && first.deadlineNanos <= now) {
            heap.poll();
            first.inHeap = false;
            if (first.cancelled()) {
                cancelledCount--;
            } else {
                ready.accept(first);
            }
        }
    }

    int size() {
        return heap.size();
    }
}
