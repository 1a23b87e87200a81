package jasyncio;

/** A callback scheduled at a point in the loop's time ({@link EventLoop#time()}). */
public final class TimerHandle extends Handle {
    final long deadlineNanos;
    /** Tie-breaker: timers with the same deadline fire in the order they were set. */
    final long sequence;
    private final TimerQueue queue;
    /** True while the handle sits in the timer heap (not yet due). */
    boolean inHeap = true;

    TimerHandle(Object callback, long deadlineNanos, long sequence, TimerQueue queue) {
        super(callback);
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.queue = queue;
    }

    /** When the callback is due, in seconds of {@link EventLoop#time()}. */
    public double when() {
        return deadlineNanos / 1e9;
    }

    @Override
    public void cancel() {
        if (!cancelled()) {
            super.cancel();
            if (inHeap) {
                queue.cancelled();
            }
        }
    }
}
