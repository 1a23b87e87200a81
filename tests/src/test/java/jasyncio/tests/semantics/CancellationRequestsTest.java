package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * asyncio 3.11's request counter: {@code cancel()} adds a request, {@code uncancel()} withdraws one and returns
 * how many are left, and withdrawing the last one before the task runs lets it run as if never cancelled.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationRequestsTest {
    @Async
    static Coroutine<String> runs() {
        await(sleep(0));
        return Coroutine.completed("ran");
    }

    @Async
    static Coroutine<List<Integer>> countsRequests() {
        Task<String> task = createTask(runs());
        int before = task.cancelling();
        task.cancel();
        task.cancel();
        int requested = task.cancelling();
        int afterOneWithdrawn = task.uncancel();
        try {
            await(task);
            fail("one request is still standing");
        } catch (CancellationException expected) {
            // still cancelled
        }
        return Coroutine.completed(List.of(before, requested, afterOneWithdrawn, task.cancelling()));
    }

    @Test
    void eachCancelIsCountedAndOneRequestLeftStillCancels() {
        assertEquals(List.of(0, 2, 1, 1), run(countsRequests()));
    }

    @Async
    static Coroutine<String> withdrawsTheOnlyRequest() {
        Task<String> task = createTask(runs());
        task.cancel();
        assertEquals(0, task.uncancel());
        return Coroutine.completed(await(task));
    }

    @Test
    void withdrawingEveryRequestBeforeTheTaskRunsLetsItRun() {
        assertEquals("ran", run(withdrawsTheOnlyRequest()));
    }

    @Async
    static Coroutine<List<Integer>> uncancelsWithoutRequests() {
        Task<?> self = currentTask();
        int returned = self.uncancel();
        await(sleep(0));
        return Coroutine.completed(List.of(returned, self.cancelling()));
    }

    @Test
    void uncancelWithNoRequestReturnsZeroAndNeverGoesNegative() {
        assertEquals(List.of(0, 0), run(uncancelsWithoutRequests()));
    }

    @Async
    static Coroutine<List<Object>> cancelsAFinishedTask() {
        Task<String> task = createTask(runs());
        await(task);
        boolean accepted = task.cancel();
        return Coroutine.completed(List.of(accepted, task.cancelling(), task.cancelled()));
    }

    @Test
    void cancellingADoneTaskIsNotARequest() {
        assertEquals(List.of(false, 0, false), run(cancelsAFinishedTask()));
    }
}
