package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code allTasks()} is the set of tasks not done yet: a task leaves it however it ends, in any order. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveTasksTest {
    @Async
    static Coroutine<String> awaits(Future<String> gate) {
        return Coroutine.completed(await(gate));
    }

    @Async
    static Coroutine<String> failsAfterAYield() {
        await(sleep(0));
        throw new IllegalStateException("failed on purpose");
    }

    @Async
    static Coroutine<Boolean> failedTaskLeaves() {
        Task<String> failing = createTask(failsAfterAYield());
        assertTrue(allTasks().contains(failing));
        try {
            await(failing);
        } catch (IllegalStateException expected) {
            // it failed: it should be gone from the live set
        }
        return Coroutine.completed(allTasks().equals(Set.of(currentTask())));
    }

    @Test
    void aFailedTaskLeavesTheLiveSet() {
        assertTrue(run(failedTaskLeaves()));
    }

    /** Tasks end in an order that takes them from the middle, the head and the tail of the live set. */
    @Async
    static Coroutine<Void> tasksEndOneByOne() {
        Task<?> main = currentTask();
        Future<String> first = getRunningLoop().createFuture();
        Future<String> second = getRunningLoop().createFuture();
        Task<String> a = createTask(awaits(first));
        Task<String> b = createTask(awaits(second));
        Task<String> c = createTask(awaits(getRunningLoop().createFuture()));
        await(sleep(0));
        assertEquals(Set.of(main, a, b, c), allTasks());
        second.setResult("b");
        await(b);
        assertEquals(Set.of(main, a, c), allTasks(), "b finished");
        c.cancel();
        await(sleep(0));
        await(sleep(0));
        assertTrue(c.cancelled());
        assertEquals(Set.of(main, a), allTasks(), "c was cancelled");
        first.setException(new IllegalArgumentException("a fails"));
        await(sleep(0));
        await(sleep(0));
        assertInstanceOf(IllegalArgumentException.class, a.exception());
        assertEquals(Set.of(main), allTasks(), "a failed");
        return Coroutine.completed();
    }

    @Test
    void eachTaskLeavesWhenItEndsAndOnlyThen() {
        run(tasksEndOneByOne());
    }
}
