package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Tasks on the loop: turns, strong references, and what {@code run()} does with tasks left pending. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TasksOnTheLoopTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Integer> quick(int n) {
        return Coroutine.completed(n);
    }

    @Async
    Coroutine<Void> lingerer() {
        try {
            await(sleep(10));
            log.add("woke");
        } catch (CancellationException e) {
            log.add("cancelled");
            throw e;
        } finally {
            log.add("finally");
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<Void> cleansUpWithAnAwait() {
        try {
            await(sleep(10));
        } finally {
            await(sleep(0));
            log.add("cleaned up");
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<EventLoop> leavesTasksBehind() {
        createTask(lingerer());
        createTask(cleansUpWithAnAwait());
        await(sleep(0));
        return Coroutine.completed(getRunningLoop());
    }

    @Test
    void runCancelsLeftoverTasksAndClosesTheLoop() {
        EventLoop used = run(leavesTasksBehind());
        assertTrue(log.containsAll(List.of("cancelled", "finally", "cleaned up")), log.toString());
        assertFalse(log.contains("woke"));
        assertTrue(used.isClosed());
    }

    @Async
    Coroutine<Void> completesLater() {
        await(sleep(0.02));
        log.add("completed");
        return Coroutine.completed();
    }

    /**
     * Runs the collector until {@code control}, an object nobody references that is older than what the test
     * watches, is collected (bounded): proof that a collection happened, so that what survived it was held.
     */
    static void collectGarbage(WeakReference<Object> control) {
        for (int i = 0; i < 50 && control.get() != null; i++) {
            System.gc();
        }
        assertNull(control.get(), "System.gc() collected nothing: the test cannot tell what is held");
    }

    @Async
    Coroutine<Void> forgetsItsTask() {
        WeakReference<Object> control = new WeakReference<>(new Object());
        createTask(completesLater());
        collectGarbage(control);
        await(sleep(0));
        WeakReference<Object> sleepingControl = new WeakReference<>(new Object());
        collectGarbage(sleepingControl);
        await(sleep(0.05));
        return Coroutine.completed();
    }

    @Test
    void aTaskNobodyReferencesStillCompletes() {
        run(forgetsItsTask());
        assertEquals(List.of("completed"), log);
    }

    @Async
    Coroutine<Void> waitsOnAnUnreachableFuture() {
        await(getRunningLoop().createFuture());
        return Coroutine.completed();
    }

    @Async
    Coroutine<Boolean> holdsOnlyAWeakReference() {
        WeakReference<Object> control = new WeakReference<>(new Object());
        WeakReference<Task<Void>> weak = new WeakReference<>(createTask(waitsOnAnUnreachableFuture()));
        await(sleep(0));
        collectGarbage(control);
        Task<Void> task = weak.get();
        boolean alive = task != null && allTasks().contains(task);
        if (task != null) {
            task.cancel();
        }
        return Coroutine.completed(alive);
    }

    @Test
    void theLoopHoldsStrongReferencesToItsTasks() {
        assertTrue(run(holdsOnlyAWeakReference()), "a task awaiting a future nobody else holds was collected");
    }


    @Async
    Coroutine<List<Boolean>> tasksAlive() {
        Task<Void> sleeping = createTask(lingerer());
        Task<Integer> finished = createTask(quick(3));
        await(finished);
        Set<Task<?>> tasks = allTasks();
        List<Boolean> facts = List.of(tasks.contains(currentTask()), tasks.contains(sleeping), tasks.contains(finished));
        sleeping.cancel();
        return Coroutine.completed(facts);
    }

    @Test
    void allTasksHasThePendingTasksOnly() {
        assertEquals(List.of(true, true, false), run(tasksAlive()));
    }

    @Async
    Coroutine<Void> failsAfterLeavingATask(RuntimeException error) {
        createTask(lingerer());
        await(sleep(0));
        throw error;
    }

    @Test
    void runCancelsLeftoverTasksEvenWhenMainFails() {
        RuntimeException boom = new RuntimeException("main failed");
        assertSame(boom, assertThrows(RuntimeException.class, () -> run(failsAfterLeavingATask(boom))));
        assertEquals(List.of("cancelled", "finally"), log);
    }

    @Async
    Coroutine<Void> takesTurns(String name) {
        for (int i = 1; i <= 3; i++) {
            log.add(name + i);
            await(sleep(0));
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<Void> twoYieldingTasks() {
        await(gather(createTask(takesTurns("a")), createTask(takesTurns("b"))));
        return Coroutine.completed();
    }

    @Test
    void tasksYieldingWithSleepZeroTakeTurns() {
        run(twoYieldingTasks());
        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), log);
    }
}
