package jasyncio.sync;

/**
 * asyncio's bounded semaphore: a {@link Semaphore} that refuses to hold more permits than it started with,
 * so that a release without a matching acquire is caught ({@link IllegalStateException}: "BoundedSemaphore
 * released too many times") instead of silently raising the limit.
 */
public class BoundedSemaphore extends Semaphore {
    private final int bound;

    public BoundedSemaphore(int permits) {
        super(permits);
        this.bound = permits;
    }

    /** The initial number of permits, which {@link #release()} never exceeds. */
    public int bound() {
        return bound;
    }

    @Override
    public void release() {
        checkLoop();
        if (available() >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times: " + this);
        }
        super.release();
    }
}
