package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A suspended frame keeps what the method still needs and nothing else: a reference saved at one await and dead
 * at a later one is let go there, and one still needed survives any number of collections.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SuspendedFrameRetentionTest {
    private final List<WeakReference<Object>> payloads = new ArrayList<>();

    private Object payload() {
        Object payload = new int[1 << 16];
        payloads.add(new WeakReference<>(payload));
        return payload;
    }

    /** Holds a payload across a yield, uses it, then waits on {@code gate} with the payload dead. */
    @Async
    Coroutine<Integer> usesThenWaits(Future<Integer> gate) {
        Object payload = payload();
        await(sleep(0));
        int length = ((int[]) payload).length;
        return Coroutine.completed(length + await(gate));
    }

    /** Waits on {@code gate} with the payload live, and reads it after. */
    @Async
    Coroutine<Integer> waitsThenUses(Future<Integer> gate) {
        Object payload = payload();
        int more = await(gate);
        return Coroutine.completed(((int[]) payload).length + more);
    }

    /** Runs {@code body} on {@code gate} until it waits there, collects, then lets it finish: was the payload kept? */
    @Async
    Coroutine<Boolean> keptWhileWaiting(boolean usesFirst) {
        Future<Integer> gate = getRunningLoop().createFuture();
        Task<Integer> task = createTask(usesFirst ? usesThenWaits(gate) : waitsThenUses(gate));
        for (int i = 0; i < 3; i++) {
            await(sleep(0));
            System.gc();
        }
        boolean kept = payloads.get(0).get() != null;
        gate.setResult(1);
        assertEquals((1 << 16) + 1, await(task));
        return Coroutine.completed(kept);
    }

    @Nested
    class WhileSuspended {
        @Test
        void aReferenceSavedAtAnEarlierAwaitAndDeadAtThisOneIsLetGo() {
            assertFalse(run(keptWhileWaiting(true)));
        }

        @Test
        void aReferenceStillNeededIsKept() {
            assertTrue(run(keptWhileWaiting(false)));
        }
    }
}
