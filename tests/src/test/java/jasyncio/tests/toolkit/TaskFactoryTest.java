package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TaskFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code setTaskFactory} and the eager factory of asyncio 3.12: a task runs inside createTask until it suspends. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskFactoryTest {
    private final EventLoop loop = newEventLoop();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Async
    Coroutine<String> logged(String name) {
        log.add(name + " first step");
        await(sleep(0));
        log.add(name + " second step");
        return Coroutine.completed(name);
    }

    @Async
    Coroutine<String> spawn() {
        Task<String> child = createTask(logged("child"));
        log.add("createTask returned");
        return Coroutine.completed(await(child));
    }

    @Nested
    class Custom {
        @Test
        void createTaskGoesThroughTheFactorySet() {
            List<String> names = new ArrayList<>();
            TaskFactory naming = (l, coro, name, context) -> {
                names.add(String.valueOf(name));
                return Task.start(l, coro, "made-" + names.size(), context, false);
            };
            loop.setTaskFactory(naming);
            assertSame(naming, loop.getTaskFactory());
            Task<String> task = loop.createTask(spawn(), "main");
            assertEquals("made-1", task.getName());
            loop.runUntilComplete(task);
            assertEquals(List.of("main", "null"), names, "the child went through it too");
        }

        @Test
        void nullRestoresTheDefault() {
            loop.setTaskFactory((l, coro, name, context) -> fail("replaced by null"));
            loop.setTaskFactory(null);
            assertNull(loop.getTaskFactory());
            assertEquals("child", loop.runUntilComplete(loop.createTask(spawn())));
        }

        @Test
        void aFactoryReturningNullIsNamed() {
            TaskFactory broken = (l, coro, name, context) -> null;
            loop.setTaskFactory(broken);
            NullPointerException e = assertThrows(NullPointerException.class, () -> loop.createTask(spawn()));
            assertTrue(e.getMessage().contains("task factory"), e.getMessage());
        }
    }

    @Nested
    class Eager {
        @Test
        void theFirstStepRunsInsideCreateTask() {
            loop.setTaskFactory(TaskFactory.EAGER);
            assertEquals("child", loop.runUntilComplete(spawn()));
            assertEquals(List.of("child first step", "createTask returned", "child second step"), log);
        }

        @Test
        void withoutItTheFirstStepWaitsForTheLoop() {
            assertEquals("child", loop.runUntilComplete(spawn()));
            assertEquals(List.of("createTask returned", "child first step", "child second step"), log);
        }

        @Async
        Coroutine<Boolean> doneAtOnce() {
            Task<String> t = createTask(immediate());
            return Coroutine.completed(t.done() && t.result().equals("now"));
        }

        @Async
        Coroutine<String> immediate() {
            return Coroutine.completed("now");
        }

        @Test
        void aTaskThatNeverSuspendsIsDoneWhenCreateTaskReturns() {
            loop.setTaskFactory(TaskFactory.EAGER);
            assertTrue(loop.runUntilComplete(doneAtOnce()));
        }

        @Async
        Coroutine<String> failing() {
            throw new IllegalStateException("in the eager step");
        }

        @Async
        Coroutine<String> spawnFailing() {
            Task<String> t = createTask(failing());
            assertTrue(t.done(), "the failure ended the task inside createTask");
            try {
                return Coroutine.completed(await(t));
            } catch (IllegalStateException e) {
                return Coroutine.completed(e.getMessage());
            }
        }

        @Test
        void aFailureInTheEagerStepFailsTheTaskNotTheCaller() {
            loop.setTaskFactory(TaskFactory.EAGER);
            assertEquals("in the eager step", loop.runUntilComplete(spawnFailing()));
        }

        @Test
        void outsideTheRunningLoopTheTaskIsScheduled() {
            loop.setTaskFactory(TaskFactory.EAGER);
            Task<String> t = loop.createTask(logged("outside"));
            assertEquals(List.of(), log, "no loop runs: nothing ran yet");
            assertEquals("outside", loop.runUntilComplete(t));
        }
    }
}
