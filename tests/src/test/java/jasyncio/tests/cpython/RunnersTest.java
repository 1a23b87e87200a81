package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.Context;
import jasyncio.ContextVar;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Runner;
import jasyncio.Task;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_runners.py}, ported test by test: {@code asyncio.run} is
 * {@link jasyncio.Asyncio#run(Coroutine)}, {@code asyncio.Runner} is {@link Runner}. CPython's {@code BaseTest} runs
 * on a mocked loop behind a test policy; these run on real loops. Ctrl-C ({@code _thread.interrupt_main()}, a
 * {@code KeyboardInterrupt}) is, as docs/shutdown.md says, an interrupt of the thread in {@code run}: the main
 * task is cancelled and {@code run} throws its {@link CancellationException} with the interrupt flag set.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunnersTest {
    /** CPython's {@code ValueError('spam')}. */
    static final class Spam extends IllegalArgumentException {
        Spam() {
            super("spam");
        }
    }

    @Async
    static Coroutine<Integer> answerAfterASleep() {
        await(sleep(0));
        return Coroutine.completed(42);
    }

    @Async
    static Coroutine<Integer> raiseAfterASleep() {
        await(sleep(0));
        throw new Spam();
    }

    @Async
    static Coroutine<Boolean> debugOfTheRunningLoop() {
        return Coroutine.completed(getRunningLoop().getDebug());
    }

    @Async
    static Coroutine<Void> sleepBriefly() {
        await(sleep(0.01));
        return Coroutine.completed();
    }

    @Nested
    class RunTests {
        @Test
        @DisplayName("test_runners.py::RunTests::test_asyncio_run_return")
        void asyncioRunReturn() {
            assertEquals(42, run(answerAfterASleep()));
        }

        @Test
        @DisplayName("test_runners.py::RunTests::test_asyncio_run_raises")
        void asyncioRunRaises() {
            Spam e = assertThrows(Spam.class, () -> run(raiseAfterASleep()));
            assertEquals("spam", e.getMessage());
        }

        @Test
        @DisplayName("test_runners.py::RunTests::test_asyncio_run_debug")
        void asyncioRunDebug() {
            assertFalse(run(debugOfTheRunningLoop()));
            try (Runner runner = new Runner(true)) {
                assertTrue(runner.run(debugOfTheRunningLoop()), "asyncio.run(main(True), debug=True)");
            }
            // mock.patch('asyncio.coroutines._is_debug_mode', lambda: True) is -Djasyncio.debug=true, which a loop
            // reads when it is made.
            String before = System.getProperty("jasyncio.debug");
            System.setProperty("jasyncio.debug", "true");
            try {
                assertTrue(run(debugOfTheRunningLoop()));
                try (Runner runner = new Runner(false)) {
                    assertFalse(runner.run(debugOfTheRunningLoop()), "asyncio.run(main(False), debug=False)");
                }
            } finally {
                if (before == null) {
                    System.clearProperty("jasyncio.debug");
                } else {
                    System.setProperty("jasyncio.debug", before);
                }
            }
        }

        @Async
        Coroutine<String> runInside() {
            Coroutine<Integer> coro = answerAfterASleep();
            try {
                run(coro);
                return Coroutine.completed("ran");
            } catch (IllegalStateException e) {
                return Coroutine.completed(e.getMessage());
            }
        }

        @Test
        @DisplayName("test_runners.py::RunTests::test_asyncio_run_from_running_loop")
        void asyncioRunFromRunningLoop() {
            // asyncio raises RuntimeError out of main; here main catches the IllegalStateException to show it.
            String message = run(runInside());
            assertTrue(message.contains("cannot be called from a running"), message);
        }

        @Async
        Coroutine<Integer> leaveATask(List<Task<Void>> leftover) {
            leftover.add(createTask(sleepBriefly()));
            return Coroutine.completed(123);
        }

        @Test
        @DisplayName("test_runners.py::RunTests::test_asyncio_run_cancels_hanging_tasks")
        void asyncioRunCancelsHangingTasks() {
            List<Task<Void>> leftover = new ArrayList<>();
            assertEquals(123, run(leaveATask(leftover)));
            assertTrue(leftover.get(0).done());
            assertTrue(leftover.get(0).cancelled());
        }

        @Async
        Coroutine<Void> divideWhenCancelled() {
            try {
                await(sleep(0.1));
            } catch (CancellationException e) {
                divideByZero();
            }
            return Coroutine.completed();
        }

        @Async
        Coroutine<Integer> leaveAFailingTask(List<Task<Void>> leftover, List<Map<String, Object>> reported) {
            // loop.call_exception_handler = mock: the handler the loop calls, set the public way
            getRunningLoop().setExceptionHandler((loop, context) -> reported.add(context));
            leftover.add(createTask(divideWhenCancelled()));
            return Coroutine.completed(123);
        }

        @Test
        @DisplayName("test_runners.py::RunTests::test_asyncio_run_reports_hanging_tasks_errors")
        void asyncioRunReportsHangingTasksErrors() {
            List<Task<Void>> leftover = new ArrayList<>();
            List<Map<String, Object>> reported = new ArrayList<>();
            assertEquals(123, run(leaveAFailingTask(leftover, reported)));
            assertTrue(leftover.get(0).done());
            assertEquals(1, reported.size(), reported.toString());
            Map<String, Object> context = reported.get(0);
            assertTrue(((String) context.get("message")).matches("(?s).*run.*shutdown.*"), context.toString());
            assertSame(leftover.get(0), context.get("task"));
            assertInstanceOf(ArithmeticException.class, context.get("exception"));
        }

        /** CPython's {@code FancyExit}. */
        static final class FancyExit extends RuntimeException {
        }

        /** {@code fidget()}: an endless async generator that sleeps between values. */
        AsyncIterable<Integer> fidget() {
            return AsyncIterable.generate(out -> {
                for (;;) {
                    await(out.emit(1));
                    await(sleep(1));
                }
            });
        }

        @Async
        Coroutine<Void> spin(List<AsyncIterator<Integer>> spinner) {
            AsyncIterator<Integer> it = fidget().iterator();
            spinner.add(it);
            try {
                while (await(it.hasNext())) {
                    it.next();
                }
            } catch (CancellationException e) {
                int zero = 0;
                System.out.println(1 / zero);
            }
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> leaveASpinnerAndExit(List<AsyncIterator<Integer>> spinner, List<Task<Void>> lazyboy) {
            getRunningLoop().setExceptionHandler((loop, context) -> { }); // loop.call_exception_handler = mock
            lazyboy.add(createTask(spin(spinner)));
            throw new FancyExit();
        }

        @Test
        @DisplayName("test_runners.py::RunTests::test_asyncio_run_closes_gens_after_hanging_tasks_errors")
        void asyncioRunClosesGensAfterHangingTasksErrors() {
            List<AsyncIterator<Integer>> spinner = new ArrayList<>();
            List<Task<Void>> lazyboy = new ArrayList<>();
            assertThrows(FancyExit.class, () -> run(leaveASpinnerAndExit(spinner, lazyboy)));
            assertTrue(lazyboy.get(0).done());
            // spinner.ag_frame is None and not spinner.ag_running: the generator has finished
            assertTrue(spinner.get(0).toString().startsWith("<async generator done"), spinner.get(0).toString());
        }
    }

    @Nested
    class RunnerTests {
        @Test
        @DisplayName("test_runners.py::RunnerTests::test_non_debug")
        void nonDebug() {
            try (Runner runner = new Runner(false)) {
                assertFalse(runner.getLoop().getDebug());
            }
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_debug")
        void debug() {
            try (Runner runner = new Runner(true)) {
                assertTrue(runner.getLoop().getDebug());
            }
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_custom_factory")
        void customFactory() {
            // asyncio's factory returns a mock; a real loop made beforehand stands for it.
            EventLoop loop = newEventLoop();
            try (Runner runner = new Runner(() -> loop)) {
                assertSame(loop, runner.getLoop());
            }
            assertTrue(loop.isClosed());
        }

        @Async
        Coroutine<String> done() {
            await(sleep(0));
            return Coroutine.completed("done");
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_run")
        void runOnce() {
            EventLoop loop;
            Runner runner = new Runner();
            try (runner) {
                assertEquals("done", runner.run(done()));
                loop = runner.getLoop();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
            assertTrue(e.getMessage().contains("Runner is closed"), e.getMessage());
            assertTrue(loop.isClosed());
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_explicit_close")
        void explicitClose() {
            Runner runner = new Runner();
            EventLoop loop = runner.getLoop();
            runner.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
            assertTrue(e.getMessage().contains("Runner is closed"), e.getMessage());
            assertTrue(loop.isClosed());
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_double_close")
        void doubleClose() {
            Runner runner = new Runner();
            EventLoop loop = runner.getLoop();
            runner.close();
            assertTrue(loop.isClosed());
            runner.close(); // the second call is no-op
            assertTrue(loop.isClosed());
        }

        @Async
        Coroutine<Void> append(List<Integer> ret, int arg) {
            ret.add(arg);
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_second_with_block_raises")
        void secondWithBlockRaises() {
            List<Integer> ret = new ArrayList<>();
            Runner runner = new Runner();
            try (runner) {
                runner.run(append(ret, 1));
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                try (runner) {
                    runner.run(append(ret, 2));
                }
            });
            assertTrue(e.getMessage().contains("Runner is closed"), e.getMessage());
            assertEquals(List.of(1), ret);
        }

        @Async
        Coroutine<Integer> swap(ContextVar<Integer> cvar, int value) {
            int old = cvar.get();
            await(sleep(0));
            cvar.set(value);
            return Coroutine.completed(old);
        }

        @Async
        Coroutine<Context> getContext() {
            return Coroutine.completed(Context.current());
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_run_keeps_context")
        void runKeepsContext() {
            ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
            try (Runner runner = new Runner()) {
                assertEquals(-1, runner.run(swap(cvar, 1)));
                assertEquals(1, runner.run(swap(cvar, 2)));
                assertEquals(2, valueIn(runner.run(getContext()), cvar));
            }
        }

        @Async
        Coroutine<Void> nothing() {
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> runRecursively(Runner runner) {
            runner.run(nothing());
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_recursive_run")
        void recursiveRun() {
            // asyncio also warns that g() was never awaited; jasyncio reports that only in debug mode, when the
            // coroutine is collected (docs/debugging.md), which a test cannot wait for in bounded time.
            try (Runner runner = new Runner()) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> runner.run(runRecursively(runner)));
                assertTrue(e.getMessage().contains("run() cannot be called from a running event loop"), e.getMessage());
            }
        }

        /** {@code interrupt_self()}: the Java Ctrl-C, an interrupt of the thread in {@code run}. */
        Runnable interruptSelf() {
            Thread main = Thread.currentThread();
            return main::interrupt;
        }

        @Async
        Coroutine<Void> spinUntilCancelled() {
            try {
                while (true) {
                    await(sleep(0));
                }
            } catch (CancellationException expected) {
                // with self.assertRaises(asyncio.CancelledError)
            }
            throw new CancellationException();
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_interrupt_call_soon")
        void interruptCallSoon() {
            try (Runner runner = new Runner()) {
                runner.getLoop().callLater(0.1, interruptSelf());
                // KeyboardInterrupt in asyncio; the main task's CancellationException with the flag set here
                assertThrows(CancellationException.class, () -> runner.run(spinUntilCancelled()));
                assertTrue(Thread.interrupted(), "run() leaves the interrupt flag set");
            }
        }

        @Async
        Coroutine<Void> awaitUntilCancelled(Future<Void> fut) {
            try {
                await(fut);
                fail("the interrupt cancels the future awaited");
            } catch (CancellationException expected) {
                // with self.assertRaises(asyncio.CancelledError)
            }
            throw new CancellationException();
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_interrupt_wait")
        void interruptWait() {
            try (Runner runner = new Runner()) {
                Future<Void> fut = runner.getLoop().createFuture();
                runner.getLoop().callLater(0.1, interruptSelf());
                assertThrows(CancellationException.class, () -> runner.run(awaitUntilCancelled(fut)));
                assertTrue(Thread.interrupted(), "run() leaves the interrupt flag set");
                assertTrue(fut.cancelled());
            }
        }

        @Async
        Coroutine<Void> cancelThenInterrupt(Task<?> task, Runnable interrupt) {
            await(sleep(0));
            task.cancel();
            interrupt.run();
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> cancelledByASubtask(Runnable interrupt) {
            createTask(cancelThenInterrupt(currentTask(), interrupt));
            await(sleep(10));
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_runners.py::RunnerTests::test_interrupt_cancelled_task")
        void interruptCancelledTask() {
            try (Runner runner = new Runner()) {
                assertThrows(CancellationException.class, () -> runner.run(cancelledByASubtask(interruptSelf())));
                // asyncio raises CancelledError here rather than KeyboardInterrupt; in Java both are the main
                // task's CancellationException. The subtask's interrupt must not reach the next test: cleared.
                Thread.interrupted();
            }
        }
    }
}
