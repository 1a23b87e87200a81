package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Cancelling the future {@code gather} returns cancels every child, and the future ends cancelled once they
 * have reacted, even if they swallow their cancellation (asyncio's "the gather is cancelled anyway").
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatherCancelTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Async
    Coroutine<String> sleeper(String name) {
        try {
            await(sleep(10));
            return Coroutine.completed(name);
        } catch (CancellationException e) {
            log.add(name + " cancelled: " + e.getMessage());
            throw e;
        }
    }

    @Async
    Coroutine<String> swallower(String name) {
        try {
            await(sleep(10));
        } catch (CancellationException e) {
            log.add(name + " swallowed it");
            await(sleep(0));
        }
        return Coroutine.completed(name + " carried on");
    }

    @Async
    Coroutine<List<Object>> cancelsTheGathering(boolean childrenSwallow) {
        Task<String> a = createTask(childrenSwallow ? swallower("a") : sleeper("a"));
        Task<String> b = createTask(childrenSwallow ? swallower("b") : sleeper("b"));
        Future<List<String>> all = gather(a, b);
        await(sleep(0));
        boolean accepted = all.cancel("enough");
        assertFalse(all.done(), "the gathering waits for its children to react");
        String outcome;
        try {
            await(all);
            outcome = "gathered";
        } catch (CancellationException e) {
            outcome = "cancelled";
        }
        await(sleep(0));
        return Coroutine.completed(List.of(accepted, outcome, all.cancelled(), a.cancelled(), b.cancelled(),
                all.cancel("again")));
    }

    @Test
    void cancellingTheFutureCancelsEveryChildWithTheMessage() {
        assertEquals(List.of(true, "cancelled", true, true, true, false), run(cancelsTheGathering(false)));
        assertEquals(List.of("a cancelled: enough", "b cancelled: enough"), log);
    }

    @Test
    void theFutureEndsCancelledEvenIfTheChildrenCarryOn() {
        assertEquals(List.of(true, "cancelled", true, false, false, false), run(cancelsTheGathering(true)));
        assertEquals(List.of("a swallowed it", "b swallowed it"), log);
    }

    @Async
    Coroutine<Boolean> cancelsAFinishedGathering() {
        Future<List<String>> all = gather(createTask(sleeper("a")));
        await(sleep(0));
        all.cancel();
        try {
            await(all);
        } catch (CancellationException expected) {
            // done now
        }
        return Coroutine.completed(all.cancel());
    }

    @Test
    void cancellingADoneGatheringReturnsFalse() {
        assertFalse(run(cancelsAFinishedGathering()));
    }
}
