package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Context;
import jasyncio.ContextVar;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.ReturnWhen;
import jasyncio.Task;
import jasyncio.WaitResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_tasks.py}, ported test by test. CPython runs
 * {@code BaseTaskTests} once per implementation (C and Python tasks and futures, and subclasses of them); here it
 * runs once. Tests on CPython's virtual-time test loop run on the real clock with delays ten times shorter, but
 * for those whose outcome the real clock left to the machine's load, which run on virtual time ({@code asyncTest}).
 * {@code asyncio.wait} is {@code waitUntil}, {@code asyncio.sleep(t, result)} is {@code sleep(t, result)}.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TasksTest {
    @Async
    static Coroutine<Void> coroutineFunction() {
        return Coroutine.completed();
    }

    @Async
    static <T> Coroutine<T> returning(T value) {
        return Coroutine.completed(value);
    }

    @Async
    static <T> Coroutine<T> awaiting(Future<T> future) {
        return Coroutine.completed(await(future));
    }

    @Async
    static Coroutine<Void> failing(RuntimeException error) {
        throw error;
    }

    /** How many callbacks wait in {@code loop}'s ready queue (asyncio's {@code len(loop._ready)}), from toString. */
    static int ready(EventLoop loop) {
        Matcher m = Pattern.compile("ready=(\\d+)").matcher(loop.toString());
        assertTrue(m.find(), loop::toString);
        return Integer.parseInt(m.group(1));
    }

    /** {@code GatherTestsBase._run_loop}: runs the loop briefly until nothing is ready. */
    static void runUntilIdle(EventLoop loop) {
        do {
            runBriefly(loop);
        } while (ready(loop) > 0);
    }

    /** A {@code test_utils.MockCallback}: remembers the futures it was called with. */
    static final class MockCallback<T> implements Consumer<Future<T>> {
        final List<Future<T>> calls = new ArrayList<>();

        @Override
        public void accept(Future<T> future) {
            calls.add(future);
        }

        void assertCalledOnceWith(Future<T> future) {
            assertEquals(List.of(future), calls);
        }
    }

    @Nested
    class BaseTaskTests extends WithLoop {
        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_cancel_message_getter")
        void taskCancelMessageGetter() {
            Task<Void> t = loop.createTask(coroutineFunction());
            t.cancel("my message");
            CancellationException e = assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertEquals("my message", e.getMessage());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_other_loop_future")
        void otherLoopFuture() {
            EventLoop otherLoop = newEventLoop();
            try {
                Future<Void> fut = otherLoop.createFuture();
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> loop.runUntilComplete(awaiting(fut)));
                assertTrue(e.getMessage().contains("another event loop"), e::getMessage);
            } finally {
                otherLoop.close();
            }
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_awaits_on_itself")
        void taskAwaitsOnItself() {
            AtomicReference<Task<Void>> task = new AtomicReference<>();
            AsyncSupplier<Void> test = () -> {
                await(task.get());
                return Coroutine.completed();
            };
            task.set(loop.createTask(call(test)));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.runUntilComplete(task.get()));
            assertTrue(e.getMessage().contains("cannot await itself"), e::getMessage);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_class")
        void taskClass() {
            Task<String> t = loop.createTask(returning("ok"));
            loop.runUntilComplete(t);
            assertTrue(t.done());
            assertEquals("ok", t.result());
            assertSame(loop, t.getLoop());
            EventLoop other = newEventLoop();
            try {
                Task<String> t2 = other.createTask(returning("ok"));
                assertSame(other, t2.getLoop());
                other.runUntilComplete(t2);
            } finally {
                other.close();
            }
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_repr_autogenerated")
        void taskReprAutogenerated() {
            Task<Integer> t1 = loop.createTask(returning(123));
            Task<Integer> t2 = loop.createTask(returning(123));
            assertNotEquals(t1.toString(), t2.toString());
            Pattern name = Pattern.compile("^<Task pending name='Task-(\\d+)'");
            Matcher match1 = name.matcher(t1.toString());
            assertTrue(match1.find(), t1::toString);
            Matcher match2 = name.matcher(t2.toString());
            assertTrue(match2.find(), t2::toString);
            assertTrue(Integer.parseInt(match1.group(1)) < Integer.parseInt(match2.group(1)),
                    "autogenerated task names have increasing numbers");
            loop.runUntilComplete(t1);
            loop.runUntilComplete(t2);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_basics")
        void taskBasics() {
            AsyncSupplier<Integer> outer = () -> {
                int a = await(returning(42));
                int b = await(returning(1000));
                return Coroutine.completed(a + b);
            };
            assertEquals(1042, loop.runUntilComplete(call(outer)));
        }

        @Async
        Coroutine<Void> sleepLong() {
            await(sleep(10));
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancelling")
        void cancelling() {
            Task<Void> t = loop.createTask(sleepLong());
            assertEquals(0, t.cancelling());
            assertTrue(t.cancel());
            assertEquals(1, t.cancelling());
            assertTrue(t.cancel());
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_uncancel_basic")
        void uncancelBasic() {
            AsyncSupplier<Void> task = () -> {
                try {
                    await(sleep(10));
                } catch (CancellationException e) {
                    currentTask().uncancel();
                    await(sleep(10));
                }
                return Coroutine.completed();
            };
            Task<Void> t = loop.createTask(call(task));
            loop.runUntilComplete(sleep(0.01));
            assertTrue(t.cancel()); // cancel the first sleep
            assertEquals(1, t.cancelling());
            assertFalse(t.cancelled()); // not complete yet
            loop.runUntilComplete(sleep(0.01));
            assertEquals(0, t.cancelling()); // after uncancel()
            assertFalse(t.cancelled());
            assertTrue(t.cancel()); // cancel the second sleep
            assertEquals(1, t.cancelling());
            assertFalse(t.cancelled());
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertTrue(t.cancelled());
            assertTrue(t.done());
            t.uncancel(); // no effect once the task is done
            assertTrue(t.cancelled());
            assertTrue(t.done());
        }

        /** The structured block of test_uncancel_structured_blocks, which times out with call_later and uncancel. */
        @Async
        Coroutine<List<Boolean>> makeRequestWithTimeout(double sleepSeconds, double timeoutSeconds) {
            Task<?> task = currentTask();
            EventLoop taskLoop = task.getLoop();
            boolean[] timedOut = {false};
            boolean structuredBlockFinished = false;
            jasyncio.Handle timeoutHandle = taskLoop.callLater(timeoutSeconds, () -> {
                timedOut[0] = true;
                task.cancel();
            });
            try {
                Throwable raised = null;
                try {
                    await(sleep(sleepSeconds)); // the structured block affected by the timeout
                    structuredBlockFinished = true;
                } catch (Throwable e) {
                    raised = e;
                    throw e;
                } finally {
                    timeoutHandle.cancel();
                    if (timedOut[0] && task.uncancel() == 0 && raised instanceof CancellationException) {
                        throw new AsyncTimeoutException("timed out", raised);
                    }
                }
            } catch (AsyncTimeoutException e) {
                assertTrue(timedOut[0]);
            }
            boolean outerCodeReached = true; // outer code, not affected by the timeout
            await(sleep(0));
            return Coroutine.completed(List.of(timedOut[0], structuredBlockFinished, outerCodeReached));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_uncancel_structured_blocks")
        void uncancelStructuredBlocks() {
            Task<List<Boolean>> t1 = loop.createTask(makeRequestWithTimeout(10.0, 0.01));
            assertEquals(List.of(true, false, true), loop.runUntilComplete(t1));
            assertEquals(0, t1.cancelling(), "no pending cancellation of the outer task");
            Task<List<Boolean>> t2 = loop.createTask(makeRequestWithTimeout(0, 10.0));
            assertEquals(List.of(false, true, true), loop.runUntilComplete(t2));
            assertEquals(0, t2.cancelling());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_uncancel_resets_must_cancel")
        void uncancelResetsMustCancel() {
            Future<Void> fut = loop.createFuture();
            AsyncSupplier<Integer> coro = () -> {
                await(fut);
                return Coroutine.completed(42);
            };
            Task<Integer> task = loop.createTask(call(coro));
            loop.runUntilComplete(sleep(0)); // the task waits for fut
            fut.setResult(null); // the task is runnable
            task.cancel();
            assertEquals(1, task.cancelling());
            task.uncancel();
            assertEquals(0, task.cancelling());
            assertEquals(42, loop.runUntilComplete(task));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel")
        void cancel() {
            Task<Integer> t = loop.createTask(sleep(10.0, 12));
            loop.callSoon(t::cancel);
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertTrue(t.done());
            assertTrue(t.cancelled());
            assertFalse(t.cancel());
        }

        /** Sleeps in a task, cancels it with {@code message} (null: none), and reads it through {@code read}. */
        @Async
        Coroutine<Void> cancelSleeperThenRead(String message, boolean readException) {
            Task<Void> task = createTask(sleepLong());
            await(sleep(0));
            if (message == null) {
                task.cancel();
            } else {
                task.cancel(message);
            }
            await(waitUntil(List.of(task), ReturnWhen.ALL_COMPLETED));
            if (readException) {
                task.exception();
            } else {
                task.result();
            }
            return Coroutine.completed();
        }

        /** Each case of the two tests below: a cancelled task's message reaches whoever reads it. */
        void assertCancelMessageRead(boolean readException) {
            // Python's non-string message (5) has no Java counterpart; nor has the exception context it checks.
            for (String message : Arrays.asList(null, "my message")) {
                EventLoop caseLoop = newEventLoop();
                try {
                    Task<Void> task = caseLoop.createTask(cancelSleeperThenRead(message, readException));
                    CancellationException e = assertThrows(CancellationException.class,
                            () -> caseLoop.runUntilComplete(task));
                    assertEquals(message, e.getMessage());
                } finally {
                    caseLoop.close();
                }
            }
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_with_message_then_future_result")
        void cancelWithMessageThenFutureResult() {
            assertCancelMessageRead(false);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_with_message_then_future_exception")
        void cancelWithMessageThenFutureException() {
            assertCancelMessageRead(true);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancellation_exception_context")
        void cancellationExceptionContext() {
            Future<Void> fut = loop.createFuture();
            AsyncSupplier<Void> sleeper = () -> {
                fut.setResult(null);
                await(sleep(10));
                return Coroutine.completed();
            };
            AsyncSupplier<Void> coro = () -> {
                Task<Void> innerTask = createTask(call(sleeper));
                await(fut);
                loop.callSoon(() -> innerTask.cancel("msg"));
                try {
                    await(innerTask);
                } catch (CancellationException ex) {
                    throw new IllegalArgumentException("cancelled", ex);
                }
                return Coroutine.completed();
            };
            Task<Void> task = loop.createTask(call(coro));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.runUntilComplete(task));
            assertEquals("cancelled", e.getMessage());
            assertInstanceOf(CancellationException.class, e.getCause());
            assertEquals("msg", e.getCause().getMessage());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_with_message_before_starting_task")
        void cancelWithMessageBeforeStartingTask() {
            AsyncSupplier<Void> coro = () -> {
                Task<Void> task = createTask(sleepLong());
                task.cancel("my message"); // deliberately no sleep before
                await(waitUntil(List.of(task), ReturnWhen.ALL_COMPLETED));
                task.exception();
                return Coroutine.completed();
            };
            Task<Void> task = loop.createTask(call(coro));
            CancellationException e = assertThrows(CancellationException.class, () -> loop.runUntilComplete(task));
            assertEquals("my message", e.getMessage());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_yield")
        void cancelYield() {
            AsyncSupplier<Integer> task = () -> {
                await(sleep(0));
                await(sleep(0));
                return Coroutine.completed(12);
            };
            Task<Integer> t = loop.createTask(call(task));
            runBriefly(loop); // start the coroutine
            t.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertTrue(t.done());
            assertTrue(t.cancelled());
            assertFalse(t.cancel());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_inner_future")
        void cancelInnerFuture() {
            Future<Integer> f = loop.createFuture();
            Task<Integer> t = loop.createTask(awaiting(f));
            runBriefly(loop); // start the task
            f.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertTrue(f.cancelled());
            assertTrue(t.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_both_task_and_inner_future")
        void cancelBothTaskAndInnerFuture() {
            Future<Integer> f = loop.createFuture();
            Task<Integer> t = loop.createTask(awaiting(f));
            runBriefly(loop);
            f.cancel();
            t.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertTrue(t.done());
            assertTrue(f.cancelled());
            assertTrue(t.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_task_catching")
        void cancelTaskCatching() {
            // CPython also checks the private t._fut_waiter.
            Future<Void> fut1 = loop.createFuture();
            Future<Void> fut2 = loop.createFuture();
            AsyncSupplier<Integer> task = () -> {
                await(fut1);
                try {
                    await(fut2);
                } catch (CancellationException e) {
                    return Coroutine.completed(42);
                }
                return Coroutine.completed(0);
            };
            Task<Integer> t = loop.createTask(call(task));
            runBriefly(loop);
            fut1.setResult(null);
            runBriefly(loop);
            t.cancel();
            assertTrue(fut2.cancelled());
            assertEquals(42, loop.runUntilComplete(t));
            assertFalse(t.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_task_ignoring")
        void cancelTaskIgnoring() {
            Future<Void> fut1 = loop.createFuture();
            Future<Void> fut2 = loop.createFuture();
            Future<Integer> fut3 = loop.createFuture();
            AsyncSupplier<Integer> task = () -> {
                await(fut1);
                try {
                    await(fut2);
                } catch (CancellationException e) {
                    // ignored
                }
                return Coroutine.completed(await(fut3));
            };
            Task<Integer> t = loop.createTask(call(task));
            runBriefly(loop);
            fut1.setResult(null);
            runBriefly(loop);
            t.cancel();
            assertTrue(fut2.cancelled());
            runBriefly(loop);
            fut3.setResult(42);
            assertEquals(42, loop.runUntilComplete(t));
            assertFalse(fut3.cancelled());
            assertFalse(t.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_current_task")
        void cancelCurrentTask() {
            AtomicReference<Task<Integer>> t = new AtomicReference<>();
            AtomicBoolean late = new AtomicBoolean();
            AsyncSupplier<Integer> task = () -> {
                AtomicBoolean alarm = raisedAfter(5);
                t.get().cancel();
                try {
                    await(sleep(10)); // the sleep should be cancelled at once (CPython sleeps 100)
                } finally {
                    late.set(alarm.get());
                }
                return Coroutine.completed(12);
            };
            t.set(loop.createTask(call(task)));
            assertFalse(t.get().cancelled());
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t.get()));
            assertFalse(late.get(), "the sleep of a task that cancelled itself ended at once");
            assertTrue(t.get().done());
            assertTrue(t.get().cancelled());
            assertFalse(t.get().cancel());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_at_end")
        void cancelAtEnd() {
            AtomicReference<Task<Integer>> t = new AtomicReference<>();
            AsyncSupplier<Integer> task = () -> {
                t.get().cancel();
                await(returning(null)); // a coroutine lambda must await to be lazy (issue 10 defect 14)
                return Coroutine.completed(12);
            };
            t.set(loop.createTask(call(task)));
            assertFalse(t.get().cancelled());
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t.get()));
            assertTrue(t.get().done());
            assertTrue(t.get().cancelled());
            assertFalse(t.get().cancel());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_awaited_task")
        void cancelAwaitedTask() {
            Future<Void> fut = loop.createFuture();
            AtomicReference<Task<Void>> task = new AtomicReference<>();
            AtomicReference<Task<Void>> nestedTask = new AtomicReference<>();
            AsyncSupplier<Void> coro = () -> {
                nestedTask.set(createTask(awaiting(fut)));
                await(sleep(0));
                task.get().cancel(); // request the current task's cancellation
                await(nestedTask.get()); // block on the nested task, which is cancelled at once
                return Coroutine.completed();
            };
            task.set(loop.createTask(call(coro)));
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(task.get()));
            assertTrue(task.get().cancelled());
            assertTrue(nestedTask.get().cancelled());
            assertTrue(fut.cancelled());
        }

        @Async
        Coroutine<Void> nestedSleeper() {
            await(sleep(10)); // cancelled at once
            return Coroutine.completed();
        }

        /** The frames a stack trace shows, as "method" names. */
        private String methodsOf(Throwable e) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    text.append(frame.getMethodName()).append('\n');
                }
            }
            return text.toString();
        }

        @Async
        Coroutine<Void> cancelNestedAndAwaitIt() {
            Task<Void> task = createTask(nestedSleeper());
            await(sleep(0));
            task.cancel();
            await(task); // search target
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_traceback_for_future_result")
        void cancelTracebackForFutureResult() {
            Task<Void> task = loop.createTask(cancelNestedAndAwaitIt());
            CancellationException e = assertThrows(CancellationException.class, () -> loop.runUntilComplete(task));
            String methods = methodsOf(e);
            assertTrue(methods.contains("nestedSleeper"), methods);
            assertTrue(methods.contains("cancelNestedAndAwaitIt"), methods);
        }

        @Async
        Coroutine<Void> cancelNestedAndReadException() {
            Task<Void> task = createTask(nestedSleeper());
            await(sleep(0));
            task.cancel();
            await(waitUntil(List.of(task), ReturnWhen.ALL_COMPLETED));
            task.exception(); // search target
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_traceback_for_future_exception")
        void cancelTracebackForFutureException() {
            Task<Void> task = loop.createTask(cancelNestedAndReadException());
            CancellationException e = assertThrows(CancellationException.class, () -> loop.runUntilComplete(task));
            String methods = methodsOf(e);
            assertTrue(methods.contains("nestedSleeper"), methods);
            assertTrue(methods.contains("cancelNestedAndReadException"), methods);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_stop_while_run_in_complete")
        void stopWhileRunInComplete() {
            int[] x = {0};
            AsyncSupplier<Void> task = () -> {
                while (x[0] < 10) {
                    await(sleep(0.01));
                    x[0]++;
                    if (x[0] == 2) {
                        loop.stop();
                    }
                }
                return Coroutine.completed();
            };
            Task<Void> t = loop.createTask(call(task));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            assertTrue(e.getMessage().startsWith("Event loop stopped before"), e::getMessage);
            assertFalse(t.done());
            assertEquals(2, x[0]);
            t.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
        }

        @Async
        Coroutine<Integer> waitForBoth(Task<Void> a, Task<Void> b) {
            WaitResult<Void> r = await(waitUntil(List.of(b, a), ReturnWhen.ALL_COMPLETED));
            assertEquals(Set.of(a, b), r.done());
            assertEquals(Set.of(), r.pending());
            return Coroutine.completed(42);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait")
        void waitAll() {
            Task<Void> a = loop.createTask(sleep(0.01));
            Task<Void> b = loop.createTask(sleep(0.015));
            assertEquals(42, loop.runUntilComplete(loop.createTask(waitForBoth(a, b))));
            assertTrue(a.done() && b.done());
            // doing it again takes no time and exercises a different path
            assertEquals(42, loop.runUntilComplete(loop.createTask(waitForBoth(a, b))));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_duplicate_coroutines")
        void waitDuplicateCoroutines() {
            Task<String> c = loop.createTask(returning("test"));
            Task<WaitResult<String>> task = loop.createTask(
                    waitUntil(List.of(c, c, loop.createTask(returning("spam"))), ReturnWhen.ALL_COMPLETED));
            WaitResult<String> r = loop.runUntilComplete(task);
            assertTrue(r.pending().isEmpty());
            Set<String> results = new HashSet<>();
            r.done().forEach(f -> results.add(f.result()));
            assertEquals(Set.of("test", "spam"), results);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_errors")
        void waitErrors() {
            // CPython also passes an invalid return_when (-1), which a Java enum cannot hold.
            assertThrows(IllegalArgumentException.class,
                    () -> loop.runUntilComplete(waitUntil(List.<Task<Void>>of(), ReturnWhen.ALL_COMPLETED)));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_first_completed")
        void waitFirstCompleted() {
            Task<Void> a = loop.createTask(sleep(10.0));
            Task<Void> b = loop.createTask(sleep(0.01));
            Task<WaitResult<Void>> task = loop.createTask(waitUntil(List.of(b, a), ReturnWhen.FIRST_COMPLETED));
            WaitResult<Void> r = loop.runUntilComplete(task);
            assertEquals(Set.of(b), r.done());
            assertEquals(Set.of(a), r.pending());
            assertFalse(a.done());
            assertTrue(b.done());
            assertNull(b.result());
            a.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(a));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_really_done")
        void waitReallyDone() {
            AsyncSupplier<Void> coro2 = () -> {
                await(sleep(0));
                await(sleep(0));
                return Coroutine.completed();
            };
            Task<Void> a = loop.createTask(sleep(0));
            Task<Void> b = loop.createTask(call(coro2));
            Task<WaitResult<Void>> task = loop.createTask(waitUntil(List.of(b, a), ReturnWhen.FIRST_COMPLETED));
            WaitResult<Void> r = loop.runUntilComplete(task);
            assertEquals(Set.of(a, b), r.done());
            assertNull(a.result());
            assertNull(b.result());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_first_exception")
        void waitFirstException() {
            Task<Void> a = loop.createTask(sleep(10.0));
            Task<Void> b = loop.createTask(failing(new ArithmeticException("err")));
            double t0 = loop.time();
            Task<WaitResult<Void>> task = loop.createTask(waitUntil(List.of(b, a), ReturnWhen.FIRST_EXCEPTION));
            WaitResult<Void> r = loop.runUntilComplete(task);
            assertEquals(Set.of(b), r.done());
            assertEquals(Set.of(a), r.pending());
            assertTrue(loop.time() - t0 < 5, "returned before a's sleep");
            a.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(a));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_first_exception_in_wait")
        void waitFirstExceptionInWait() {
            Task<Void> a = loop.createTask(sleep(10.0));
            AsyncSupplier<Void> exc = () -> {
                await(sleep(0.01));
                throw new ArithmeticException("err");
            };
            Task<Void> b = loop.createTask(call(exc));
            WaitResult<Void> r = loop.runUntilComplete(waitUntil(List.of(b, a), ReturnWhen.FIRST_EXCEPTION));
            assertEquals(Set.of(b), r.done());
            assertEquals(Set.of(a), r.pending());
            a.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(a));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_with_exception")
        void waitWithException() {
            Task<Void> a = loop.createTask(sleep(0.01));
            AsyncSupplier<Void> sleeper = () -> {
                await(sleep(0.015));
                throw new ArithmeticException("really");
            };
            Task<Void> b = loop.createTask(call(sleeper));
            AsyncSupplier<Void> foo = () -> {
                WaitResult<Void> r = await(waitUntil(List.of(b, a), ReturnWhen.ALL_COMPLETED));
                assertEquals(2, r.done().size());
                assertEquals(Set.of(), r.pending());
                assertEquals(1, r.done().stream().filter(f -> f.exception() != null).count());
                return Coroutine.completed();
            };
            loop.runUntilComplete(loop.createTask(call(foo)));
            loop.runUntilComplete(loop.createTask(call(foo)));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_with_timeout")
        void waitWithTimeout() {
            Task<Void> a = loop.createTask(sleep(0.01));
            Task<Void> b = loop.createTask(sleep(0.5));
            AsyncSupplier<Void> foo = () -> {
                WaitResult<Void> r = await(waitUntil(List.of(b, a), ReturnWhen.ALL_COMPLETED, 0.11));
                assertEquals(Set.of(a), r.done());
                assertEquals(Set.of(b), r.pending());
                return Coroutine.completed();
            };
            loop.runUntilComplete(loop.createTask(call(foo)));
            loop.runUntilComplete(waitUntil(List.of(a, b), ReturnWhen.ALL_COMPLETED));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_concurrent_complete")
        void waitConcurrentComplete() {
            Task<Void> a = loop.createTask(sleep(0.01));
            Task<Void> b = loop.createTask(sleep(0.5));
            WaitResult<Void> r = loop.runUntilComplete(waitUntil(List.of(b, a), ReturnWhen.ALL_COMPLETED, 0.01));
            assertEquals(Set.of(a), r.done());
            assertEquals(Set.of(b), r.pending());
            loop.runUntilComplete(waitUntil(List.of(a, b), ReturnWhen.ALL_COMPLETED));
        }

        @Async
        Coroutine<List<String>> inCompletionOrder(List<? extends jasyncio.Awaitable<String>> awaitables) {
            List<String> values = new ArrayList<>();
            for (Coroutine<String> f : asCompleted(awaitables)) {
                values.add(await(f));
            }
            return Coroutine.completed(values);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed")
        void asCompletedOrder() {
            // CPython iterates both ways (for and async for); jasyncio's asCompleted is one Iterable.
            List<String> res = loop.runUntilComplete(loop.createTask(inCompletionOrder(
                    List.of(sleep(0.01, "b"), sleep(0.05, "c"), sleep(0.01, "a")))));
            assertTrue(res.subList(0, 2).contains("a"));
            assertTrue(res.subList(0, 2).contains("b"));
            assertEquals("c", res.get(2));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_resume_iterator")
        void asCompletedResumeIterator() {
            AsyncSupplier<List<Integer>> tryIterator = () -> {
                Iterator<Coroutine<Integer>> iterator = asCompleted(
                        List.of(returning(0), returning(1), returning(2), returning(3))).iterator();
                List<Integer> collected = new ArrayList<>();
                int iterations = 0;
                while (iterator.hasNext()) {
                    collected.add(await(iterator.next()));
                    iterations++;
                    if (iterations == 2) {
                        break;
                    }
                }
                assertEquals(2, collected.size());
                while (iterator.hasNext()) { // resume the same iterator
                    collected.add(await(iterator.next()));
                }
                return Coroutine.completed(collected);
            };
            List<Integer> results = new ArrayList<>(loop.runUntilComplete(call(tryIterator)));
            results.sort(null);
            assertEquals(List.of(0, 1, 2, 3), results);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_reverse_wait")
        void asCompletedReverseWait() {
            AsyncSupplier<Void> test = () -> {
                List<Coroutine<String>> futs = new ArrayList<>();
                asCompleted(List.of(sleep(0.01, "a"), sleep(0.03, "b"))).forEach(futs::add);
                assertEquals(2, futs.size());
                assertEquals("a", await(futs.get(1)));
                assertEquals("b", await(futs.get(0)));
                return Coroutine.completed();
            };
            loop.runUntilComplete(call(test));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_with_timeout")
        void asCompletedWithTimeout() {
            // On virtual time, as CPython's test loop runs it: on the real clock, a loaded machine woke the loop
            // after both sleeps and the timeout were due, and the order of the outcomes was the machine's.
            asyncTest(() -> {
                Task<String> a = createTask(sleep(0.1, "a"));
                Task<String> b = createTask(sleep(0.15, "b"));
                List<Object> values = new ArrayList<>();
                for (Coroutine<String> f : asCompleted(List.of(a, b), 0.12)) {
                    try {
                        values.add(await(f));
                    } catch (AsyncTimeoutException e) {
                        values.add(e);
                    }
                }
                assertEquals(2, values.size(), values::toString);
                assertEquals("a", values.get(0));
                assertInstanceOf(AsyncTimeoutException.class, values.get(1));
                assertFalse(b.cancelled(), "the work left is not cancelled");
                assertEquals("b", await(b));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_with_unused_timeout")
        void asCompletedWithUnusedTimeout() {
            AsyncSupplier<Void> test = () -> {
                for (Coroutine<String> f : asCompleted(List.of(sleep(0.001, "a")), 1)) {
                    assertEquals("a", await(f));
                }
                return Coroutine.completed();
            };
            loop.runUntilComplete(call(test));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_concurrent")
        void asCompletedConcurrent() {
            AsyncSupplier<Void> test = () -> {
                List<Task<String>> futs = new ArrayList<>();
                for (Coroutine<String> f : asCompleted(List.of(sleep(0.01, "a"), sleep(0.01, "b")))) {
                    futs.add(createTask(f));
                }
                assertEquals(2, futs.size());
                WaitResult<String> r = await(waitUntil(futs, ReturnWhen.ALL_COMPLETED));
                Set<String> results = new HashSet<>();
                r.done().forEach(f -> results.add(f.result()));
                assertEquals(Set.of("a", "b"), results);
                return Coroutine.completed();
            };
            loop.runUntilComplete(call(test));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_duplicate_coroutines")
        void asCompletedDuplicateCoroutines() {
            AsyncSupplier<List<String>> tryIterator = () -> {
                List<String> result = new ArrayList<>();
                Coroutine<String> c = returning("ham");
                for (Coroutine<String> f : asCompleted(List.of(c, c, returning("spam")))) {
                    result.add(await(f));
                }
                return Coroutine.completed(result);
            };
            Task<List<String>> fut = loop.createTask(call(tryIterator));
            loop.runUntilComplete(fut);
            assertEquals(Set.of("ham", "spam"), new HashSet<>(fut.result()));
            assertEquals(2, fut.result().size());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_coroutine_without_loop")
        void asCompletedCoroutineWithoutLoop() {
            Coroutine<Integer> a = returning(42);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> asCompleted(List.of(a)));
            assertTrue(e.getMessage().contains("running event loop"), e::getMessage);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_as_completed_coroutine_use_running_loop")
        void asCompletedCoroutineUseRunningLoop() {
            AsyncSupplier<Void> test = () -> {
                List<Coroutine<Integer>> futs = new ArrayList<>();
                asCompleted(List.of(returning(42))).forEach(futs::add);
                assertEquals(1, futs.size());
                assertEquals(42, await(futs.get(0)));
                return Coroutine.completed();
            };
            loop.runUntilComplete(call(test));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_sleep")
        void sleepTwice() {
            AsyncSupplier<String> sleeper = () -> {
                await(sleep(0.005));
                return Coroutine.completed(await(sleep(0.005, "yeah")));
            };
            Task<String> t = loop.createTask(call(sleeper));
            loop.runUntilComplete(t);
            assertTrue(t.done());
            assertEquals("yeah", t.result());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_sleep_when_delay_is_nan")
        void sleepWhenDelayIsNan() {
            Task<Void> t = loop.createTask(call(() -> {
                await(sleep(Double.NaN));
                return Coroutine.completed();
            }));
            assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(t));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_cancel_sleeping_task")
        void taskCancelSleepingTask() {
            AsyncSupplier<String> doit = () -> {
                Task<Void> sleeper = createTask(sleep(5000));
                loop.callLater(0.01, sleeper::cancel);
                try {
                    await(sleeper);
                } catch (CancellationException e) {
                    return Coroutine.completed("cancelled");
                }
                return Coroutine.completed("slept in");
            };
            assertEquals("cancelled", loop.runUntilComplete(call(doit)));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_cancel_waiter_future")
        void taskCancelWaiterFuture() {
            // CPython also checks the private task._fut_waiter.
            Future<Void> fut = loop.createFuture();
            Task<Void> task = loop.createTask(awaiting(fut));
            runBriefly(loop);
            task.cancel();
            runBriefly(loop);
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(task));
            assertTrue(fut.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_task_set_methods")
        void taskSetMethods() {
            // Adapted (documented difference): asyncio's RuntimeError is Java's UnsupportedOperationException here.
            Task<String> task = loop.createTask(returning("ko"));
            assertThrows(UnsupportedOperationException.class, () -> task.setResult("ok"));
            assertThrows(UnsupportedOperationException.class, () -> task.setException(new IllegalArgumentException()));
            assertEquals("ko", loop.runUntilComplete(task));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_baseexception_during_cancel")
        void baseexceptionDuringCancel() {
            // Adapted (documented difference: the loop survives a task's failure). CPython's SystemExit escapes
            // the loop; jasyncio's counterpart, an Error, ends only the task that threw it.
            Error baseExc = new Error("SystemExit");
            AsyncSupplier<Void> notmuch = () -> {
                try {
                    await(sleepLong());
                } catch (CancellationException e) {
                    throw baseExc;
                }
                return Coroutine.completed();
            };
            Task<Void> task = loop.createTask(call(notmuch));
            runBriefly(loop);
            task.cancel();
            assertFalse(task.done());
            runBriefly(loop);
            assertTrue(task.done());
            assertFalse(task.cancelled());
            assertSame(baseExc, task.exception());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_coroutine_non_gen_function")
        void coroutineNonGenFunction() {
            // CPython also checks iscoroutinefunction / iscoroutine, which Java's types make moot.
            assertEquals("test", loop.runUntilComplete(returning("test")));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_coroutine_non_gen_function_return_future")
        void coroutineNonGenFunctionReturnFuture() {
            // Adapted (documented: returning an awaitable from a coroutine awaits it, a tail await): t1 ends with
            // the future's value, where asyncio's ends with the future itself.
            Future<String> fut = loop.createFuture();
            AsyncSupplier<String> func = () -> {
                await(sleep(0));
                return awaiting(fut);
            };
            AsyncSupplier<Void> coro = () -> {
                await(sleep(0));
                fut.setResult("test");
                return Coroutine.completed();
            };
            Task<String> t1 = loop.createTask(call(func));
            Task<Void> t2 = loop.createTask(call(coro));
            assertEquals("test", loop.runUntilComplete(t1));
            assertNull(t2.result());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_current_task")
        void currentTaskOfCoroutine() {
            assertNull(currentTask());
            AtomicReference<Task<Void>> task = new AtomicReference<>();
            AsyncSupplier<Void> coro = () -> {
                assertSame(task.get(), currentTask());
                await(sleep(0));
                assertSame(task.get(), currentTask());
                return Coroutine.completed();
            };
            task.set(loop.createTask(call(coro)));
            loop.runUntilComplete(task.get());
            assertNull(currentTask());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks")
        void currentTaskWithInterleavingTasks() {
            assertNull(currentTask());
            Future<Boolean> fut1 = loop.createFuture();
            Future<Boolean> fut2 = loop.createFuture();
            AtomicReference<Task<Void>> task1 = new AtomicReference<>();
            AtomicReference<Task<Void>> task2 = new AtomicReference<>();
            AsyncSupplier<Void> coro1 = () -> {
                assertSame(task1.get(), currentTask());
                await(fut1);
                assertSame(task1.get(), currentTask());
                fut2.setResult(true);
                return Coroutine.completed();
            };
            AsyncSupplier<Void> coro2 = () -> {
                assertSame(task2.get(), currentTask());
                fut1.setResult(true);
                await(fut2);
                assertSame(task2.get(), currentTask());
                return Coroutine.completed();
            };
            task1.set(loop.createTask(call(coro1)));
            task2.set(loop.createTask(call(coro2)));
            loop.runUntilComplete(waitUntil(List.of(task1.get(), task2.get()), ReturnWhen.ALL_COMPLETED));
            assertNull(task1.get().exception());
            assertNull(task2.get().exception());
            assertNull(currentTask());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_yield_future_passes_cancel")
        void yieldFuturePassesCancel() {
            int[] proof = {0};
            Future<Void> waiter = loop.createFuture();
            AsyncSupplier<Void> inner = () -> {
                try {
                    await(waiter);
                } catch (CancellationException e) {
                    proof[0] += 1;
                    throw e;
                }
                fail("got past sleep() in inner()");
                return Coroutine.completed();
            };
            AsyncSupplier<Void> outer = () -> {
                try {
                    await(call(inner));
                } catch (CancellationException e) {
                    proof[0] += 100; // expect this path
                    return Coroutine.completed();
                }
                proof[0] += 10;
                return Coroutine.completed();
            };
            Task<Void> f = loop.createTask(call(outer));
            runBriefly(loop);
            f.cancel();
            loop.runUntilComplete(f);
            assertEquals(101, proof[0]);
            assertTrue(waiter.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_yield_wait_does_not_shield_cancel")
        void yieldWaitDoesNotShieldCancel() {
            int[] proof = {0};
            Future<Void> waiter = loop.createFuture();
            AsyncSupplier<Void> inner = () -> {
                await(waiter);
                proof[0] += 1;
                return Coroutine.completed();
            };
            AsyncSupplier<Void> outer = () -> {
                await(waitUntil(List.of(createTask(call(inner))), ReturnWhen.ALL_COMPLETED));
                proof[0] += 100;
                return Coroutine.completed();
            };
            Task<Void> f = loop.createTask(call(outer));
            runBriefly(loop);
            f.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(f));
            waiter.setResult(null);
            runBriefly(loop);
            assertEquals(1, proof[0]);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_result")
        void shieldResult() {
            Future<Integer> inner = loop.createFuture();
            AsyncSupplier<Integer> test = () -> {
                Future<Integer> outer = shield(inner);
                inner.setResult(42);
                return Coroutine.completed(await(outer));
            };
            assertEquals(42, loop.runUntilComplete(call(test)));
        }

        /** {@code shield(inner)} made on the loop (jasyncio's shield needs a running loop). */
        private <T> Future<T> shieldOnLoop(Future<T> inner) {
            return loop.runUntilComplete(call(() -> {
                await(sleep(0));
                return Coroutine.completed(shield(inner));
            }));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_exception")
        void shieldException() {
            Future<Integer> inner = loop.createFuture();
            Future<Integer> outer = shieldOnLoop(inner);
            runBriefly(loop);
            RuntimeException exc = new IllegalStateException("expected");
            inner.setException(exc);
            runBriefly(loop);
            assertSame(exc, outer.exception());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_cancel_inner")
        void shieldCancelInner() {
            Future<Integer> inner = loop.createFuture();
            Future<Integer> outer = shieldOnLoop(inner);
            runBriefly(loop);
            inner.cancel();
            runBriefly(loop);
            assertTrue(outer.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_cancel_outer")
        void shieldCancelOuter() {
            // CPython also checks the private outer._callbacks.
            Future<Integer> inner = loop.createFuture();
            Future<Integer> outer = shieldOnLoop(inner);
            runBriefly(loop);
            outer.cancel();
            runBriefly(loop);
            assertTrue(outer.cancelled());
            assertFalse(inner.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_shortcut")
        void shieldShortcut() {
            Future<Integer> fut = loop.createFuture();
            fut.setResult(42);
            assertEquals(42, loop.runUntilComplete(call(() -> {
                await(sleep(0));
                return Coroutine.completed(await(shield(fut)));
            })));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_effect")
        void shieldEffect() {
            int[] proof = {0};
            Future<Void> waiter = loop.createFuture();
            AsyncSupplier<Void> inner = () -> {
                await(waiter);
                proof[0] += 1;
                return Coroutine.completed();
            };
            AsyncSupplier<Void> outer = () -> {
                await(shield(call(inner)));
                proof[0] += 100;
                return Coroutine.completed();
            };
            Task<Void> f = loop.createTask(call(outer));
            runBriefly(loop);
            f.cancel();
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(f));
            waiter.setResult(null);
            runBriefly(loop);
            assertEquals(1, proof[0]);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_gather")
        void shieldGather() {
            Future<Integer> child1 = loop.createFuture();
            Future<Integer> child2 = loop.createFuture();
            AtomicReference<Future<List<Integer>>> parent = new AtomicReference<>();
            Future<List<Integer>> outer = loop.runUntilComplete(call(() -> {
                await(sleep(0));
                parent.set(gather(child1, child2));
                return Coroutine.completed(shield(parent.get()));
            }));
            runBriefly(loop);
            outer.cancel();
            runBriefly(loop);
            assertTrue(outer.cancelled());
            child1.setResult(1);
            child2.setResult(2);
            runBriefly(loop);
            assertEquals(List.of(1, 2), parent.get().result());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_gather_shield")
        void gatherShield() {
            // CPython's gathering future ends with a CancelledError as its exception; jasyncio's ends cancelled.
            // Either way result() throws CancellationException, which is what the port checks.
            Future<Integer> child1 = loop.createFuture();
            Future<Integer> child2 = loop.createFuture();
            List<Future<Integer>> inner = new ArrayList<>();
            Future<List<Integer>> parent = loop.runUntilComplete(call(() -> {
                await(sleep(0));
                inner.add(shield(child1));
                inner.add(shield(child2));
                return Coroutine.completed(gather(inner.get(0), inner.get(1)));
            }));
            runBriefly(loop);
            parent.cancel(); // cancels inner1 and inner2 but not child1 and child2
            runBriefly(loop);
            assertThrows(CancellationException.class, parent::result);
            assertTrue(inner.get(0).cancelled());
            assertTrue(inner.get(1).cancelled());
            child1.setResult(1);
            child2.setResult(2);
            runBriefly(loop);
            assertFalse(child1.cancelled() || child2.cancelled());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_coroutine_without_loop")
        void shieldCoroutineWithoutLoop() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> shield(returning(42)));
            assertTrue(e.getMessage().contains("running event loop"), e::getMessage);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_shield_coroutine_use_running_loop")
        void shieldCoroutineUseRunningLoop() {
            Future<Integer> outer = loop.runUntilComplete(call(() -> {
                await(sleep(0));
                return Coroutine.completed(shield(returning(42)));
            }));
            assertSame(loop, outer.getLoop());
            assertEquals(42, loop.runUntilComplete(outer));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_wait_invalid_args")
        void waitInvalidArgs() {
            // CPython also passes a future and a coroutine where a collection is due, which Java's types refuse.
            assertThrows(IllegalArgumentException.class,
                    () -> loop.runUntilComplete(waitUntil(List.<Task<Void>>of(), ReturnWhen.ALL_COMPLETED)));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_tb_logger_not_called_after_cancel")
        void tbLoggerNotCalledAfterCancel() {
            // CPython's logger reports the task when it is collected; jasyncio's loop reports it when it closes.
            loop.runUntilComplete(call(() -> {
                Task<Void> task = createTask(failing(new IllegalArgumentException("TypeError")));
                await(sleep(0.005));
                task.cancel();
                return Coroutine.completed();
            }));
            loop.close();
            assertEquals(List.of(), logged);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_gather_1")
        void cancelGather1() {
            Future<Integer> fut = loop.createFuture();
            Future<List<Integer>> gatherTask = loop.runUntilComplete(call(() -> {
                await(sleep(0));
                // the indirection fut -> child coroutine keeps the gathering future from being done with fut
                return Coroutine.completed(gather(awaiting(fut)));
            }));
            Boolean[] cancelResult = {null};
            fut.addDoneCallback(f -> cancelResult[0] = gatherTask.cancel());
            fut.setResult(42);
            loop.runUntilComplete(gatherTask);
            assertEquals(false, cancelResult[0]); // Python issue #26923: gather drops cancellation
            assertFalse(gatherTask.cancelled());
            assertEquals(List.of(42), gatherTask.result());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_cancel_gather_2")
        void cancelGather2() {
            for (String message : Arrays.asList(null, "my message")) {
                EventLoop caseLoop = newEventLoop();
                try {
                    AsyncSupplier<Void> test = () -> {
                        double time = 0;
                        while (true) {
                            time += 0.005;
                            await(gather(List.of(sleep(0.005)), true));
                            if (time > 0.1) {
                                return Coroutine.completed();
                            }
                        }
                    };
                    AsyncSupplier<Void> main = () -> {
                        Task<Void> qwe = createTask(call(test));
                        await(sleep(0.02));
                        if (message == null) {
                            qwe.cancel();
                        } else {
                            qwe.cancel(message);
                        }
                        await(qwe);
                        return Coroutine.completed();
                    };
                    CancellationException e = assertThrows(CancellationException.class,
                            () -> caseLoop.runUntilComplete(call(main)),
                            "gather() propagates the CancellationException of the inner task to its caller");
                    assertEquals(message, e.getMessage());
                } finally {
                    caseLoop.close();
                }
            }
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_exception_traceback")
        void exceptionTraceback() {
            loop.runUntilComplete(call(() -> {
                Task<Void> task = createTask(call(() -> {
                    await(sleep(0));
                    divideByZero();
                    return Coroutine.completed();
                }));
                await(sleep(0));
                await(sleep(0));
                assertTrue(task.exception().getStackTrace().length > 0);
                return Coroutine.completed();
            }));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_create_task_with_async_function")
        void createTaskWithAsyncFunction() {
            Task<Void> task = loop.createTask(coroutineFunction());
            loop.runUntilComplete(task);
            task = loop.createTask(coroutineFunction());
            loop.runUntilComplete(task);
            assertTrue(task.done());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_bare_create_task")
        void bareCreateTask() {
            loop.runUntilComplete(call(() -> {
                Task<Integer> task = createTask(returning(1));
                assertEquals(1, await(task));
                return Coroutine.completed();
            }));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_bare_create_named_task")
        void bareCreateNamedTask() {
            loop.runUntilComplete(call(() -> {
                Task<Void> task = createTask(coroutineFunction(), "No-op");
                assertEquals("No-op", task.getName());
                await(task);
                return Coroutine.completed();
            }));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_context_1")
        void context1() {
            ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
            AsyncSupplier<Void> sub = () -> {
                await(sleep(0.01));
                assertEquals("nope", cvar.get());
                cvar.set("something else");
                return Coroutine.completed();
            };
            AsyncSupplier<Void> main = () -> {
                assertEquals("nope", cvar.get());
                Task<Void> subtask = createTask(call(sub));
                cvar.set("yes");
                assertEquals("yes", cvar.get());
                await(subtask);
                assertEquals("yes", cvar.get());
                return Coroutine.completed();
            };
            loop.runUntilComplete(loop.createTask(call(main)));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_context_2")
        void context2() {
            ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
            AsyncSupplier<Void> main = () -> {
                Consumer<Future<Void>> futOnDone = f -> cvar.set("something else"); // must not pollute main's context
                assertEquals("nope", cvar.get());
                for (int j = 0; j < 2; j++) {
                    Future<Void> fut = loop.createFuture();
                    fut.addDoneCallback(futOnDone);
                    cvar.set("yes" + j);
                    loop.callSoon(() -> fut.setResult(null));
                    await(fut);
                    assertEquals("yes" + j, cvar.get());
                    for (int i = 0; i < 3; i++) {
                        cvar.set("yes" + i + "-" + j); // the task passed its context to addDoneCallback
                        await(sleep(0.001));
                        assertEquals("yes" + i + "-" + j, cvar.get());
                    }
                }
                return Coroutine.completed();
            };
            loop.runUntilComplete(loop.createTask(call(main)));
            assertEquals("nope", cvar.get());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_context_3")
        void context3() {
            ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
            Random random = new Random(3);
            AsyncSupplier<Void> main = () -> {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int num = random.nextInt(11);
                    tasks.add(loop.createTask(call(() -> {
                        for (int k = 0; k < 10; k++) {
                            cvar.set(num + k);
                            await(sleep(0.001 + random.nextDouble() * 0.004));
                            assertEquals(num + k, cvar.get());
                        }
                        return Coroutine.completed();
                    })));
                }
                await(gather(tasks));
                return Coroutine.completed();
            };
            loop.runUntilComplete(call(main));
            assertEquals(-1, cvar.get());
        }

        /** test_context_4 to _6: two tasks run one after the other in the same given context, each setting it. */
        private void tasksInGivenContext(BiFunction<Coroutine<Void>, Context, Task<Void>> createTask) {
            ContextVar<Integer> cvar = new ContextVar<>("cvar", null);
            List<Integer> ret = loop.runUntilComplete(call(() -> {
                List<Integer> values = new ArrayList<>();
                Context ctx = Context.current().copy();
                values.add(valueIn(ctx, cvar));
                await(createTask.apply(sleepThenSet(cvar, 1), ctx));
                values.add(valueIn(ctx, cvar));
                await(createTask.apply(sleepThenSet(cvar, 2), ctx));
                values.add(valueIn(ctx, cvar));
                return Coroutine.completed(values);
            }));
            assertEquals(Arrays.asList(null, 1, 2), ret);
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_context_4")
        void context4() {
            // CPython builds the Task itself (new_task); Java's Task has no public constructor: createTask makes it.
            tasksInGivenContext((coro, ctx) -> createTask(coro, "given context", ctx));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_context_5")
        void context5() {
            tasksInGivenContext((coro, ctx) -> createTask(coro, null, ctx));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_context_6")
        void context6() {
            tasksInGivenContext((coro, ctx) -> loop.createTask(coro, null, ctx));
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_get_context")
        void getContext() {
            Context ctx = new Context();
            Task<Void> task = loop.createTask(call(() -> {
                await(sleep(0.001));
                return Coroutine.completed();
            }), null, ctx);
            loop.runUntilComplete(task);
            assertSame(ctx, task.getContext());
        }

        @Test
        @DisplayName("test_tasks.py::BaseTaskTests::test_get_coro")
        void getCoro() {
            Coroutine<Void> coro = coroutineFunction();
            Task<Void> task = loop.createTask(coro);
            loop.runUntilComplete(task);
            assertSame(coro, task.getCoro());
        }
    }

    @Nested
    class CurrentLoopTests extends WithLoop {
        @Test
        @DisplayName("test_tasks.py::BaseCurrentLoopTests::test_current_task_no_running_loop")
        void currentTaskNoRunningLoop() {
            assertNull(currentTask());
        }

        @Test
        @DisplayName("test_tasks.py::BaseCurrentLoopTests::test_current_task_no_running_loop_implicit")
        void currentTaskNoRunningLoopImplicit() {
            // Adapted (documented in Asyncio.currentTask): with no running loop it returns null, where asyncio
            // raises "no running event loop".
            assertNull(currentTask());
        }

        @Test
        @DisplayName("test_tasks.py::BaseCurrentLoopTests::test_current_task_with_implicit_loop")
        void currentTaskWithImplicitLoop() {
            AtomicReference<Task<Void>> task = new AtomicReference<>();
            AsyncSupplier<Void> coro = () -> {
                assertSame(task.get(), currentTask());
                await(sleep(0));
                return Coroutine.completed();
            };
            task.set(loop.createTask(call(coro)));
            loop.runUntilComplete(task.get());
            assertNull(currentTask());
        }
    }

    @Nested
    class GenericTaskTests {
        @Test
        @DisplayName("test_tasks.py::GenericTaskTests::test_future_subclass")
        void futureSubclass() {
            assertTrue(Future.class.isAssignableFrom(Task.class));
        }
    }

    /** {@code GatherTestsBase}: run with futures as they are and with coroutines awaiting them. */
    abstract static class GatherTestsBase extends WithLoop {
        /** The awaitables handed to gather for {@code futures}. */
        abstract List<jasyncio.Awaitable<Integer>> wrapFutures(List<Future<Integer>> futures);

        /** {@code asyncio.gather(...)}, made on the loop. */
        Future<List<Object>> gatherOnLoop(List<jasyncio.Awaitable<Integer>> awaitables, boolean returnExceptions) {
            return loop.runUntilComplete(call(() -> {
                await(sleep(0));
                return Coroutine.completed(gather(awaitables, returnExceptions));
            }));
        }

        List<Future<Integer>> futures(int n) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(loop.createFuture());
            }
            return futures;
        }

        void checkSuccess(boolean returnExceptions) {
            List<Future<Integer>> abc = futures(3);
            Future<List<Object>> fut = gatherOnLoop(wrapFutures(abc), returnExceptions);
            MockCallback<List<Object>> cb = new MockCallback<>();
            fut.addDoneCallback(cb);
            abc.get(1).setResult(1);
            abc.get(0).setResult(2);
            runUntilIdle(loop);
            assertTrue(cb.calls.isEmpty());
            assertFalse(fut.done());
            abc.get(2).setResult(3);
            runUntilIdle(loop);
            cb.assertCalledOnceWith(fut);
            assertEquals(List.of(2, 1, 3), fut.result());
        }

        @Test
        @DisplayName("test_success")
        void success() {
            checkSuccess(false);
        }

        @Test
        @DisplayName("test_result_exception_success")
        void resultExceptionSuccess() {
            checkSuccess(true);
        }

        @Test
        @DisplayName("test_one_exception")
        void oneException() {
            List<Future<Integer>> f = futures(5);
            Future<List<Object>> fut = gatherOnLoop(wrapFutures(f), false);
            MockCallback<List<Object>> cb = new MockCallback<>();
            fut.addDoneCallback(cb);
            RuntimeException exc = new ArithmeticException();
            f.get(0).setResult(1);
            f.get(1).setException(exc);
            runUntilIdle(loop);
            assertTrue(fut.done());
            cb.assertCalledOnceWith(fut);
            assertSame(exc, fut.exception());
            // does nothing
            f.get(2).setResult(3);
            f.get(3).cancel();
            f.get(4).setException(new IllegalStateException());
            f.get(4).exception();
        }

        @Test
        @DisplayName("test_return_exceptions")
        void returnExceptions() {
            List<Future<Integer>> f = futures(4);
            Future<List<Object>> fut = gatherOnLoop(wrapFutures(f), true);
            MockCallback<List<Object>> cb = new MockCallback<>();
            fut.addDoneCallback(cb);
            RuntimeException exc = new ArithmeticException();
            RuntimeException exc2 = new IllegalStateException();
            f.get(1).setResult(1);
            f.get(2).setException(exc);
            f.get(0).setResult(3);
            runUntilIdle(loop);
            assertFalse(fut.done());
            f.get(3).setException(exc2);
            runUntilIdle(loop);
            assertTrue(fut.done());
            cb.assertCalledOnceWith(fut);
            assertEquals(List.of(3, 1, exc, exc2), fut.result());
        }
    }

    @Nested
    @DisplayName("test_tasks.py::FutureGatherTests")
    class FutureGatherTests extends GatherTestsBase {
        @Override
        List<jasyncio.Awaitable<Integer>> wrapFutures(List<Future<Integer>> futures) {
            return new ArrayList<>(futures);
        }

        @Test
        @DisplayName("test_constructor_empty_sequence_without_loop")
        void constructorEmptySequenceWithoutLoop() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> gather(List.of()));
            assertTrue(e.getMessage().contains("running event loop"), e::getMessage);
        }

        @Test
        @DisplayName("test_constructor_empty_sequence_use_running_loop")
        void constructorEmptySequenceUseRunningLoop() {
            Future<List<Object>> fut = gatherOnLoop(List.of(), false);
            assertSame(loop, fut.getLoop());
            runUntilIdle(loop);
            assertTrue(fut.done());
            assertEquals(List.of(), fut.result());
        }

        @Test
        @DisplayName("test_constructor_heterogenous_futures")
        void constructorHeterogenousFutures() {
            EventLoop otherLoop = newEventLoop();
            try {
                Future<Integer> fut1 = loop.createFuture();
                Future<Integer> fut2 = otherLoop.createFuture();
                assertThrows(IllegalStateException.class, () -> gatherOnLoop(List.of(fut1, fut2), false));
            } finally {
                otherLoop.close();
            }
        }

        @Test
        @DisplayName("test_constructor_homogenous_futures")
        void constructorHomogenousFutures() {
            // Adapted (no global event loop): the gathering future is made on the loop its children belong to.
            List<jasyncio.Awaitable<Integer>> children = wrapFutures(futures(3));
            Future<List<Object>> fut = gatherOnLoop(children, false);
            assertSame(loop, fut.getLoop());
            runUntilIdle(loop);
            assertFalse(fut.done());
            fut = gatherOnLoop(children, false);
            assertSame(loop, fut.getLoop());
            runUntilIdle(loop);
            assertFalse(fut.done());
        }

        @Test
        @DisplayName("test_one_cancellation")
        void oneCancellation() {
            List<Future<Integer>> f = futures(5);
            Future<List<Object>> fut = gatherOnLoop(wrapFutures(f), false);
            MockCallback<List<Object>> cb = new MockCallback<>();
            fut.addDoneCallback(cb);
            f.get(0).setResult(1);
            f.get(1).cancel();
            runUntilIdle(loop);
            assertTrue(fut.done());
            cb.assertCalledOnceWith(fut);
            assertFalse(fut.cancelled());
            assertInstanceOf(CancellationException.class, fut.exception());
            // does nothing
            f.get(2).setResult(3);
            f.get(3).cancel();
            f.get(4).setException(new IllegalStateException());
            f.get(4).exception();
        }

        @Test
        @DisplayName("test_result_exception_one_cancellation")
        void resultExceptionOneCancellation() {
            List<Future<Integer>> f = futures(6);
            Future<List<Object>> fut = gatherOnLoop(wrapFutures(f), true);
            MockCallback<List<Object>> cb = new MockCallback<>();
            fut.addDoneCallback(cb);
            f.get(0).setResult(1);
            RuntimeException zde = new ArithmeticException();
            f.get(1).setException(zde);
            f.get(2).cancel();
            runUntilIdle(loop);
            assertFalse(fut.done());
            f.get(3).setResult(3);
            f.get(4).cancel();
            RuntimeException rte = new IllegalStateException();
            f.get(5).setException(rte);
            List<Object> res = new ArrayList<>(loop.runUntilComplete(fut));
            assertInstanceOf(CancellationException.class, res.get(2));
            assertInstanceOf(CancellationException.class, res.get(4));
            res.set(2, null);
            res.set(4, null);
            assertEquals(Arrays.asList(1, zde, null, 3, null, rte), res);
            cb.assertCalledOnceWith(fut);
        }
    }

    @Nested
    @DisplayName("test_tasks.py::CoroutineGatherTests")
    class CoroutineGatherTests extends GatherTestsBase {
        @Override
        List<jasyncio.Awaitable<Integer>> wrapFutures(List<Future<Integer>> futures) {
            List<jasyncio.Awaitable<Integer>> coros = new ArrayList<>();
            for (Future<Integer> fut : futures) {
                coros.add(awaiting(fut));
            }
            return coros;
        }

        @Test
        @DisplayName("test_constructor_without_loop")
        void constructorWithoutLoop() {
            Coroutine<String> gen1 = returning("abc");
            Coroutine<String> gen2 = returning("abc");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> gather(gen1, gen2));
            assertTrue(e.getMessage().contains("running event loop"), e::getMessage);
        }

        @Test
        @DisplayName("test_constructor_use_running_loop")
        void constructorUseRunningLoop() {
            Coroutine<String> gen1 = returning("abc");
            Coroutine<String> gen2 = returning("abc");
            Future<List<String>> fut = loop.runUntilComplete(call(() -> {
                await(sleep(0));
                return Coroutine.completed(gather(gen1, gen2));
            }));
            assertSame(loop, fut.getLoop());
            loop.runUntilComplete(fut);
        }

        @Test
        @DisplayName("test_duplicate_coroutines")
        void duplicateCoroutines() {
            Coroutine<String> c = returning("abc");
            Future<List<String>> fut = loop.runUntilComplete(call(() -> {
                await(sleep(0));
                return Coroutine.completed(gather(c, c, returning("def"), c));
            }));
            runUntilIdle(loop);
            assertEquals(List.of("abc", "abc", "def", "abc"), fut.result());
        }

        @Test
        @DisplayName("test_cancellation_broadcast")
        void cancellationBroadcast() {
            int[] proof = {0};
            Future<Void> waiter = loop.createFuture();
            AsyncSupplier<Void> inner = () -> {
                await(waiter);
                proof[0] += 1;
                return Coroutine.completed();
            };
            Task<Void> child1 = loop.createTask(call(inner));
            Task<Void> child2 = loop.createTask(call(inner));
            AtomicReference<Future<List<Void>>> gatherer = new AtomicReference<>();
            AsyncSupplier<Void> outer = () -> {
                gatherer.set(gather(child1, child2));
                await(gatherer.get());
                proof[0] += 100;
                return Coroutine.completed();
            };
            Task<Void> f = loop.createTask(call(outer));
            runBriefly(loop);
            assertTrue(f.cancel());
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(f));
            assertFalse(gatherer.get().cancel());
            assertTrue(waiter.cancelled());
            assertTrue(child1.cancelled());
            assertTrue(child2.cancelled());
            runBriefly(loop);
            assertEquals(0, proof[0]);
        }

        @Test
        @DisplayName("test_exception_marking")
        void exceptionMarking() {
            Future<Void> a = loop.createFuture();
            Future<Void> b = loop.createFuture();
            AsyncSupplier<Void> outer = () -> {
                AsyncSupplier<Void> innerA = () -> {
                    await(a);
                    throw new IllegalStateException("should not be ignored");
                };
                AsyncSupplier<Void> innerB = () -> {
                    await(b);
                    throw new IllegalStateException("should not be ignored");
                };
                await(gather(call(innerA), call(innerB)));
                return Coroutine.completed();
            };
            Task<Void> f = loop.createTask(call(outer));
            runBriefly(loop);
            a.setResult(null);
            runBriefly(loop);
            b.setResult(null);
            runBriefly(loop);
            assertInstanceOf(IllegalStateException.class, f.exception());
        }
    }

    @Nested
    class RunCoroutineThreadsafeTests extends WithLoop {
        /** Waits 0.005 s and returns a + b (fails, or cancels itself, on demand). */
        @Async
        Coroutine<Integer> add(int a, int b, boolean fail, boolean cancel) {
            await(sleep(0.005));
            if (fail) {
                throw new IllegalStateException("Fail!");
            }
            if (cancel) {
                currentTask().cancel();
                await(sleep(0));
            }
            return Coroutine.completed(a + b);
        }

        /** Runs add() on the loop from another thread and waits for its result (at most {@code timeout} s). */
        Integer target(boolean fail, boolean cancel, double timeout) throws Exception {
            CompletableFuture<Integer> future = runCoroutineThreadsafe(add(1, 2, fail, cancel), loop);
            try {
                return future.get((long) (timeout * 1e9), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            } finally {
                if (!future.isDone()) {
                    future.cancel(false);
                }
            }
        }

        @Test
        @DisplayName("test_tasks.py::RunCoroutineThreadsafeTests::test_run_coroutine_threadsafe")
        void runCoroutineThreadsafeResult() {
            Future<Integer> future = loop.runInExecutor(null, () -> target(false, false, 10));
            assertEquals(3, loop.runUntilComplete(future));
        }

        @Test
        @DisplayName("test_tasks.py::RunCoroutineThreadsafeTests::test_run_coroutine_threadsafe_with_exception")
        void runCoroutineThreadsafeWithException() {
            Future<Integer> future = loop.runInExecutor(null, () -> target(true, false, 10));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(future));
            assertEquals("Fail!", e.getMessage());
        }

        @Test
        @DisplayName("test_tasks.py::RunCoroutineThreadsafeTests::test_run_coroutine_threadsafe_with_timeout")
        void runCoroutineThreadsafeWithTimeout() {
            Future<Integer> future = loop.runInExecutor(null, () -> target(false, false, 0));
            assertThrows(TimeoutException.class, () -> loop.runUntilComplete(future));
            runBriefly(loop);
            // no pending task: add() was cancelled
            Set<Task<?>> left = loop.runUntilComplete(call(() -> {
                await(sleep(0));
                Set<Task<?>> all = new HashSet<>(allTasks());
                all.remove(currentTask());
                return Coroutine.completed(all);
            }));
            assertEquals(Set.of(), left);
        }

        @Test
        @DisplayName("test_tasks.py::RunCoroutineThreadsafeTests::test_run_coroutine_threadsafe_task_cancelled")
        void runCoroutineThreadsafeTaskCancelled() {
            Future<Integer> future = loop.runInExecutor(null, () -> target(false, true, 10));
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(future));
        }

        @Test
        @DisplayName("test_tasks.py::RunCoroutineThreadsafeTests::test_run_coroutine_threadsafe_task_factory_exception")
        void runCoroutineThreadsafeTaskFactoryException() {
            Future<Integer> future = loop.runInExecutor(null, () -> target(false, false, 10));
            loop.setTaskFactory((l, coro, name, context) -> {
                throw new IllegalStateException("the task factory broke"); // CPython's NameError
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(future));
            assertEquals(1, logged.size());
            assertSame(e, logged.get(0).get("exception"));
        }
    }

    @Nested
    class SleepTests extends WithLoop {
        @Test
        @DisplayName("test_tasks.py::SleepTests::test_sleep_zero")
        void sleepZero() {
            int[] result = {0};
            loop.runUntilComplete(call(() -> {
                loop.callSoon(() -> result[0] += 1);
                assertEquals(0, result[0]);
                int ten = await(sleep(0, 10));
                assertEquals(1, result[0]); // incremented by the callSoon callback
                result[0] += ten;
                return Coroutine.completed();
            }));
            assertEquals(11, result[0]);
        }
    }
}
