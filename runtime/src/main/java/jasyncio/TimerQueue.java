package jasyncio;

import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The loop's timers: a binary heap on (deadline, sequence). A cancelled timer stays in the heap until it is
 * due, except that whenever the heap has doubled since the last sweep, cancelled timers are swept out, so
 * cancelled long sleeps cannot pile up.
 */
final class TimerQueue {
    private static final int MIN_SWEEP_SIZE = 1024;

    private final PriorityQueue<TimerHandle> heap = new PriorityQueue<>(
            (a, b) -> a.deadlineNanos != b.deadlineNanos
                    ? Long.compare(a.deadlineNanos, b.deadlineNanos)
                    : Long.compare(a.sequence, b.sequence));
    private long sequence;
    private int sweepAt = MIN_SWEEP_SIZE;

    TimerHandle add(Object callback, long deadlineNanos) {
        if (heap.size() >= sweepAt) {
            heap.removeIf(TimerQueue::dropIfCancelled);
            sweepAt = Math.max(MIN_SWEEP_SIZE, heap.size() * 2);
        }
        TimerHandle handle = new TimerHandle(callback, deadlineNanos, sequence++);
        heap.add(handle);
        return handle;
    }

    private static boolean dropIfCancelled(TimerHandle handle) {
        if (handle.cancelled()) {
            handle.sequence = -1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until the first live timer is due (0 if overdue), or -1 when there is none. */
    long nanosUntilNext(long now) {
        TimerHandle first;
        while ((first = heap.peek()) != null && first.cancelled()) {
            heap.poll().sequence = -1;
        }
        return first == null ? -1 : Math.max(0, first.deadlineNanos - now);
    }

    /** Removes the timers due at {@code now} and hands the live ones to {@code due}, in deadline order. */
    void moveDue(long now, Consumer<TimerHandle> due) {
        TimerHandle first;
        while ((first = heap.peek()) != null && first.deadlineNanos <= now) {
            heap.poll();
            first.sequence = -1;
            if (!first.cancelled()) {
                due.accept(first);
            }
        }
    }

    int size() {
        return heap.size();
    }
}
