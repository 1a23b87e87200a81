package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.TaskGroup;
import jasyncio.TaskGroupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.support.Outcomes.failureOf;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A group that fails while its owner is being cancelled from outside reports the failures, and keeps the outside
 * cancellation armed: asyncio 3.13's {@code TaskGroup.__aexit__} "un-cancel and re-cancel the parent task, which
 * will keep the cancel count stable", so the owner's next await throws it.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupCancelCountTest {
    private final IllegalStateException boom = new IllegalStateException("boom");
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Void> failsWhenCancelled() {
        try {
            await(sleep(10));
        } catch (CancellationException e) {
            throw boom;
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<String> owner() {
        try {
            await(TaskGroup.run(group -> {
                group.createTask(failsWhenCancelled());
                await(sleep(10));
                return Coroutine.completed();
            }));
        } catch (TaskGroupException e) {
            log.add("group failed with " + e.getExceptions() + ", cancelling=" + currentTask().cancelling());
        }
        try {
            await(sleep(0));
        } catch (CancellationException e) {
            log.add("cancelled at the next await");
            throw e;
        }
        return Coroutine.completed("carried on");
    }

    @Async
    Coroutine<Throwable> cancelTheOwnerFromOutside() {
        Task<String> t = createTask(owner());
        await(sleep(0.01));
        t.cancel();
        Throwable thrown = await(failureOf(t));
        assertTrue(t.cancelled(), "the owner ends cancelled");
        return Coroutine.completed(thrown);
    }

    @Test
    void theOwnersNextAwaitThrowsTheOutsideCancellation() {
        assertInstanceOf(CancellationException.class, run(cancelTheOwnerFromOutside()));
        assertEquals(List.of("group failed with [" + boom + "], cancelling=1", "cancelled at the next await"), log);
    }
}
