package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.TaskGroup;
import jasyncio.TaskGroupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static jasyncio.tests.support.Outcomes.failureOf;
import static jasyncio.tests.support.Outcomes.failAfter;

/** {@code TaskGroup.run} has asyncio 3.11's TaskGroup semantics. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupTest {
    private final List<String> log = new ArrayList<>();
    /** The group a body ran with, kept to be used after the group finished. */
    private TaskGroup captured;

    @Async
    Coroutine<String> after(double seconds, String value) {
        try {
            await(sleep(seconds));
        } catch (CancellationException e) {
            log.add(value + " cancelled");
            throw e;
        }
        log.add(value + " done");
        return Coroutine.completed(value);
    }

    /** The asyncio docs' example: after the block both tasks are done. */
    @Async
    Coroutine<String> docsExample() {
        List<Task<String>> tasks = new ArrayList<>();
        await(TaskGroup.run(tg -> {
            tasks.add(tg.createTask(after(0.02, "some_coro")));
            tasks.add(tg.createTask(after(0.01, "another_coro")));
            return Coroutine.completed();
        }));
        return Coroutine.completed("Both tasks have completed now: " + tasks.get(0).result() + ", " + tasks.get(1).result());
    }

    @Test
    void theBlockEndsWhenAllItsTasksAreDone() {
        assertEquals("Both tasks have completed now: some_coro, another_coro", run(docsExample()));
        assertEquals(List.of("another_coro done", "some_coro done"), log);
    }

    @Async
    Coroutine<Integer> nestedSpawns() {
        return TaskGroup.run(group -> {
            group.createTask(spawner(group, 3));
            await(sleep(0));
            return Coroutine.completed(42);
        });
    }

    /** A group task that adds more tasks to its group while the group is already waiting. */
    @Async
    Coroutine<Void> spawner(TaskGroup group, int depth) {
        await(sleep(0.005));
        log.add("spawner " + depth);
        if (depth > 0) {
            group.createTask(spawner(group, depth - 1));
        }
        return Coroutine.completed();
    }

    @Test
    void theGroupWaitsForTasksItsTasksCreateAndReturnsTheBodysValue() {
        assertEquals(42, run(nestedSpawns()));
        assertEquals(List.of("spawner 3", "spawner 2", "spawner 1", "spawner 0"), log);
    }

    private final IllegalStateException boom = new IllegalStateException("boom");

    @Async
    Coroutine<String> oneFails() {
        Task<?> self = currentTask();
        try {
            await(TaskGroup.run(group -> {
                group.createTask(after(10, "sibling"));
                group.createTask(failAfter(0.01, boom));
                try {
                    await(sleep(10));
                    log.add("body went on");
                } catch (CancellationException e) {
                    log.add("body cancelled");
                    throw e;
                }
                return Coroutine.completed();
            }));
            return Coroutine.completed("no failure?");
        } catch (TaskGroupException e) {
            assertEquals(List.of(boom), e.getExceptions());
            assertSame(boom, e.getCause());
            assertEquals(List.of(boom), Arrays.asList(e.getSuppressed()));
        }
        assertEquals(0, self.cancelling(), "the group withdrew the cancellation it sent its owner");
        await(sleep(0.01));
        return Coroutine.completed("owner carries on");
    }

    @Test
    void oneFailureCancelsTheSiblingsAndTheBody() {
        assertEquals("owner carries on", run(oneFails()));
        assertEquals(List.of("sibling cancelled", "body cancelled"), log);
    }

    @Async
    Coroutine<Integer> failsAfterTheBody() {
        Task<?> self = currentTask();
        try {
            await(TaskGroup.run(group -> {
                group.createTask(after(10, "sibling"));
                group.createTask(failAfter(0.01, boom));
                return Coroutine.completed();
            }));
        } catch (TaskGroupException e) {
            assertEquals(List.of(boom), e.getExceptions());
        }
        return Coroutine.completed(self.cancelling());
    }

    /** asyncio 3.12+ ("if this flag is set we must call uncancel()"): also when the body had already ended. */
    @Test
    void aFailureWhileTheGroupWaitsAlsoWithdrawsTheOwnersCancellation() {
        assertEquals(0, run(failsAfterTheBody()));
        assertEquals(List.of("sibling cancelled"), log);
    }

    /** The owner's own timeout must still be a timeout after a group in it failed while waiting. */
    @Async
    Coroutine<String> timeoutAroundAFailedGroup() {
        try {
            await(withTimeout(0.05, () -> {
                try {
                    await(TaskGroup.run(group -> {
                        group.createTask(failAfter(0, boom));
                        return Coroutine.completed();
                    }));
                } catch (TaskGroupException expected) {
                    log.add("group failed");
                }
                await(sleep(10));
                return Coroutine.completed();
            }));
            return Coroutine.completed("no timeout?");
        } catch (AsyncTimeoutException e) {
            return Coroutine.completed("timed out");
        } catch (CancellationException e) {
            return Coroutine.completed("cancelled instead of timed out");
        }
    }

    @Test
    void aTimeoutAroundAFailedGroupIsStillATimeout() {
        assertEquals("timed out", run(timeoutAroundAFailedGroup()));
        assertEquals(List.of("group failed"), log);
    }

    @Async
    Coroutine<List<Throwable>> twoFail() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        try {
            await(TaskGroup.run(group -> {
                group.createTask(failAfter(0, first));
                group.createTask(failAfter(0, second));
                group.createTask(after(10, "sibling"));
                return Coroutine.completed();
            }));
        } catch (TaskGroupException e) {
            assertTrue(e.getMessage().contains("2 sub-exceptions"), e.getMessage());
            return Coroutine.completed(e.getExceptions());
        }
        return Coroutine.completed(List.of());
    }

    @Test
    void twoFailuresAreBothInTheTaskGroupException() {
        List<Throwable> failures = run(twoFail());
        assertEquals(List.of("first", "second"), failures.stream().map(Throwable::getMessage).toList());
        assertEquals(List.of("sibling cancelled"), log);
    }

    @Async
    Coroutine<List<Throwable>> bodyFails() {
        try {
            await(TaskGroup.run(group -> {
                group.createTask(after(10, "child"));
                await(sleep(0));
                throw boom;
            }));
        } catch (TaskGroupException e) {
            return Coroutine.completed(e.getExceptions());
        }
        return Coroutine.completed(List.of());
    }

    @Test
    void aFailingBodyCancelsTheTasksAndJoinsTheExceptions() {
        assertEquals(List.of(boom), run(bodyFails()));
        assertEquals(List.of("child cancelled"), log);
    }

    static final class Fatal extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Async
    Coroutine<Void> taskThrowsAnError() {
        return TaskGroup.run(group -> {
            group.createTask(after(10, "sibling"));
            group.createTask(failAfter(0, boom));
            group.createTask(errorAfter(0));
            return Coroutine.completed();
        });
    }

    @Async
    static Coroutine<Void> errorAfter(double seconds) {
        await(sleep(seconds));
        throw new Fatal();
    }

    @Test
    void anErrorIsRethrownAsItIs() {
        assertThrows(Fatal.class, () -> run(taskThrowsAnError()));
        assertEquals(List.of("sibling cancelled"), log);
    }

    @Async
    Coroutine<String> owner() {
        return TaskGroup.run(group -> {
            group.createTask(after(10, "a"));
            group.createTask(after(10, "b"));
            return Coroutine.completed("body done");
        });
    }

    @Async
    Coroutine<Throwable> cancelTheOwner() {
        Task<String> owner = createTask(owner());
        await(sleep(0.01));
        owner.cancel();
        Throwable failure = await(failureOf(owner));
        assertTrue(owner.cancelled());
        return Coroutine.completed(failure);
    }

    @Test
    void cancellingTheOwnerCancelsTheGroupsTasks() {
        assertInstanceOf(CancellationException.class, run(cancelTheOwner()));
        assertEquals(List.of("a cancelled", "b cancelled"), log);
    }

    @Async
    Coroutine<String> groupInATimeout() {
        try {
            await(withTimeout(0.02, () -> TaskGroup.run(group -> {
                group.createTask(after(10, "a"));
                group.createTask(after(10, "b"));
                return Coroutine.completed();
            })));
            return Coroutine.completed("no timeout?");
        } catch (AsyncTimeoutException e) {
            return Coroutine.completed("timed out");
        }
    }

    @Test
    void aTimeoutAroundTheGroupCancelsItsTasksAndRaisesTheTimeout() {
        assertEquals("timed out", run(groupInATimeout()));
        assertEquals(List.of("a cancelled", "b cancelled"), log);
    }

    @Async
    Coroutine<Void> finishedGroup() {
        await(TaskGroup.run(group -> {
            captured = group;
            group.createTask(after(0, "only"));
            return Coroutine.completed();
        }));
        Coroutine<String> late = after(0, "late");
        assertThrows(IllegalStateException.class, () -> captured.createTask(late));
        return Coroutine.completed();
    }

    @Test
    void createTaskAfterTheGroupFinishedIsAnError() {
        run(finishedGroup());
        assertEquals(List.of("only done"), log);
    }

    @Async
    Coroutine<Void> createWhileAborting() {
        try {
            await(TaskGroup.run(group -> {
                group.createTask(failAfter(0, boom));
                try {
                    await(sleep(10));
                } catch (CancellationException e) {
                    Coroutine<String> late = after(0, "late");
                    assertThrows(IllegalStateException.class, () -> group.createTask(late));
                    log.add("refused while shutting down");
                    throw e;
                }
                return Coroutine.completed();
            }));
        } catch (TaskGroupException expected) {
            log.add("group failed");
        }
        return Coroutine.completed();
    }

    @Test
    void createTaskWhileTheGroupShutsDownIsAnError() {
        run(createWhileAborting());
        assertEquals(List.of("refused while shutting down", "group failed"), log);
    }

    @Async
    static Coroutine<List<String>> statesOfAGroup() {
        List<String> seen = new ArrayList<>();
        List<Task<Void>> watcher = new ArrayList<>();
        Throwable failure = await(failureOf(TaskGroup.run(group -> startTasksAndAWatcher(group, seen, watcher))));
        await(watcher.get(0));
        seen.add(failure.getClass().getSimpleName());
        return Coroutine.completed(seen);
    }

    @Async
    static Coroutine<Void> startTasksAndAWatcher(TaskGroup group, List<String> seen, List<Task<Void>> watcher) {
        seen.add(group.toString());
        group.createTask(sleep(10));
        group.createTask(failAfter(0.05, new IllegalStateException("boom")));
        seen.add(group.toString());
        watcher.add(createTask(watch(group, seen)));
        return Coroutine.completed();
    }

    /** Reads the group from outside while it waits for its tasks, then once a task failed and it is over. */
    @Async
    static Coroutine<Void> watch(TaskGroup group, List<String> seen) {
        await(sleep(0));
        seen.add(group.toString());
        await(sleep(0.1));
        seen.add(group.toString());
        return Coroutine.completed();
    }

    @Test
    void toStringShowsTheTasksTheErrorsAndWhetherTheGroupIsExitingOrCancelling() {
        assertEquals(List.of("<TaskGroup tasks=0 errors=0>", "<TaskGroup tasks=2 errors=0>",
                "<TaskGroup tasks=2 errors=0 exiting>", "<TaskGroup tasks=0 errors=1 cancelling exiting>",
                "TaskGroupException"), run(statesOfAGroup()));
    }
}
