package jasyncio;

/** A callback scheduled at a point in the loop's time ({@link EventLoop#time()}). */
public final class TimerHandle extends Handle implements DescribesWait {
    final long deadlineNanos;
    /** Tie-breaker: timers with the same deadline fire in the order they were set; -1 once out of the heap. */
    long sequence;

    TimerHandle(Object callback, long deadlineNanos, long sequence) {
        super(callback);
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
    }

    /** When the callback is due, in seconds of {@link EventLoop#time()}; infinity for a timer that never fires. */
    public double when() {
        return Delays.seconds(deadlineNanos);
    }

    /** A sleeping task's wait: {@code a timer due in 4.998 s (loop time 1234.567)}. */
    @Override
    public String describeWait() {
        double when = when();
        if (Double.isInfinite(when)) {
            return "a timer that never fires";
        }
        // On the loop's thread its own clock (a test's may be virtual); from another thread (a dump), the real one.
        EventLoop loop = EventLoop.runningOrNull();
        double now = loop != null ? loop.time() : Delays.seconds(System.nanoTime());
        return String.format("a timer due in %.3f s (loop time %.3f)", when - now, when);
    }

    /** True while the timer waits in the heap (not yet due). */
    boolean inHeap() {
        return sequence >= 0;
    }
}
