package jasyncio.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.internal.LoopBinding;

import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;

import static jasyncio.Asyncio.await;

/**
 * asyncio's barrier: {@link #arrive()} waits until {@code parties} tasks have arrived, then lets them all
 * go on together, and the barrier fills again for the next round. Tasks arriving while the released ones
 * are still leaving wait for the next round.
 *
 * <p>{@link #reset()} sends the tasks waiting now away with a {@link BrokenBarrierException} and starts an
 * empty round; {@link #abort()} breaks the barrier for good: every waiting and future {@link #arrive()}
 * throws {@link BrokenBarrierException} (the JDK's, as {@code CyclicBarrier} uses).
 *
 * <p>asyncio's {@code wait()} is named {@code arrive()} here ({@code wait} is {@link Object#wait()}'s). The
 * barrier belongs to the event loop that first uses it.
 */
public class Barrier {
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final LoopBinding binding = new LoopBinding();
    /** Wakes everyone at each change of state. */
    private final Condition condition = new Condition();
    private final int parties;
    private State state = State.FILLING;
    /** Tasks inside {@link #arrive()}: waiting to be released, or released and not yet gone. */
    private int count;

    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0, not " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} tasks have arrived and returns this task's arrival index, from 0 (the
     * first) to {@code parties - 1} (the one that released the others).
     *
     * @throws BrokenBarrierException if the barrier is broken, or is reset or aborted while this task waits
     */
    @Async
    public Coroutine<Integer> arrive() throws BrokenBarrierException {
        binding.require(this, "Barrier.arrive");
        await(condition.acquire());
        try {
            // Wait for the previous round to drain or reset before joining this one.
            await(condition.waitUntil(() -> state != State.DRAINING && state != State.RESETTING));
            if (state == State.BROKEN) {
                throw new BrokenBarrierException("Barrier aborted");
            }
            int index = count++;
            try {
                if (index + 1 == parties) {
                    state = State.DRAINING;
                    condition.signalAll();
                } else {
                    await(condition.waitUntil(() -> state != State.FILLING));
                    if (state == State.BROKEN || state == State.RESETTING) {
                        throw new BrokenBarrierException("Abort or reset of barrier");
                    }
                }
                return Coroutine.completed(index);
            } finally {
                count--;
                leave();
            }
        } finally {
            condition.release();
        }
    }

    /** The last task to leave a released or reset round opens the next one. */
    private void leave() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            condition.signalAll();
        }
    }

    /** Sends the waiting tasks away with {@link BrokenBarrierException} and starts an empty round. */
    @Async
    public Coroutine<Void> reset() {
        binding.require(this, "Barrier.reset");
        await(condition.acquire());
        try {
            if (count > 0) {
                state = State.RESETTING;
            } else {
                state = State.FILLING;
            }
            condition.signalAll();
        } finally {
            condition.release();
        }
        return Coroutine.completed();
    }

    /** Breaks the barrier: waiting and future {@link #arrive()} calls throw {@link BrokenBarrierException}. */
    @Async
    public Coroutine<Void> abort() {
        binding.require(this, "Barrier.abort");
        await(condition.acquire());
        try {
            state = State.BROKEN;
            condition.signalAll();
        } finally {
            condition.release();
        }
        return Coroutine.completed();
    }

    public int getParties() {
        return parties;
    }

    /** How many tasks wait in the round being filled. */
    public int getNumberWaiting() {
        return state == State.FILLING ? count : 0;
    }

    public boolean isBroken() {
        return state == State.BROKEN;
    }

    /** {@code <Barrier [filling, waiters:2/3]>} or {@code <Barrier [broken]>}, as asyncio prints it. */
    @Override
    public String toString() {
        String extra = state.name().toLowerCase(Locale.ROOT);
        if (state != State.BROKEN) {
            extra += ", waiters:" + getNumberWaiting() + "/" + parties;
        }
        return "<Barrier [" + extra + "]>";
    }
}
