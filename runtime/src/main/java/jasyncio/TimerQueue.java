package jasyncio;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The loop's timers: a binary heap on (deadline, sequence). A cancelled timer stays in the heap until it is
 * due, except that whenever the heap has doubled since the last sweep, cancelled timers are swept out, so
 * cancelled long sleeps cannot pile up.
 */
final class TimerQueue {
    private static final int MIN_SWEEP_SIZE = 1024;
    private static final long MAX_WAIT_NANOS = TimeUnit.DAYS.toNanos(1);

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

    /**
     * Nanoseconds until the first live timer is due (0 if overdue), at most a day, or -1 when there is none. Like
     * asyncio's {@code MAXIMUM_SELECT_TIMEOUT}, the cap keeps a far deadline ({@link Delays#NEVER}) from overflowing
     * the wait: the loop wakes once a day and waits again.
     */
    long nanosUntilNext(long now) {
        TimerHandle first;
        while ((first = heap.peek()) != null && first.cancelled()) {
            heap.poll().sequence = -1;
        }
        if (first == null) {
            return -1;
        }
        if (first.deadlineNanos <= now) {
            return 0;
        }
        long wait = first.deadlineNanos - now;
        return wait < 0 || wait > MAX_WAIT_NANOS ? MAX_WAIT_NANOS : wait; // < 0: the subtraction overflowed
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
