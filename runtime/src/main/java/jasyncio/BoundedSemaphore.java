package jasyncio;

/**
 * asyncio's bounded semaphore: a {@link Semaphore} that refuses to hold more permits than it started with,
 * so that a release without a matching acquire is caught ({@link IllegalStateException}: "BoundedSemaphore
 * released too many times") instead of silently raising the limit.
 *
 * <p>It belongs to the event loop that first uses it; calling it from another thread throws
 * {@link IllegalStateException}.
 */
public class BoundedSemaphore extends Semaphore {
    private final LoopBinding binding = new LoopBinding();
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
    public Coroutine<Void> acquire() {
        binding.check(this);
        return super.acquire();
    }

    @Override
    public void release() {
        binding.check(this);
        if (available() >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times: " + this);
        }
        super.release();
    }
}
