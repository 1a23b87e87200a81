package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Runner;
import jasyncio.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.newEventLoop;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Runner}, asyncio 3.11's {@code asyncio.Runner}: several coroutines on one loop, closed once. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunnerTest {
    @Async
    static Coroutine<EventLoop> theLoop() {
        return Coroutine.completed(getRunningLoop());
    }

    /** Counts in a task of its own until cancelled; its finally says it was unwound. */
    @Async
    static Coroutine<Void> ticker(List<String> log) {
        try {
            while (true) {
                await(sleep(0.001));
            }
        } finally {
            log.add("ticker unwound");
        }
    }

    @Async
    static Coroutine<Task<Void>> startTicker(List<String> log) {
        return Coroutine.completed(createTask(ticker(log), "ticker"));
    }

    @Async
    static Coroutine<Boolean> stillTicking(Task<Void> ticker) {
        await(sleep(0.01));
        return Coroutine.completed(!ticker.done());
    }

    @Nested
    class OneLoop {
        @Test
        void coroutinesRunOneAfterTheOtherOnOneLoopAndTheirTasksCarryOver() {
            List<String> log = new ArrayList<>();
            EventLoop loop;
            Task<Void> ticker;
            try (Runner runner = new Runner()) {
                loop = runner.getLoop();
                assertSame(loop, runner.run(theLoop()));
                ticker = runner.run(startTicker(log));
                assertTrue(runner.run(stillTicking(ticker)), "a task of the first run runs on in the second");
                assertSame(loop, runner.run(theLoop()));
                assertFalse(loop.isClosed());
            }
            assertTrue(ticker.cancelled(), "close() cancels what is left");
            assertEquals(List.of("ticker unwound"), log);
            assertTrue(loop.isClosed());
        }

        @Test
        void runAfterCloseFailsClearlyAndCloseTwiceIsHarmless() {
            Runner runner = new Runner();
            runner.run(theLoop());
            runner.close();
            runner.close();
            assertTrue(runner.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(theLoop()));
            assertTrue(e.getMessage().contains("Runner is closed"), e.getMessage());
            assertThrows(IllegalStateException.class, runner::getLoop);
        }

        @Test
        void aRunnerNeverUsedMakesNoLoop() {
            Runner runner = new Runner();
            runner.close();
            assertTrue(runner.toString().contains("closed"), runner.toString());
        }

        @Async
        Coroutine<String> runInside(Runner runner) {
            try {
                runner.run(theLoop());
                return Coroutine.completed("ran");
            } catch (IllegalStateException e) {
                return Coroutine.completed(e.getMessage());
            }
        }

        @Async
        Coroutine<String> closeInside(Runner runner) {
            try {
                runner.close();
                return Coroutine.completed("closed");
            } catch (IllegalStateException e) {
                return Coroutine.completed(e.getMessage());
            }
        }

        @Test
        void runAndCloseFromInsideTheLoopAreRefused() {
            try (Runner runner = new Runner()) {
                String nested = runner.run(runInside(runner));
                assertTrue(nested.contains("cannot be called from a running event loop"), nested);
                String closing = runner.run(closeInside(runner));
                assertTrue(closing.contains("while its loop runs"), closing);
                assertFalse(runner.isClosed());
            }
        }
    }

    @Nested
    class Options {
        @Test
        void debugModeIsSetOnTheLoop() {
            try (Runner on = new Runner(true); Runner off = new Runner(false)) {
                assertTrue(on.run(theLoop()).getDebug());
                assertFalse(off.run(theLoop()).getDebug());
            }
        }

        @Async
        Coroutine<Void> failUnawaited() {
            createTask(failing());
            await(sleep(0)); // the task runs (and fails) in the iteration before this one resumes
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> failing() {
            throw new IllegalArgumentException("nobody awaits me");
        }

        @Test
        void aLoopFactoryGivesTheLoopSetUpBeforehandAndTheRunnerClosesIt() {
            List<Object> reported = new ArrayList<>();
            EventLoop made;
            try (Runner runner = new Runner(() -> {
                EventLoop loop = newEventLoop();
                loop.setExceptionHandler((l, context) -> reported.add(context.get("exception")));
                return loop;
            })) {
                made = runner.getLoop();
                runner.run(failUnawaited());
            }
            assertTrue(made.isClosed());
            assertEquals(1, reported.size(), reported.toString());
            assertInstanceOf(IllegalArgumentException.class, reported.get(0));
        }

        @Test
        void aFactoryThatMakesNoOpenLoopIsRefusedClearly() {
            EventLoop closed = newEventLoop();
            closed.close();
            try (Runner runner = new Runner(() -> closed)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(theLoop()));
                assertTrue(e.getMessage().contains("a closed loop"), e.getMessage());
            }
            try (Runner runner = new Runner(() -> null)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
                assertTrue(e.getMessage().contains("returned null"), e.getMessage());
            }
        }
    }

    @Nested
    class Interrupts {
        @Async
        Coroutine<String> waitForever(CountDownLatch waiting, List<String> log) {
            waiting.countDown();
            try {
                await(getRunningLoop().createFuture());
                return Coroutine.completed("woken");
            } finally {
                log.add("main unwound");
            }
        }

        /** The Ctrl-C of a Java program: an interrupt of the thread in run() cancels the coroutine it runs. */
        @Test
        void anInterruptCancelsTheMainCoroutineAndTheRunnerStillClosesItsLoop() throws Exception {
            CountDownLatch waiting = new CountDownLatch(1);
            List<String> log = new ArrayList<>();
            List<String> tickerLog = new ArrayList<>();
            CompletableFuture<Map<String, Object>> ending = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                Runner runner = new Runner();
                EventLoop loop = runner.getLoop();
                Throwable thrown = null;
                try (runner) {
                    runner.run(startTicker(tickerLog));
                    runner.run(waitForever(waiting, log));
                } catch (Throwable e) {
                    thrown = e;
                }
                ending.complete(Map.of("thrown", String.valueOf(thrown), "flag", Thread.currentThread().isInterrupted(),
                        "cancelled", thrown instanceof CancellationException, "closed", loop.isClosed()));
            }, "runner");
            thread.setDaemon(true);
            thread.start();
            assertTrue(waiting.await(20, TimeUnit.SECONDS));
            thread.interrupt();
            Map<String, Object> end = ending.get(20, TimeUnit.SECONDS);
            assertEquals(true, end.get("cancelled"), String.valueOf(end.get("thrown")));
            assertEquals(true, end.get("flag"), "the interrupt flag is set again");
            assertEquals(true, end.get("closed"));
            assertEquals(List.of("main unwound"), log);
            assertEquals(List.of("ticker unwound"), tickerLog, "close() still drained the tasks left");
        }
    }
}
