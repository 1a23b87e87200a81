package jasyncio.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.internal.CoreAccess;
import jasyncio.Future;
import jasyncio.internal.LoopBinding;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import static jasyncio.Asyncio.await;

/**
 * asyncio's condition variable: a {@link Lock} plus a line of tasks waiting to be signalled. A task holding
 * the lock calls {@link #waitSignal()}, which releases the lock, waits for {@link #signal()} or
 * {@link #signalAll()}, and takes the lock back before it returns, even when it is cancelled (so that the
 * caller's {@code finally { condition.release(); }} stays right).
 *
 * <pre>{@code
 * await(condition.acquire());
 * try {
 *     await(condition.waitUntil(() -> !items.isEmpty()));
 *     take(items);
 * } finally {
 *     condition.release();
 * }
 * }</pre>
 *
 * <p>asyncio's {@code wait}, {@code wait_for}, {@code notify} and {@code notify_all} would clash with
 * {@link Object#wait()} and the final {@link Object#notify()}: here they are {@link #waitSignal()},
 * {@link #waitUntil(BooleanSupplier)}, {@link #signal(int)} and {@link #signalAll()}, the last two named like
 * {@code java.util.concurrent.locks.Condition}'s.
 *
 * <p>The condition belongs to the event loop that first uses it; calling it from another thread throws
 * {@link IllegalStateException}.
 */
public class Condition {
    private final LoopBinding binding = new LoopBinding();
    private final Lock lock;
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();

    /** A condition with a lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition over {@code lock}, which other conditions may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** Acquires the underlying lock. */
    public Coroutine<Void> acquire() {
        return lock.acquire();
    }

    /** Releases the underlying lock. */
    public void release() {
        lock.release();
    }

    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until signalled, and takes the lock back. The caller must hold the lock
     * ({@link IllegalStateException} otherwise). Cancelled while waiting, it still takes the lock back
     * before it throws the {@link CancellationException}, and passes on a signal it may have received.
     */
    @Async
    public Coroutine<Void> waitSignal() {
        EventLoop loop = binding.require(this, "Condition.waitSignal");
        if (!lock.heldByCaller()) {
            throw new IllegalStateException("cannot wait on un-acquired lock: " + this);
        }
        lock.release();
        Future<Void> signalled = CoreAccess.hooks().createWaiter(loop, () -> "wait on " + this);
        waiters.add(signalled);
        CancellationException cancelled = null;
        try {
            await(signalled);
        } catch (CancellationException e) {
            cancelled = e;
        } finally {
            waiters.remove(signalled);
        }
        for (;;) {
            try {
                await(lock.acquire());
                break;
            } catch (CancellationException e) {
                cancelled = e;
            }
        }
        if (cancelled != null) {
            // The signal may have reached us before the cancellation: give it to another waiter (a
            // spurious wake-up at worst, which the condition variable protocol allows).
            signalWaiters(1);
            throw cancelled;
        }
        return Coroutine.completed();
    }

    /** Waits ({@link #waitSignal()}) until {@code predicate} is true; the caller must hold the lock. */
    @Async
    public Coroutine<Void> waitUntil(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            await(waitSignal());
        }
        return Coroutine.completed();
    }

    /** Wakes one waiting task; the caller must hold the lock. */
    public void signal() {
        signal(1);
    }

    /** Wakes up to {@code n} waiting tasks, first come first woken; the caller must hold the lock. */
    public void signal(int n) {
        binding.check(this);
        if (!lock.heldByCaller()) {
            throw new IllegalStateException("cannot signal on un-acquired lock: " + this);
        }
        signalWaiters(n);
    }

    /** Wakes all the waiting tasks; the caller must hold the lock. */
    public void signalAll() {
        signal(waiters.size());
    }

    private void signalWaiters(int n) {
        int woken = 0;
        for (Future<Void> waiter : waiters) {
            if (woken >= n) {
                break;
            }
            if (!waiter.done()) {
                woken++;
                waiter.setResult(null);
            }
        }
    }

    /** {@code <Condition [locked, waiters:2]>}, as asyncio prints it. */
    @Override
    public String toString() {
        return "<Condition [" + (lock.locked() ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size()) + "]>";
    }
}
