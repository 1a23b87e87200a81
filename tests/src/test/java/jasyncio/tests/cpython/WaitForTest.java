package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.ReturnWhen;
import jasyncio.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_waitfor.py}, ported test by test. {@code timeout=None} is an
 * infinite timeout; CPython's delays of 0.1 s and more that must pass are ten times shorter here.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitForTest {
    /** A timeout that passes the check "timeout > 0" but has almost no effect on the test's duration. */
    static final double EPSILON = 0.0001;

    /** A task that runs for {@link #TASK_TIMEOUT}, ignoring cancel requests. */
    static final class SlowTask {
        static final double TASK_TIMEOUT = 0.02;
        boolean exited;

        @Async
        Coroutine<Void> run() {
            EventLoop loop = getRunningLoop();
            double exitAt = loop.time() + TASK_TIMEOUT;
            while (true) {
                double toSleep = exitAt - loop.time();
                if (toSleep <= 0) {
                    break;
                }
                try {
                    await(sleep(toSleep));
                } catch (CancellationException e) {
                    // ignored on purpose
                }
            }
            exited = true;
            return Coroutine.completed();
        }
    }

    @Async
    static Coroutine<String> done() {
        return Coroutine.completed("done");
    }

    @Nested
    class AsyncioWaitForTest {
        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_cancelled")
        void asyncioWaitForCancelled() {
            asyncTest(() -> {
                SlowTask t = new SlowTask();
                Task<Void> waitForTask = createTask(waitFor(t.run(), SlowTask.TASK_TIMEOUT * 2));
                await(sleep(0));
                waitForTask.cancel();
                await(waitUntil(List.of(waitForTask), ReturnWhen.ALL_COMPLETED));
                assertTrue(t.exited);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_timeout")
        void asyncioWaitForTimeout() {
            asyncTest(() -> {
                SlowTask t = new SlowTask();
                try {
                    await(waitFor(t.run(), SlowTask.TASK_TIMEOUT / 2));
                } catch (AsyncTimeoutException e) {
                    // as CPython: either outcome, what matters is below
                }
                assertTrue(t.exited);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_future_done")
        void waitForTimeoutLessThen0Or0FutureDone() {
            asyncTest(() -> {
                Future<String> fut = getRunningLoop().createFuture();
                fut.setResult("done");
                assertEquals("done", await(waitFor(fut, 0)));
                assertTrue(fut.done());
                return Coroutine.completed();
            });
        }

        @Async
        Coroutine<Void> markStarted(boolean[] started) {
            started[0] = true;
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest"
                + "::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started")
        void waitForTimeoutLessThen0Or0CoroutineDoNotStarted() {
            asyncTest(() -> {
                boolean[] fooStarted = {false};
                await(assertAwaitThrows(AsyncTimeoutException.class, waitFor(markStarted(fooStarted), 0)));
                assertFalse(fooStarted[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0")
        void waitForTimeoutLessThen0Or0() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                for (double timeout : new double[] {0, -1}) {
                    Boolean[] fooRunning = {null};
                    Future<Void> started = loop.createFuture();
                    AsyncSupplier<String> foo = () -> {
                        fooRunning[0] = true;
                        started.setResult(null);
                        try {
                            await(sleep(10));
                        } finally {
                            fooRunning[0] = false;
                        }
                        return Coroutine.completed("done");
                    };
                    Task<String> fut = createTask(call(foo));
                    await(started);
                    await(assertAwaitThrows(AsyncTimeoutException.class, waitFor(fut, timeout)));
                    assertTrue(fut.done(), "timeout " + timeout);
                    assertTrue(fut.cancelled(), "it should have been cancelled due to the timeout");
                    assertEquals(false, fooRunning[0]);
                }
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for")
        void waitForTask() {
            asyncTest(() -> {
                Boolean[] fooRunning = {null};
                AsyncSupplier<String> foo = () -> {
                    fooRunning[0] = true;
                    try {
                        await(sleep(300));
                    } finally {
                        fooRunning[0] = false;
                    }
                    return Coroutine.completed("done");
                };
                Task<String> fut = createTask(call(foo));
                await(assertAwaitThrows(AsyncTimeoutException.class, waitFor(fut, 0.01)));
                assertTrue(fut.done());
                assertTrue(fut.cancelled(), "it should have been cancelled due to the timeout");
                assertEquals(false, fooRunning[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_blocking")
        void waitForBlocking() {
            asyncTest(() -> {
                assertEquals("done", await(waitFor(done(), Double.POSITIVE_INFINITY)));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_race_condition")
        void waitForRaceCondition() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                Future<String> fut = loop.createFuture();
                Coroutine<String> task = waitFor(fut, 0.02);
                loop.callSoon(() -> fut.setResult("ok"));
                assertEquals("ok", await(task));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancellation_race_condition")
        void waitForCancellationRaceCondition() {
            asyncTest(() -> {
                AsyncSupplier<Integer> inner = () -> {
                    await(assertAwaitThrows(CancellationException.class, sleep(1)));
                    return Coroutine.completed(1);
                };
                assertEquals(1, await(waitFor(call(inner), 0.01)));
                return Coroutine.completed();
            });
        }

        /** Unwinds its cancellation slowly (one more short sleep), and notes when it is done. */
        @Async
        Coroutine<Void> slowToUnwind(boolean[] taskDone) {
            try {
                await(sleep(10));
            } catch (CancellationException e) {
                await(sleep(EPSILON));
                throw e;
            } finally {
                taskDone[0] = true;
            }
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation")
        void waitForWaitsForTaskCancellation() {
            asyncTest(() -> {
                boolean[] taskDone = {false};
                Task<Void> innerTask = createTask(slowToUnwind(taskDone));
                AsyncTimeoutException e = await(assertAwaitThrows(AsyncTimeoutException.class,
                        waitFor(innerTask, EPSILON)));
                assertTrue(taskDone[0]);
                assertInstanceOf(CancellationException.class, e.getCause());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation_w_timeout_0")
        void waitForWaitsForTaskCancellationWTimeout0() {
            asyncTest(() -> {
                boolean[] taskDone = {false};
                AsyncSupplier<Void> foo = () -> {
                    Task<Void> innerTask = createTask(slowToUnwind(taskDone));
                    await(sleep(EPSILON));
                    await(waitFor(innerTask, 0));
                    return Coroutine.completed();
                };
                AsyncTimeoutException e = await(assertAwaitThrows(AsyncTimeoutException.class, call(foo)));
                assertTrue(taskDone[0]);
                assertInstanceOf(CancellationException.class, e.getCause());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_reraises_exception_during_cancellation")
        void waitForReraisesExceptionDuringCancellation() {
            final class FooException extends RuntimeException {
            }
            asyncTest(() -> {
                AsyncSupplier<Void> inner = () -> {
                    try {
                        await(sleep(0.2));
                    } finally {
                        throw new FooException();
                    }
                };
                AsyncSupplier<Void> foo = () -> {
                    Task<Void> innerTask = createTask(call(inner));
                    await(waitFor(innerTask, EPSILON));
                    return Coroutine.completed();
                };
                await(assertAwaitThrows(FooException.class, call(foo)));
                return Coroutine.completed();
            });
        }

        @Async
        Coroutine<Void> cancelWaitFor(double timeout) {
            EventLoop loop = getRunningLoop();
            AsyncSupplier<Void> blockingCoroutine = () -> {
                Future<Void> fut = loop.createFuture();
                await(fut); // block: fut's result is never set
                return Coroutine.completed();
            };
            Task<Void> task = createTask(call(blockingCoroutine));
            Task<Void> wait = createTask(waitFor(task, timeout));
            loop.callSoon(wait::cancel);
            await(assertAwaitThrows(CancellationException.class, wait));
            // Python issue #23219: cancelling the wait must also cancel the task
            assertTrue(task.cancelled());
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_cancel_blocking_wait_for")
        void cancelBlockingWaitFor() {
            asyncTest(() -> cancelWaitFor(Double.POSITIVE_INFINITY));
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_cancel_wait_for")
        void cancelWaitFor() {
            asyncTest(() -> cancelWaitFor(60.0));
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancel_suppressed")
        void waitForCancelSuppressed() {
            asyncTest(() -> {
                AsyncSupplier<Integer> return42 = () -> {
                    try {
                        await(sleep(10));
                    } catch (CancellationException e) {
                        return Coroutine.completed(42);
                    }
                    return Coroutine.completed(0);
                };
                assertEquals(42, await(waitFor(call(return42), 0.01)));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::AsyncioWaitForTest::test_wait_for_issue86296")
        void waitForIssue86296() {
            asyncTest(() -> {
                Task<String> innerTask = createTask(done());
                boolean[] reachedEnd = {false};
                AsyncSupplier<Void> waitForCoro = () -> {
                    await(waitFor(innerTask, 100));
                    await(sleep(1));
                    reachedEnd[0] = true;
                    return Coroutine.completed();
                };
                Task<Void> task = createTask(call(waitForCoro));
                assertFalse(task.done());
                await(sleep(0));
                task.cancel();
                await(assertAwaitThrows(CancellationException.class, task));
                assertTrue(innerTask.done());
                assertEquals("done", await(innerTask));
                assertFalse(reachedEnd[0]);
                return Coroutine.completed();
            });
        }
    }

    @Nested
    class WaitForShieldTests {
        @Test
        @DisplayName("test_waitfor.py::WaitForShieldTests::test_zero_timeout")
        void zeroTimeout() {
            asyncTest(() -> {
                Task<String> task = createTask(sleep(0.01, "done"));
                Future<String> shieldedTask = shield(task);
                await(assertAwaitThrows(AsyncTimeoutException.class, waitFor(shieldedTask, 0)));
                assertFalse(task.done(), "the task runs in the background");
                assertFalse(task.cancelled());
                assertTrue(shieldedTask.cancelled());
                await(sleep(0.05));
                assertTrue(task.done());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::WaitForShieldTests::test_none_timeout")
        void noneTimeout() {
            asyncTest(() -> {
                Task<String> task = createTask(sleep(0.01, "done"));
                await(waitFor(shield(task), Double.POSITIVE_INFINITY));
                assertTrue(task.done());
                assertEquals("done", await(task));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_waitfor.py::WaitForShieldTests::test_shielded_timeout")
        void shieldedTimeout() {
            asyncTest(() -> {
                Task<String> task = createTask(sleep(0.05, "done"));
                await(assertAwaitThrows(AsyncTimeoutException.class, waitFor(shield(task), 0.01)));
                assertFalse(task.done());
                assertFalse(task.cancelled());
                assertEquals("done", await(task));
                return Coroutine.completed();
            });
        }
    }
}
