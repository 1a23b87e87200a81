package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.ContextVar;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.TaskFactory;
import jasyncio.TaskGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_eager_task_factory.py}, ported test by test. asyncio's
 * {@code create_eager_task_factory(Task)} is {@link TaskFactory#EAGER}; {@code run_coro} runs the coroutine as the
 * loop's main task, so that the loop is running when the tested tasks are created.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EagerTaskFactoryTest {
    @Nested
    class EagerTaskFactoryLoopTests extends WithLoop {
        @BeforeEach
        void eagerFactory() {
            loop.setTaskFactory(TaskFactory.EAGER);
        }

        private <T> T runCoro(AsyncSupplier<T> body) {
            return loop.runUntilComplete(call(body));
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_task_factory_set")
        void eagerTaskFactorySet() {
            assertSame(TaskFactory.EAGER, loop.getTaskFactory());
            runCoro(() -> {
                Task<Void> t = loop.createTask(call(() -> Coroutine.completed()));
                assertInstanceOf(Task.class, t);
                return Coroutine.completed(await(t));
            });
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_await_future_during_eager_step")
        void awaitFutureDuringEagerStep() {
            assertEquals("my message", runCoro(() -> {
                Future<String> fut = loop.createFuture();
                Task<Void> t = loop.createTask(call(() -> {
                    fut.setResult("my message");
                    return Coroutine.completed();
                }));
                assertTrue(t.done(), "the eager step completed the task");
                return Coroutine.completed(await(fut));
            }));
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_completion")
        void eagerCompletion() {
            assertEquals("hello", runCoro(() -> {
                Task<String> t = loop.createTask(call(() -> Coroutine.completed("hello")));
                assertTrue(t.done(), "the eager step completed the task");
                return Coroutine.completed(await(t));
            }));
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_block_after_eager_step")
        void blockAfterEagerStep() {
            assertEquals("finished after blocking", runCoro(() -> {
                Task<String> t = loop.createTask(sleep(0.01, "finished after blocking"));
                assertFalse(t.done());
                String result = await(t);
                assertTrue(t.done());
                return Coroutine.completed(result);
            }));
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_cancellation_after_eager_completion")
        void cancellationAfterEagerCompletion() {
            assertEquals("finished without blocking", runCoro(() -> {
                Task<String> t = loop.createTask(call(() -> Coroutine.completed("finished without blocking")));
                t.cancel();
                String result = await(t);
                assertFalse(t.cancelled(), "a finished task can't be cancelled");
                return Coroutine.completed(result);
            }));
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_cancellation_after_eager_step_blocks")
        void cancellationAfterEagerStepBlocks() {
            CancellationException e = assertThrows(CancellationException.class, () -> runCoro(() -> {
                Task<String> t = loop.createTask(sleep(0.01, "finished after blocking"));
                t.cancel("cancellation message");
                assertTrue(t.cancelling() > 0);
                return Coroutine.completed(await(t));
            }));
            assertEquals("cancellation message", e.getMessage());
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_current_task")
        void currentTaskIsTheEagerTask() {
            List<Task<?>> captured = new ArrayList<>();
            runCoro(() -> {
                Task<Void> t = loop.createTask(call(() -> {
                    captured.add(currentTask());
                    await(sleep(0.01));
                    assertSame(captured.get(0), currentTask(), "the task before and after blocking is identical");
                    return Coroutine.completed();
                }));
                assertSame(t, captured.get(0));
                return Coroutine.completed(await(t));
            });
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_all_tasks_with_eager_completion")
        void allTasksWithEagerCompletion() {
            List<Set<Task<?>>> captured = new ArrayList<>();
            runCoro(() -> {
                Task<Void> t = loop.createTask(call(() -> {
                    captured.add(allTasks());
                    return Coroutine.completed();
                }));
                assertTrue(captured.get(0).contains(t));
                assertFalse(allTasks().contains(t));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_all_tasks_with_blocking")
        void allTasksWithBlocking() {
            List<Set<Task<?>>> captured = new ArrayList<>();
            runCoro(() -> {
                Future<Void> fut1 = loop.createFuture();
                Future<Void> fut2 = loop.createFuture();
                Task<Void> t = loop.createTask(call(() -> {
                    captured.add(allTasks());
                    await(fut1);
                    fut2.setResult(null);
                    return Coroutine.completed();
                }));
                assertTrue(captured.get(0).contains(t));
                assertTrue(allTasks().contains(t));
                fut1.setResult(null);
                await(fut2);
                assertFalse(allTasks().contains(t));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_context_vars")
        void contextVars() {
            ContextVar<Integer> cv = new ContextVar<>("cv", 0);
            List<String> steps = new ArrayList<>();
            runCoro(() -> {
                cv.set(1);
                Task<Void> t = loop.createTask(call(() -> {
                    assertEquals(1, cv.get());
                    cv.set(2);
                    assertEquals(2, cv.get());
                    steps.add("first");
                    await(sleep(0.01));
                    assertEquals(2, cv.get());
                    cv.set(3);
                    assertEquals(3, cv.get());
                    steps.add("second");
                    return Coroutine.completed();
                }));
                assertEquals(List.of("first"), steps);
                assertEquals(1, cv.get());
                await(t);
                assertEquals(List.of("first", "second"), steps);
                assertEquals(1, cv.get());
                return Coroutine.completed();
            });
        }
    }

    /** {@code AsyncTaskCounter}: counts the tasks made without an eager start. */
    abstract static class BaseTaskCountingTests extends WithLoop {
        int taskCount;

        abstract boolean eager();

        abstract int expectedTaskCount();

        @BeforeEach
        void countingFactory() {
            loop.setTaskFactory((l, coro, name, context) -> {
                if (!eager()) {
                    taskCount++;
                }
                return Task.start(l, coro, name, context, eager());
            });
        }

        @Test
        @DisplayName("test_eager_task_factory.py::BaseTaskCountingTests::test_awaitables_chain")
        void awaitablesChain() {
            assertEquals(100, loop.runUntilComplete(call(() -> awaitableChain(100))));
            assertEquals(eager() ? 0 : 1, taskCount);
        }

        @Test
        @DisplayName("test_eager_task_factory.py::BaseTaskCountingTests::test_recursive_taskgroups")
        void recursiveTaskgroups() {
            loop.runUntilComplete(call(() -> EagerTaskFactoryTest.recursiveTaskgroups(5, 4)));
            assertEquals(expectedTaskCount(), taskCount);
        }

        @Test
        @DisplayName("test_eager_task_factory.py::BaseTaskCountingTests::test_recursive_gather")
        void recursiveGather() {
            loop.runUntilComplete(call(() -> EagerTaskFactoryTest.recursiveGather(5, 4)));
            assertEquals(expectedTaskCount(), taskCount);
        }
    }

    @Async
    static Coroutine<Integer> awaitableChain(int depth) {
        if (depth == 0) {
            return Coroutine.completed(0);
        }
        return Coroutine.completed(1 + await(awaitableChain(depth - 1)));
    }

    @Async
    static Coroutine<Void> recursiveTaskgroups(int width, int depth) {
        if (depth == 0) {
            return Coroutine.completed();
        }
        return TaskGroup.run(tg -> {
            for (int i = 0; i < width; i++) {
                tg.createTask(recursiveTaskgroups(width, depth - 1));
            }
            return Coroutine.completed();
        });
    }

    @Async
    static Coroutine<Void> recursiveGather(int width, int depth) {
        if (depth == 0) {
            return Coroutine.completed();
        }
        List<Coroutine<Void>> children = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            children.add(recursiveGather(width, depth - 1));
        }
        await(gather(children));
        return Coroutine.completed();
    }

    @Nested
    @DisplayName("test_eager_task_factory.py::NonEagerTests")
    class NonEagerTests extends BaseTaskCountingTests {
        @Override
        boolean eager() {
            return false;
        }

        @Override
        int expectedTaskCount() {
            return 781; // 1 + 5 + 5^2 + 5^3 + 5^4
        }
    }

    @Nested
    @DisplayName("test_eager_task_factory.py::EagerTests")
    class EagerTests extends BaseTaskCountingTests {
        @Override
        boolean eager() {
            return true;
        }

        @Override
        int expectedTaskCount() {
            return 0;
        }
    }
}
