package jasyncio.test;

import jasyncio.internal.LoopClock;

/**
 * A test loop's virtual clock, in the manner of Trio's {@code MockClock(autojump_threshold=0)}: it starts at 0,
 * stands still while the loop works, and jumps to the next timer as soon as nothing is ready and no real work is
 * pending. While real work is pending (I/O, executor work, a stage of another thread) it cannot know when that
 * work will wake the loop, so the loop really waits, and the clock advances by the time it waited, never past the
 * next timer. Read and moved by the loop's thread only.
 */
final class VirtualClock implements LoopClock {
    private long now;
    /** When a real wait began ({@link System#nanoTime()}), and its limit (-1: none); waitStart -1 between waits. */
    private long waitStart = -1;
    private long waitLimit;

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public long idle(long timeoutNanos, boolean realWorkPending) {
        if (!realWorkPending) {
            if (timeoutNanos > 0) {
                now += timeoutNanos;
                return 0;
            }
            return timeoutNanos; // no timer: only another thread can wake the loop (or the test's timeout)
        }
        waitStart = System.nanoTime();
        waitLimit = timeoutNanos;
        return timeoutNanos;
    }

    @Override
    public void woke() {
        if (waitStart >= 0) {
            long waited = System.nanoTime() - waitStart;
            now += waitLimit < 0 ? waited : Math.min(waited, waitLimit);
            waitStart = -1;
        }
    }
}
