package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.Context;
import jasyncio.ContextVar;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TaskGroup;
import jasyncio.TaskGroupException;
import jasyncio.sync.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_taskgroups.py}, ported test by test. {@code async with
 * TaskGroup() as g: body} becomes {@code await(TaskGroup.run(g -> body))}; an {@code ExceptionGroup} is a
 * {@link TaskGroupException}. CPython's delays of 0.1 s and more that must pass are ten times shorter here;
 * long sleeps that are always cancelled keep their length.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupsTest {
    static final class MyExc extends RuntimeException {
    }

    /** Java's counterpart of KeyboardInterrupt: an {@link Error}, which a group rethrows as it is. */
    static final class KeyboardInterrupt extends Error {
    }

    static Set<Class<?>> errorTypes(TaskGroupException eg) {
        Set<Class<?>> types = new HashSet<>();
        for (Throwable e : eg.getExceptions()) {
            types.add(e.getClass());
        }
        return types;
    }

    @Async
    static Coroutine<Void> sleepThenDivideByZero(double seconds) {
        await(sleep(seconds));
        divideByZero();
        return Coroutine.completed();
    }

    /** Sleeps long; its cleanup divides by zero. */
    @Async
    static Coroutine<Void> crashInCleanup() {
        try {
            await(sleep(10));
        } finally {
            divideByZero();
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> crashAfter(double seconds) {
        await(sleep(seconds));
        throw new IllegalArgumentException("ValueError " + seconds);
    }

    static final class CustomException extends RuntimeException {
    }

    @Async
    static Coroutine<Void> raiseCustomException() {
        throw new CustomException();
    }

    @Async
    static Coroutine<Void> noop() {
        return Coroutine.completed();
    }

    @Nested
    class TestTaskGroup {
        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_01")
        void taskgroup01() {
            asyncTest(() -> {
                List<Task<Integer>> t = await(TaskGroup.run(g -> Coroutine.completed(
                        List.of(g.createTask(sleep(0.01, 42)), g.createTask(sleep(0.02, 11))))));
                assertEquals(42, t.get(0).result());
                assertEquals(11, t.get(1).result());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_02")
        void taskgroup02() {
            asyncTest(() -> {
                List<Task<Integer>> t = await(TaskGroup.run(g -> {
                    Task<Integer> t1 = g.createTask(sleep(0.01, 42));
                    await(sleep(0.015));
                    Task<Integer> t2 = g.createTask(sleep(0.02, 11));
                    return Coroutine.completed(List.of(t1, t2));
                }));
                assertEquals(42, t.get(0).result());
                assertEquals(11, t.get(1).result());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_03")
        void taskgroup03() {
            asyncTest(() -> {
                List<Task<Integer>> t = await(TaskGroup.run(g -> {
                    Task<Integer> t1 = g.createTask(sleep(1, 42));
                    await(sleep(0.015));
                    t1.cancel(); // cancel t1 explicitly: everything else carries on
                    Task<Integer> t2 = g.createTask(sleep(0.02, 11));
                    return Coroutine.completed(List.of(t1, t2));
                }));
                assertTrue(t.get(0).cancelled());
                assertEquals(11, t.get(1).result());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_04")
        void taskgroup04() {
            asyncTest(() -> {
                int[] num = {0};
                boolean[] t2Cancel = {false};
                AtomicReference<Task<Void>> t2 = new AtomicReference<>();
                AsyncSupplier<Void> foo2 = () -> {
                    try {
                        await(sleep(1));
                    } catch (CancellationException e) {
                        t2Cancel[0] = true;
                        throw e;
                    }
                    num[0]++;
                    return Coroutine.completed();
                };
                AsyncSupplier<Void> runner = () -> {
                    await(TaskGroup.run(g -> {
                        g.createTask(sleepThenDivideByZero(0.01));
                        t2.set(g.createTask(call(foo2)));
                        return Coroutine.completed();
                    }));
                    num[0] += 10;
                    return Coroutine.completed();
                };
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, createTask(call(runner))));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertEquals(0, num[0]);
                assertTrue(t2Cancel[0]);
                assertTrue(t2.get().cancelled());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_cancel_children_on_child_error")
        void cancelChildrenOnChildError() {
            asyncTest(() -> {
                int[] num = {0};
                boolean[] t2Cancel = {false};
                boolean[] runnerCancel = {false};
                AsyncSupplier<Void> foo2 = () -> {
                    try {
                        await(sleep(5));
                    } catch (CancellationException e) {
                        t2Cancel[0] = true;
                        throw e;
                    }
                    num[0]++;
                    return Coroutine.completed();
                };
                AsyncSupplier<Void> runner = () -> {
                    await(TaskGroup.run(g -> {
                        g.createTask(sleepThenDivideByZero(0.01));
                        g.createTask(sleepThenDivideByZero(0.01));
                        g.createTask(sleepThenDivideByZero(0.01));
                        g.createTask(call(foo2));
                        try {
                            await(sleep(10));
                        } catch (CancellationException e) {
                            runnerCancel[0] = true;
                            throw e;
                        }
                        return Coroutine.completed();
                    }));
                    num[0] += 10;
                    return Coroutine.completed();
                };
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, createTask(call(runner))));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertEquals(0, num[0]);
                assertTrue(t2Cancel[0]);
                assertTrue(runnerCancel[0]);
                return Coroutine.completed();
            });
        }

        /** Sleeps long and counts its cancellation. */
        @Async
        Coroutine<Void> countCancellation(int[] num) {
            try {
                await(sleep(5));
            } catch (CancellationException e) {
                num[0]++;
                throw e;
            }
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_cancellation")
        void cancellation() {
            asyncTest(() -> {
                int[] num = {0};
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(countCancellation(num));
                    }
                    return Coroutine.completed();
                });
                Task<Void> r = createTask(call(runner));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                await(assertAwaitThrows(CancellationException.class, r));
                assertEquals(5, num[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_07")
        void taskgroup07() {
            asyncTest(() -> {
                int[] num = {0};
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(countCancellation(num));
                    }
                    try {
                        await(sleep(10));
                    } catch (CancellationException e) {
                        num[0] += 10;
                        throw e;
                    }
                    return Coroutine.completed();
                });
                Task<Void> r = createTask(call(runner));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                await(assertAwaitThrows(CancellationException.class, r));
                assertEquals(15, num[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_08")
        void taskgroup08() {
            asyncTest(() -> {
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(crashInCleanup());
                    }
                    await(sleep(10));
                    return Coroutine.completed();
                });
                Task<Void> r = createTask(call(runner));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, r));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_09")
        void taskgroup09() {
            asyncTest(() -> {
                List<Task<Integer>> t = new ArrayList<>();
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    t.add(g.createTask(sleep(1, 42)));
                    t.add(g.createTask(sleep(2, 11)));
                    await(sleep(0.01));
                    divideByZero();
                    return Coroutine.completed();
                });
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, call(runner)));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertTrue(t.get(0).cancelled());
                assertTrue(t.get(1).cancelled());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_10")
        void taskgroup10() {
            asyncTest(() -> {
                List<Task<Integer>> t = new ArrayList<>();
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    t.add(g.createTask(sleep(1, 42)));
                    t.add(g.createTask(sleep(2, 11)));
                    divideByZero();
                    return Coroutine.completed();
                });
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, call(runner)));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertTrue(t.get(0).cancelled());
                assertTrue(t.get(1).cancelled());
                return Coroutine.completed();
            });
        }

        /**
         * Tests 11 and 12: an outer group (with a long sleeper of its own in 12) around an inner one whose tasks
         * crash in their cleanup; cancelling the runner ends it with the inner group's failure inside the outer's.
         */
        void assertNestedCleanupCrashes(boolean outerSleeper) {
            asyncTest(() -> {
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g1 -> {
                    if (outerSleeper) {
                        g1.createTask(sleep(10));
                    }
                    await(TaskGroup.run(g2 -> {
                        for (int i = 0; i < 5; i++) {
                            g2.createTask(crashInCleanup());
                        }
                        await(sleep(10));
                        return Coroutine.completed();
                    }));
                    return Coroutine.completed();
                });
                Task<Void> r = createTask(call(runner));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, r));
                assertEquals(Set.of(TaskGroupException.class), errorTypes(eg));
                assertEquals(Set.of(ArithmeticException.class),
                        errorTypes((TaskGroupException) eg.getExceptions().get(0)));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_11")
        void taskgroup11() {
            assertNestedCleanupCrashes(false);
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_12")
        void taskgroup12() {
            assertNestedCleanupCrashes(true);
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_13")
        void taskgroup13() {
            asyncTest(() -> {
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g1 -> {
                    g1.createTask(crashAfter(0.01));
                    await(TaskGroup.run(g2 -> {
                        g2.createTask(crashAfter(10));
                        return Coroutine.completed();
                    }));
                    return Coroutine.completed();
                });
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, createTask(call(runner))));
                assertEquals(Set.of(IllegalArgumentException.class), errorTypes(eg));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_14")
        void taskgroup14() {
            asyncTest(() -> {
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g1 -> {
                    g1.createTask(crashAfter(10));
                    await(TaskGroup.run(g2 -> {
                        g2.createTask(crashAfter(0.01));
                        return Coroutine.completed();
                    }));
                    return Coroutine.completed();
                });
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, createTask(call(runner))));
                assertEquals(Set.of(TaskGroupException.class), errorTypes(eg));
                assertEquals(Set.of(IllegalArgumentException.class),
                        errorTypes((TaskGroupException) eg.getExceptions().get(0)));
                return Coroutine.completed();
            });
        }

        /** The body of tests 15 and 16: a crash due while the cancelled body still cleans up. */
        @Async
        Coroutine<Void> crashDuringCleanup() {
            return TaskGroup.run(g1 -> {
                g1.createTask(sleepThenDivideByZero(0.03));
                try {
                    await(sleep(10));
                } catch (CancellationException e) {
                    await(sleep(0.05));
                    throw e;
                }
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_15")
        void taskgroup15() {
            asyncTest(() -> {
                Task<Void> r = createTask(crashDuringCleanup());
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, r));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_16")
        void taskgroup16() {
            asyncTest(() -> {
                AsyncSupplier<Void> runner = () -> {
                    Task<Void> t = createTask(crashDuringCleanup());
                    await(t);
                    return Coroutine.completed();
                };
                Task<Void> r = createTask(call(runner));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, r));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_17")
        void taskgroup17() {
            asyncTest(() -> {
                int[] num = {0};
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    try {
                        await(sleep(10));
                    } catch (CancellationException e) {
                        num[0] += 10;
                        throw e;
                    }
                    return Coroutine.completed();
                });
                Task<Void> r = createTask(call(runner));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                await(assertAwaitThrows(CancellationException.class, r));
                assertEquals(10, num[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_18")
        void taskgroup18() {
            asyncTest(() -> {
                int[] num = {0};
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    try {
                        await(sleep(10));
                    } catch (CancellationException e) {
                        num[0] += 10;
                        throw new MyExc(); // not a good idea, but a case to support
                    }
                    return Coroutine.completed();
                });
                Task<Void> r = createTask(call(runner));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel();
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, r));
                assertEquals(Set.of(MyExc.class), errorTypes(eg));
                assertEquals(10, num[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_19")
        void taskgroup19() {
            asyncTest(() -> {
                AsyncSupplier<Void> nested = () -> {
                    try {
                        await(sleep(10));
                    } finally {
                        throw new MyExc();
                    }
                };
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    g.createTask(sleepThenDivideByZero(0.01));
                    await(call(nested));
                    return Coroutine.completed();
                });
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, createTask(call(runner))));
                assertEquals(Set.of(MyExc.class, ArithmeticException.class), errorTypes(eg));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_20")
        void taskgroup20() {
            asyncTest(() -> {
                AsyncSupplier<Void> nested = () -> {
                    try {
                        await(sleep(10));
                    } finally {
                        throw new KeyboardInterrupt();
                    }
                };
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    g.createTask(sleepThenDivideByZero(0.01));
                    await(call(nested));
                    return Coroutine.completed();
                });
                await(assertAwaitThrows(KeyboardInterrupt.class, call(runner)));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_22")
        void taskgroup22() {
            asyncTest(() -> {
                AsyncSupplier<Void> runner = () -> TaskGroup.run(g -> {
                    g.createTask(sleep(1, 42));
                    g.createTask(sleep(2, 11));
                    return Coroutine.completed();
                });
                Task<Void> r = createTask(call(runner));
                await(sleep(0.005));
                r.cancel();
                await(assertAwaitThrows(CancellationException.class, r));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_23")
        void taskgroup23() {
            // CPython reads the private g._tasks; here the test keeps the group's tasks and counts the live ones.
            asyncTest(() -> {
                List<Task<Void>> tasks = new ArrayList<>();
                await(TaskGroup.run(g -> {
                    for (int count = 0; count < 10; count++) {
                        await(sleep(0.01));
                        tasks.add(g.createTask(sleep(0.03)));
                        if (count == 5) {
                            assertTrue(tasks.stream().filter(t -> !t.done()).count() < 5);
                        }
                    }
                    await(sleep(0.135));
                    assertEquals(0, tasks.stream().filter(t -> !t.done()).count());
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_24")
        void taskgroup24() {
            asyncTest(() -> {
                await(TaskGroup.run(g -> {
                    AsyncSupplier<Void> root = () -> {
                        await(sleep(0.01));
                        g.createTask(sleep(0.01));
                        g.createTask(sleep(0.02));
                        return Coroutine.completed();
                    };
                    g.createTask(call(root));
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        /** Sleeps, then grows two more heads in the group. */
        @Async
        Coroutine<Void> hydra(TaskGroup g, int[] nhydras) {
            nhydras[0]++;
            await(sleep(0.01));
            g.createTask(hydra(g, nhydras));
            g.createTask(hydra(g, nhydras));
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_25")
        void taskgroup25() {
            asyncTest(() -> {
                int[] nhydras = {0};
                AsyncSupplier<Void> hercules = () -> {
                    while (nhydras[0] < 10) {
                        await(sleep(0.015));
                    }
                    divideByZero();
                    return Coroutine.completed();
                };
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, TaskGroup.run(g -> {
                    g.createTask(hydra(g, nhydras));
                    g.createTask(call(hercules));
                    return Coroutine.completed();
                })));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertTrue(nhydras[0] >= 10);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_task_context")
        void taskgroupTaskContext() {
            ContextVar<Integer> cvar = new ContextVar<>("cvar", null);
            asyncTest(() -> {
                await(TaskGroup.run(g -> {
                    Context ctx = Context.current().copy();
                    assertNull(valueIn(ctx, cvar));
                    await(g.createTask(sleepThenSet(cvar, 1), null, ctx));
                    assertEquals(1, valueIn(ctx, cvar));
                    await(g.createTask(sleepThenSet(cvar, 2), null, ctx));
                    assertEquals(2, valueIn(ctx, cvar));
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_task_name")
        void taskgroupTaskName() {
            asyncTest(() -> {
                await(TaskGroup.run(g -> {
                    Task<Void> t = g.createTask(sleep(0), "yolo");
                    assertEquals("yolo", t.getName());
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_no_create_task_after_failure")
        void taskgroupNoCreateTaskAfterFailure() {
            asyncTest(() -> {
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, TaskGroup.run(g -> {
                    AsyncSupplier<Void> coro2 = () -> {
                        try {
                            await(sleep(1));
                        } catch (CancellationException e) {
                            assertThrows(IllegalStateException.class, () -> g.createTask(sleepThenDivideByZero(0.001)));
                        }
                        return Coroutine.completed();
                    };
                    g.createTask(sleepThenDivideByZero(0.001));
                    g.createTask(call(coro2));
                    return Coroutine.completed();
                })));
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_context_manager_exit_raises")
        void taskgroupContextManagerExitRaises() {
            // CPython's database() context manager raises on exit; here a finally block does.
            asyncTest(() -> {
                AsyncSupplier<Void> main = () -> {
                    Task<?> task = currentTask();
                    try {
                        await(TaskGroup.run(tg -> {
                            try {
                                tg.createTask(raiseCustomException());
                                await(sleep(1));
                            } finally {
                                throw new CustomException();
                            }
                        }));
                        fail("CustomException not raised");
                    } catch (TaskGroupException err) {
                        assertEquals(0, task.cancelling());
                        assertEquals(2, err.getExceptions().size());
                        assertEquals(Set.of(CustomException.class), errorTypes(err));
                    }
                    return Coroutine.completed();
                };
                await(createTask(call(main)));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_taskgroup_finished")
        void taskgroupFinished() {
            // CPython also checks that the refused coroutine was closed (no "never awaited" warning): jasyncio
            // reports a never-awaited coroutine only in debug mode, when it is collected.
            asyncTest(() -> {
                AtomicReference<TaskGroup> tg = new AtomicReference<>();
                await(TaskGroup.run(g -> {
                    tg.set(g);
                    return Coroutine.completed();
                }));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.get().createTask(noop()));
                assertTrue(e.getMessage().contains("is finished"), e::getMessage);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_coro_closed_when_tg_closed")
        void coroClosedWhenTgClosed() {
            EventLoop loop = newEventLoop();
            try {
                loop.runUntilComplete(call(() -> {
                    AtomicReference<TaskGroup> tg = new AtomicReference<>();
                    await(TaskGroup.run(g -> {
                        tg.set(g);
                        return Coroutine.completed();
                    }));
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> tg.get().createTask(noop()));
                    assertTrue(e.getMessage().contains("is finished"), e::getMessage);
                    return Coroutine.completed();
                }));
            } finally {
                loop.close();
            }
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_cancelling_level_preserved")
        void cancellingLevelPreserved() {
            asyncTest(() -> {
                try {
                    await(TaskGroup.run(tg -> {
                        tg.createTask(crashAfter(0.0));
                        return Coroutine.completed();
                    }));
                } catch (TaskGroupException e) {
                    assertEquals(Set.of(IllegalArgumentException.class), errorTypes(e));
                }
                assertEquals(0, currentTask().cancelling());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_nested_groups_both_cancelled")
        void nestedGroupsBothCancelled() {
            final class ValueError extends RuntimeException {
            }
            asyncTest(() -> {
                AsyncSupplier<Void> raiseValueError = () -> {
                    await(sleep(0));
                    throw new ValueError();
                };
                try {
                    await(TaskGroup.run(outerTg -> {
                        try {
                            await(TaskGroup.run(innerTg -> {
                                innerTg.createTask(crashAfter(0));
                                outerTg.createTask(call(raiseValueError));
                                return Coroutine.completed();
                            }));
                            fail("the inner group's failure was not raised");
                        } catch (TaskGroupException e) {
                            assertEquals(Set.of(IllegalArgumentException.class), errorTypes(e));
                        }
                        assertEquals(1, currentTask().cancelling());
                        return Coroutine.completed();
                    }));
                    fail("ValueError not raised");
                } catch (TaskGroupException e) {
                    assertEquals(Set.of(ValueError.class), errorTypes(e));
                }
                assertEquals(0, currentTask().cancelling());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_taskgroups.py::TestTaskGroup::test_error_and_cancel")
        void errorAndCancel() {
            asyncTest(() -> {
                Event event = new Event();
                AsyncSupplier<Void> raiseError = () -> {
                    event.set();
                    await(sleep(0));
                    throw new IllegalStateException("RuntimeError");
                };
                AsyncSupplier<Void> inner = () -> {
                    try {
                        await(TaskGroup.run(tg -> {
                            tg.createTask(call(raiseError));
                            await(sleep(1));
                            fail("Sleep in group should have been cancelled");
                            return Coroutine.completed();
                        }));
                    } catch (TaskGroupException e) {
                        assertEquals(1, currentTask().cancelling());
                    }
                    assertEquals(1, currentTask().cancelling());
                    await(sleep(1));
                    fail("Sleep after group should have been cancelled");
                    return Coroutine.completed();
                };
                Task<Void> t = createTask(call(inner));
                await(event.waitSet());
                assertEquals(0, t.cancelling());
                t.cancel();
                assertEquals(1, t.cancelling());
                await(assertAwaitThrows(CancellationException.class, t));
                assertTrue(t.cancelled());
                return Coroutine.completed();
            });
        }
    }
}
