package jasyncio.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.internal.CoreAccess;
import jasyncio.Future;
import jasyncio.internal.LoopBinding;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.await;

/**
 * asyncio's semaphore: a counter of permits; {@link #acquire()} waits while it is zero, {@link #release()}
 * gives one back. Waiters are served in FIFO order, and a waiter cancelled while waiting takes nothing.
 *
 * <p>As in asyncio 3.13, a waiter woken by a release keeps its place in line until it has run: the permit is
 * set aside for it, the semaphore stays {@link #locked()} meanwhile, and a task arriving in between waits behind
 * it instead of overtaking it.
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
    /** Permits neither held nor set aside for a woken waiter. */
    private int permits;
    /** Waiting tasks in arrival order, woken ones (done futures) included until they have run. */
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();

    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("initial permits must be >= 0, not " + permits);
        }
        this.permits = permits;
    }

    /** True when {@link #acquire()} would wait: no permit is free, or others are in line (woken or not). */
    public boolean locked() {
        if (permits == 0) {
            return true;
        }
        for (Future<Void> waiter : waiters) {
            if (!waiter.cancelled()) {
                return true;
            }
        }
        return false;
    }

    /** Takes a permit, waiting in line for one if none is free. */
    @Async
    public Coroutine<Void> acquire() {
        EventLoop loop = binding.require(this, "Semaphore.acquire");
        if (!locked()) {
            permits--;
            return Coroutine.completed();
        }
        Future<Void> turn = CoreAccess.hooks().createWaiter(loop, () -> "acquire " + this);
        waiters.add(turn);
        try {
            try {
                await(turn);
            } finally {
                waiters.remove(turn);
            }
        } catch (CancellationException e) {
            if (turn.done() && !turn.cancelled()) {
                // Granted and cancelled in the same iteration: the permit set aside for us goes back.
                permits++;
            }
            throw e;
        } finally {
            // Tasks that arrived while we were woken waited behind us: wake as many as there are free permits.
            wakeUpWaiters();
        }
        return Coroutine.completed();
    }

    /**
     * Takes a permit if that needs no wait and returns true, else returns false at once. Like {@link #acquire()}
     * it never overtakes a task in line, even one already woken but not yet run.
     */
    public boolean tryAcquire() {
        checkLoop();
        if (locked()) {
            return false;
        }
        permits--;
        return true;
    }

    /** Gives a permit back, waking the first waiter. */
    public void release() {
        checkLoop();
        permits++;
        wakeUpWaiters();
    }

    /** Sets the free permits aside for the first waiters not yet woken, in line order, and wakes them. */
    private void wakeUpWaiters() {
        for (Iterator<Future<Void>> line = waiters.iterator(); permits > 0 && line.hasNext(); ) {
            Future<Void> waiter = line.next();
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
