package jasyncio.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.CoreAccess;
import jasyncio.internal.LoopBinding;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.await;

/**
 * asyncio's mutual-exclusion lock. {@link #acquire()} waits while another task holds the lock; waiters get
 * it in FIFO order, and a waiter cancelled while waiting takes nothing (if the lock was already passed to
 * it, it passes it on).
 *
 * <pre>{@code
 * await(lock.acquire());
 * try { ... } finally { lock.release(); }
 * }</pre>
 *
 * <p>Unlike asyncio's, the lock has an owner: the task that acquired it is the only one that may release
 * it (releasing it from another task or from a plain callback throws {@link IllegalStateException}, as
 * releasing an unlocked lock does), so that a stray release cannot let two tasks in at once.
 *
 * <p>The lock belongs to the event loop that first uses it; calling it from another thread or loop throws
 * {@link IllegalStateException} (go through {@link EventLoop#callSoonThreadsafe} instead).
 */
public class Lock {
    private final LoopBinding binding = new LoopBinding();
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();
    private boolean locked;
    private Task<?> owner;

    /** True while some task holds the lock. */
    public boolean locked() {
        return locked;
    }

    /** Takes the lock, waiting in line while it is held (or while others already wait for it). */
    @Async
    public Coroutine<Void> acquire() {
        EventLoop loop = binding.require(this, "Lock.acquire");
        if (!locked && noneWaiting()) {
            take(loop);
            return Coroutine.completed();
        }
        Future<Void> turn = CoreAccess.hooks().createWaiter(loop, () -> "acquire " + this + " held by "
                + (owner != null ? owner : "code outside any task"));
        waiters.add(turn);
        try {
            try {
                await(turn);
            } finally {
                waiters.remove(turn);
            }
        } catch (CancellationException e) {
            // Maybe release() had already picked us: the next waiter must not be left asleep on a free lock.
            if (!locked) {
                wakeUpFirst();
            }
            throw e;
        }
        take(loop);
        return Coroutine.completed();
    }

    /**
     * Takes the lock if that needs no wait and returns true, else returns false at once (Kotlin's
     * {@code Mutex.tryLock}). It never overtakes a task in line, even one already woken but not yet run.
     */
    public boolean tryAcquire() {
        EventLoop loop = binding.check(this);
        if (locked || !noneWaiting()) {
            return false;
        }
        take(loop);
        return true;
    }

    /**
     * Releases the lock and lets the first waiter have it. Throws {@link IllegalStateException} when the lock
     * is not held, or is held by another task than the caller.
     */
    public void release() {
        EventLoop loop = binding.check(this);
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired: " + this);
        }
        Task<?> caller = loop == null ? null : CoreAccess.hooks().currentTask(loop);
        if (caller != owner) {
            throw new IllegalStateException("Lock is held by " + owner + " and cannot be released by "
                    + (caller == null ? "code outside any task" : caller.toString()));
        }
        locked = false;
        owner = null;
        wakeUpFirst();
    }

    /** True when the running task holds the lock: what {@link Condition} requires before it waits or signals. */
    boolean heldByCaller() {
        EventLoop loop = binding.check(this);
        return locked && loop != null && owner == CoreAccess.hooks().currentTask(loop);
    }

    private void take(EventLoop loop) {
        locked = true;
        owner = loop == null ? null : CoreAccess.hooks().currentTask(loop);
    }

    /** True when no waiter still waits: cancelled ones do not count, as they are on their way out. */
    private boolean noneWaiting() {
        for (Future<Void> waiter : waiters) {
            if (!waiter.cancelled()) {
                return false;
            }
        }
        return true;
    }

    private void wakeUpFirst() {
        Future<Void> first = waiters.peek();
        // A done first waiter was already woken and will take the lock when it runs.
        if (first != null && !first.done()) {
            first.setResult(null);
        }
    }

    /** {@code <Lock [locked, waiters:2]>}, as asyncio prints it. */
    @Override
    public String toString() {
        return "<Lock [" + (locked ? "locked" : "unlocked") + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size())
                + "]>";
    }
}
