package jasyncio;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.await;

/**
 * asyncio's semaphore: a counter of permits; {@link #acquire()} waits while it is zero, {@link #release()}
 * gives one back. Waiters are served in FIFO order, and a waiter cancelled while waiting takes nothing.
 *
 * <p>It belongs to the event loop that first uses it; calling it from another thread throws
 * {@link IllegalStateException}.
 *
 * <pre>{@code
 * await(semaphore.acquire());
 * try { ... } finally { semaphore.release(); }
 * }</pre>
 */
public class Semaphore {
    private final LoopBinding binding = new LoopBinding();
    private int permits;
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();

    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("initial permits must be >= 0, not " + permits);
        }
        this.permits = permits;
    }

    /** True when {@link #acquire()} would wait. */
    public boolean locked() {
        return permits == 0 || !waiters.isEmpty();
    }

    /** Takes a permit, waiting in line for one if none is free. */
    @Async
    public Coroutine<Void> acquire() {
        EventLoop loop = binding.require(this, "Semaphore.acquire");
        if (!locked()) {
            permits--;
            return Coroutine.completed();
        }
        Future<Void> turn = loop.createFuture();
        waiters.add(turn);
        try {
            await(turn);
        } catch (CancellationException e) {
            waiters.remove(turn);
            if (turn.done() && !turn.cancelled()) {
                // Granted and cancelled in the same iteration: hand the permit on.
                permits++;
                wakeUpNext();
            }
            throw e;
        }
        return Coroutine.completed();
    }

    /** Gives a permit back, waking the first waiter. */
    public void release() {
        checkLoop();
        permits++;
        wakeUpNext();
    }

    /** Moves a free permit to the first waiter still waiting. */
    private void wakeUpNext() {
        for (Future<Void> waiter; permits > 0 && (waiter = waiters.poll()) != null; ) {
            if (!waiter.done()) {
                permits--;
                waiter.setResult(null);
            }
        }
    }

    /** Fails unless called on the loop this semaphore belongs to (binding it on first use). */
    void checkLoop() {
        binding.check(this);
    }

    /** Permits free right now. */
    public int available() {
        return permits;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + (locked() ? " locked" : " unlocked") + " value=" + permits
                + " waiters=" + waiters.size() + ">";
    }
}
