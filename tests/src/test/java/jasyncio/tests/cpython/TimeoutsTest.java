package jasyncio.tests.cpython;

import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TaskGroup;
import jasyncio.TaskGroupException;
import jasyncio.Timeout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_timeouts.py}, ported test by test. {@code async with
 * asyncio.timeout(t) as cm: body} becomes {@code await(withTimeout(t, cm -> body))}; a disabled timeout
 * ({@code None}) is an infinite one. Java has no implicit exception context ({@code __context__}): where
 * CPython checks the chain, the port checks the exception types and causes.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutsTest {
    /** Thrown where CPython raises KeyError or ValueError as a "foreign" exception. */
    static final class Foreign extends RuntimeException {
        Foreign(String message) {
            super(message);
        }
    }

    @Nested
    class TimeoutTests {
        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_basic")
        void timeoutBasic() {
            asyncTest(() -> {
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.01, t -> {
                    cm.set(t);
                    return sleep(10);
                })));
                assertTrue(cm.get().expired());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_at_basic")
        void timeoutAtBasic() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                AtomicReference<Timeout> cm = new AtomicReference<>();
                double deadline = loop.time() + 0.01;
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeoutAt(deadline, t -> {
                    cm.set(t);
                    return sleep(10);
                })));
                assertTrue(cm.get().expired());
                assertEquals(deadline, cm.get().when());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_nested_timeouts")
        void nestedTimeouts() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                boolean[] cancelled = {false};
                AtomicReference<Timeout> cm1 = new AtomicReference<>();
                AtomicReference<Timeout> cm2 = new AtomicReference<>();
                double deadline = loop.time() + 0.01;
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeoutAt(deadline, t1 -> {
                    cm1.set(t1);
                    try {
                        await(withTimeoutAt(deadline, t2 -> {
                            cm2.set(t2);
                            return sleep(10);
                        }));
                    } catch (CancellationException e) {
                        cancelled[0] = true;
                        throw e;
                    }
                    return Coroutine.completed();
                })));
                assertTrue(cancelled[0]);
                assertTrue(cm1.get().expired());
                assertTrue(cm2.get().expired());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_waiter_cancelled")
        void waiterCancelled() {
            asyncTest(() -> {
                boolean[] cancelled = {false};
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.01, () -> {
                    try {
                        await(sleep(10));
                    } catch (CancellationException e) {
                        cancelled[0] = true;
                        throw e;
                    }
                    return Coroutine.completed();
                })));
                assertTrue(cancelled[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_not_called")
        void timeoutNotCalled() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(withTimeout(10, t -> {
                    cm.set(t);
                    return sleep(0.01);
                }));
                double t1 = loop.time();
                assertFalse(cm.get().expired());
                assertTrue(cm.get().when() > t1);
                return Coroutine.completed();
            });
        }

        /** A disabled (infinite) timeout around a short sleep never expires, and its deadline stays infinite. */
        void assertDisabled(java.util.function.Function<java.util.function.Function<Timeout, Coroutine<Void>>,
                Coroutine<Void>> scope) {
            asyncTest(() -> {
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(scope.apply(t -> {
                    cm.set(t);
                    return sleep(0.01);
                }));
                assertFalse(cm.get().expired());
                assertEquals(Double.POSITIVE_INFINITY, cm.get().when());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_disabled")
        void timeoutDisabled() {
            assertDisabled(body -> withTimeout(Double.POSITIVE_INFINITY, body));
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_at_disabled")
        void timeoutAtDisabled() {
            assertDisabled(body -> withTimeoutAt(Double.POSITIVE_INFINITY, body));
        }

        /** {@code async with timeout(delay) as cm: await sleep(inner)} must time out; returns cm and the loop times. */
        private void assertTimesOutAtOnce(double delay, double inner, boolean whenInThePast) {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                double t0 = loop.time();
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(delay, t -> {
                    cm.set(t);
                    return sleep(inner);
                })));
                double t1 = loop.time();
                assertTrue(cm.get().expired());
                if (whenInThePast) {
                    assertTrue(t0 >= cm.get().when() && cm.get().when() <= t1);
                } else {
                    assertTrue(t0 <= cm.get().when() && cm.get().when() <= t1);
                }
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_zero")
        void timeoutZero() {
            assertTimesOutAtOnce(0, 10, false);
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_zero_sleep_zero")
        void timeoutZeroSleepZero() {
            assertTimesOutAtOnce(0, 0, false);
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_in_the_past_sleep_zero")
        void timeoutInThePastSleepZero() {
            assertTimesOutAtOnce(-11, 0, true);
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_foreign_exception_passed")
        void foreignExceptionPassed() {
            asyncTest(() -> {
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(assertAwaitThrows(Foreign.class, withTimeout(0.01, t -> {
                    cm.set(t);
                    throw new Foreign("KeyError");
                })));
                assertFalse(cm.get().expired());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_exception_context")
        void timeoutExceptionContext() {
            asyncTest(() -> {
                AsyncTimeoutException e = await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.01, () -> {
                    try {
                        divideByZero();
                    } finally {
                        await(sleep(1));
                    }
                    return Coroutine.completed();
                })));
                assertInstanceOf(CancellationException.class, e.getCause());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_foreign_exception_on_timeout")
        void foreignExceptionOnTimeout() {
            asyncTest(() -> {
                AsyncSupplier<Void> crash = () -> {
                    try {
                        await(sleep(1));
                    } finally {
                        divideByZero();
                    }
                    return Coroutine.completed();
                };
                await(assertAwaitThrows(ArithmeticException.class, withTimeout(0.01, () -> call(crash))));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_foreign_exception_on_timeout_2")
        void foreignExceptionOnTimeout2() {
            asyncTest(() -> {
                await(assertAwaitThrows(ArithmeticException.class, withTimeout(0.01, () -> {
                    try {
                        try {
                            throw new Foreign("ValueError");
                        } finally {
                            await(sleep(1));
                        }
                    } finally {
                        try {
                            throw new Foreign("KeyError");
                        } finally {
                            divideByZero();
                        }
                    }
                })));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_foreign_cancel_doesnt_timeout_if_not_expired")
        void foreignCancelDoesntTimeoutIfNotExpired() {
            asyncTest(() -> {
                AtomicBoolean late = raisedAfter(5);
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(assertAwaitThrows(CancellationException.class, withTimeout(10, t -> {
                    cm.set(t);
                    currentTask().cancel();
                    return sleep(10);
                })));
                assertFalse(late.get(), "the sleep of a task that cancelled itself ended at once");
                assertFalse(cm.get().expired());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_outer_task_is_not_cancelled")
        void outerTaskIsNotCancelled() {
            asyncTest(() -> {
                AsyncSupplier<Void> outer = () -> {
                    await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.001, () -> sleep(10))));
                    return Coroutine.completed();
                };
                Task<Void> task = createTask(call(outer));
                await(task);
                assertFalse(task.cancelled());
                assertTrue(task.done());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_nested_timeouts_concurrent")
        void nestedTimeoutsConcurrent() {
            asyncTest(() -> {
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.002, () -> {
                    await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.1, () -> {
                        blockTheLoop(10); // pretend we crunch some numbers
                        await(sleep(1));
                        return Coroutine.completed();
                    })));
                    return Coroutine.completed();
                })));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_nested_timeouts_loop_busy")
        void nestedTimeoutsLoopBusy() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                double t0 = loop.time();
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.1, () -> {
                    await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.01, () -> {
                        blockTheLoop(100); // pretend the loop is busy for a while
                        await(sleep(1));
                        return Coroutine.completed();
                    })));
                    await(sleep(10)); // interrupted by the outer timeout
                    return Coroutine.completed();
                })));
                double t1 = loop.time();
                assertTrue(t0 <= t1 && t1 <= t0 + 1);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_reschedule")
        void reschedule() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                jasyncio.Future<Timeout> fut = loop.createFuture();
                double deadline1 = loop.time() + 10;
                double deadline2 = deadline1 + 20;
                AsyncSupplier<Void> f = () -> withTimeoutAt(deadline1, cm -> {
                    fut.setResult(cm);
                    return sleep(50);
                });
                Task<Void> task = createTask(call(f));
                Timeout cm = await(fut);
                assertEquals(deadline1, cm.when());
                cm.reschedule(deadline2);
                assertEquals(deadline2, cm.when());
                cm.reschedule(Double.POSITIVE_INFINITY);
                assertEquals(Double.POSITIVE_INFINITY, cm.when());
                task.cancel();
                await(assertAwaitThrows(CancellationException.class, task));
                assertFalse(cm.expired());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_nested_timeout_in_finally")
        void nestedTimeoutInFinally() {
            asyncTest(() -> {
                AtomicReference<AsyncTimeoutException> e2 = new AtomicReference<>();
                Supplier<Coroutine<Void>> body = () -> {
                    try {
                        await(sleep(1));
                    } finally {
                        e2.set(await(assertAwaitThrows(AsyncTimeoutException.class,
                                withTimeout(0.01, () -> sleep(10)))));
                    }
                    return Coroutine.completed();
                };
                AsyncTimeoutException e1 = await(assertAwaitThrows(AsyncTimeoutException.class,
                        withTimeout(0.01, body)));
                assertInstanceOf(CancellationException.class, e1.getCause());
                assertInstanceOf(CancellationException.class, e2.get().getCause());
                assertNotSame(e1.getCause(), e2.get().getCause());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_after_cancellation")
        void timeoutAfterCancellation() {
            asyncTest(() -> {
                AtomicBoolean late = raisedAfter(0.5);
                try {
                    currentTask().cancel();
                    await(sleep(1)); // work which will be cancelled
                } catch (CancellationException e) {
                    assertFalse(late.get(), "the sleep of a task that cancelled itself ended at once");
                } finally {
                    await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.0, () -> sleep(1))));
                }
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_cancel_in_timeout_after_cancellation")
        void cancelInTimeoutAfterCancellation() {
            asyncTest(() -> {
                AtomicBoolean late = raisedAfter(0.5);
                try {
                    currentTask().cancel();
                    await(sleep(1)); // work which will be cancelled
                } catch (CancellationException e) {
                    assertFalse(late.get(), "the sleep of a task that cancelled itself ended at once");
                } finally {
                    AtomicReference<Timeout> cm = new AtomicReference<>();
                    await(assertAwaitThrows(CancellationException.class, withTimeout(1.0, t -> {
                        cm.set(t);
                        currentTask().cancel();
                        return sleep(2); // some cleanup
                    })));
                    assertFalse(cm.get().expired(), "cancelled from inside, not by the deadline");
                }
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_finished")
        void timeoutFinished() {
            asyncTest(() -> {
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(withTimeout(0.01, t -> {
                    cm.set(t);
                    return Coroutine.completed();
                }));
                // asyncio says "finished", jasyncio "exited"
                assertThrows(IllegalStateException.class, () -> cm.get().reschedule(0.02));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_expired")
        void timeoutExpired() {
            asyncTest(() -> {
                AtomicReference<Timeout> cm = new AtomicReference<>();
                await(assertAwaitThrows(AsyncTimeoutException.class, withTimeout(0.01, t -> {
                    cm.set(t);
                    return sleep(1);
                })));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.get().reschedule(0.02));
                assertTrue(e.getMessage().contains("expired"), e::getMessage);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_expiring")
        void timeoutExpiring() {
            asyncTest(() -> {
                await(withTimeout(0.01, cm -> {
                    await(assertAwaitThrows(CancellationException.class, sleep(1)));
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
                    assertTrue(e.getMessage().contains("expiring"), e::getMessage);
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_timeouts.py::TimeoutTests::test_timeout_taskgroup")
        void timeoutTaskgroup() {
            asyncTest(() -> {
                AsyncSupplier<Void> task = () -> {
                    try {
                        await(sleep(2)); // interrupted after 0.01 second
                    } finally {
                        divideByZero(); // crash in cleanup
                    }
                    return Coroutine.completed();
                };
                TaskGroupException eg = await(assertAwaitThrows(TaskGroupException.class, withTimeout(0.01, () ->
                        TaskGroup.run(tg -> {
                            tg.createTask(call(task));
                            try {
                                throw new Foreign("ValueError");
                            } finally {
                                await(sleep(1));
                            }
                        }))));
                assertEquals(1, eg.getExceptions().size(), eg::toString);
                assertInstanceOf(ArithmeticException.class, eg.getExceptions().get(0));
                return Coroutine.completed();
            });
        }
    }
}
