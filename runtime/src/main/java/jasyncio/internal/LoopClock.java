package jasyncio.internal;

/**
 * An event loop's clock, injectable so that a test can run the loop on virtual time (jasyncio-test's virtual
 * clock). The loop reads {@link #nanos()} for {@link jasyncio.EventLoop#time()}, timer deadlines and due timers; it
 * calls {@link #idle} and {@link #woke} only around a wait, never on a busy iteration. Not API.
 */
public interface LoopClock {
    /** The real clock: {@link System#nanoTime()}, waits as asked. */
    LoopClock SYSTEM = System::nanoTime;

    /** Now, in nanoseconds of the loop's monotonic time. */
    long nanos();

    /**
     * The loop has nothing ready and would wait up to {@code timeoutNanos} (-1: until woken) for its next timer;
     * {@code realWorkPending} when I/O, executor work or a stage of another thread may still wake it. Returns how
     * long the loop really waits (0: not at all).
     */
    default long idle(long timeoutNanos, boolean realWorkPending) {
        return timeoutNanos;
    }

    /** The wait {@link #idle} asked for is over (it may have ended early). */
    default void woke() {
    }
}
