package jasyncio.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.internal.CoreAccess;
import jasyncio.Future;
import jasyncio.internal.LoopBinding;

import java.util.ArrayDeque;

import static jasyncio.Asyncio.await;

/**
 * asyncio's event: a flag that tasks can wait for. {@link #set()} wakes every task waiting in
 * {@link #waitSet()}; {@link #clear()} lowers the flag again.
 *
 * <p>asyncio calls the wait {@code wait()}, a name Java reserves for {@link Object#wait()}: here it is
 * {@code waitSet()}, "wait until set".
 *
 * <p>The event belongs to the event loop that first uses it; calling {@link #set()} from another thread
 * throws {@link IllegalStateException}: use {@code loop.callSoonThreadsafe(event::set)}.
 */
public class Event {
    private final LoopBinding binding = new LoopBinding();
    private final ArrayDeque<Future<Void>> waiters = new ArrayDeque<>();
    private boolean value;

    public boolean isSet() {
        return value;
    }

    /** Raises the flag and wakes all the waiting tasks; tasks calling {@link #waitSet()} later do not wait. */
    public void set() {
        binding.check(this);
        if (!value) {
            value = true;
            for (Future<Void> waiter : waiters) {
                if (!waiter.done()) {
                    waiter.setResult(null);
                }
            }
        }
    }

    /** Lowers the flag: later {@link #waitSet()} calls wait until {@link #set()} is called again. */
    public void clear() {
        binding.check(this);
        value = false;
    }

    /** Returns at once if the flag is raised, otherwise waits until {@link #set()} raises it. */
    @Async
    public Coroutine<Void> waitSet() {
        EventLoop loop = binding.require(this, "Event.waitSet");
        if (value) {
            return Coroutine.completed();
        }
        Future<Void> raised = CoreAccess.hooks().createWaiter(loop, () -> "wait for " + this);
        waiters.add(raised);
        try {
            await(raised);
        } finally {
            waiters.remove(raised);
        }
        return Coroutine.completed();
    }

    /** {@code <Event [set]>} or {@code <Event [unset, waiters:2]>}, as asyncio prints it. */
    @Override
    public String toString() {
        return "<Event [" + (value ? "set" : "unset") + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size())
                + "]>";
    }
}
