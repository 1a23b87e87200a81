package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Context;
import jasyncio.ContextVar;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Crossing threads: {@code toThread}, {@code runCoroutineThreadsafe} and the CompletableFuture bridges. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadsTest {
    private static final ContextVar<String> REQUEST = new ContextVar<>("request");
    /** Stands for a logging MDC: a thread local that must follow the work onto other threads. */
    private static final ThreadLocal<String> MDC = new ThreadLocal<>();

    static {
        Context.carryThreadLocal(MDC);
    }

    @Nested
    class ToThread {
        @Async
        static Coroutine<List<Object>> offTheLoop() {
            Thread loopThread = Thread.currentThread();
            REQUEST.set("r-42");
            MDC.set("mdc-42");
            List<Object> seen = await(toThread(() -> List.<Object>of(Thread.currentThread() != loopThread,
                    Thread.currentThread().getName(), REQUEST.get(), MDC.get())));
            return Coroutine.completed(seen);
        }

        @Test
        void toThreadRunsOffTheLoopCarryingContextVarsAndCarriedThreadLocals() {
            List<Object> seen = run(offTheLoop());
            assertEquals(true, seen.get(0), "not on the loop thread");
            assertTrue(((String) seen.get(1)).startsWith("jasyncio-executor"), "on the default executor: " + seen.get(1));
            assertEquals("r-42", seen.get(2));
            assertEquals("mdc-42", seen.get(3));
        }

        @Async
        static Coroutine<List<String>> changesInTheWorker() {
            REQUEST.set("task value");
            MDC.set("task mdc");
            String inWorker = await(toThread(() -> {
                REQUEST.set("worker value");
                MDC.set("worker mdc");
                return REQUEST.get();
            }));
            String workerMdcAfter = await(toThread(MDC::get));
            return Coroutine.completed(List.of(inWorker, REQUEST.get(), MDC.get(), workerMdcAfter));
        }

        @Test
        void changesMadeInTheWorkerStayThere() {
            assertEquals(List.of("worker value", "task value", "task mdc", "task mdc"), run(changesInTheWorker()));
        }

        @Async
        static Coroutine<Throwable> checkedFailure() {
            try {
                await(toThread(() -> {
                    throw new IOException("disk on fire");
                }));
            } catch (Exception e) {
                return Coroutine.completed(e);
            }
            return Coroutine.completed(null);
        }

        @Test
        void aCheckedExceptionInTheWorkerArrivesUnchanged() {
            Throwable failure = run(checkedFailure());
            assertInstanceOf(IOException.class, failure);
            assertEquals("disk on fire", failure.getMessage());
        }
    }

    @Nested
    class RunInExecutor {
        @Async
        static Coroutine<String> cancelQueuedWork(ExecutorService single, AtomicBoolean secondRan) throws Exception {
            EventLoop loop = getRunningLoop();
            CountDownLatch release = new CountDownLatch(1);
            Future<String> first = loop.runInExecutor(single, () -> {
                release.await(10, TimeUnit.SECONDS);
                return "first";
            });
            Future<String> second = loop.runInExecutor(single, () -> {
                secondRan.set(true);
                return "second";
            });
            second.cancel();
            release.countDown();
            return Coroutine.completed(await(first) + ", second cancelled " + second.cancelled());
        }

        @Test
        void cancellingTheFutureKeepsQueuedWorkFromRunning() throws Exception {
            ExecutorService single = Executors.newSingleThreadExecutor();
            AtomicBoolean secondRan = new AtomicBoolean();
            try {
                assertEquals("first, second cancelled true", run(cancelQueuedWork(single, secondRan)));
            } finally {
                single.shutdown();
                assertTrue(single.awaitTermination(10, TimeUnit.SECONDS));
            }
            assertFalse(secondRan.get(), "the work cancelled before it started never ran");
        }

        @Async
        static Coroutine<String> onAPlainExecutor() {
            Executor ownThread = command -> new Thread(command, "plain-executor").start();
            return Coroutine.completed(await(getRunningLoop().runInExecutor(ownThread,
                    () -> Thread.currentThread().getName())));
        }

        @Async
        static Coroutine<String> onTheDefaultExecutorThenAfterItsShutdown() throws Exception {
            EventLoop loop = getRunningLoop();
            boolean daemon = await(loop.runInExecutor(null, () -> Thread.currentThread().isDaemon()));
            loop.shutdownDefaultExecutor();
            RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
                    () -> loop.runInExecutor(null, () -> "too late"));
            return Coroutine.completed("daemon " + daemon + ", then " + refused.getClass().getSimpleName());
        }

        @Test
        void theDefaultExecutorHasDaemonThreadsAndRefusesWorkOnceShutDown() throws Exception {
            assertEquals("daemon true, then RejectedExecutionException",
                    run(onTheDefaultExecutorThenAfterItsShutdown()));
        }

        @Test
        void aPlainExecutorRunsTheWork() {
            assertEquals("plain-executor", run(onAPlainExecutor()));
        }
    }

    /** A loop runs forever in its own thread; the test thread talks to it like any plain thread would. */
    @Nested
    class AcrossThreads {
        private EventLoop loop;
        private Thread loopThread;

        @BeforeEach
        void startALoopForever() {
            loop = newEventLoop();
            loopThread = new Thread(loop::runForever, "loop-forever");
            loopThread.start();
        }

        @AfterEach
        void stopTheLoop() throws InterruptedException {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(10_000);
            assertFalse(loopThread.isAlive());
            loop.close();
        }

        @Async
        static Coroutine<String> onTheLoop(String argument) {
            await(sleep(0.01));
            return Coroutine.completed(argument + " on " + Thread.currentThread().getName());
        }

        @Test
        void runCoroutineThreadsafeRunsOnTheLoopAndCompletesForAPlainThread() throws Exception {
            CompletableFuture<String> result = runCoroutineThreadsafe(onTheLoop("hello"), loop);
            assertEquals("hello on loop-forever", result.get(10, TimeUnit.SECONDS));
        }

        @Async
        static Coroutine<String> failsOnTheLoop() {
            await(sleep(0));
            throw new UnsupportedOperationException("failed on the loop");
        }

        @Test
        void aFailureOnTheLoopCompletesTheFutureExceptionally() {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> runCoroutineThreadsafe(failsOnTheLoop(), loop).get(10, TimeUnit.SECONDS));
            assertInstanceOf(UnsupportedOperationException.class, e.getCause());
            assertEquals("failed on the loop", e.getCause().getMessage());
        }

        @Async
        static Coroutine<String> sleepsUntilCancelled(CountDownLatch started, CompletableFuture<String> seen) {
            started.countDown();
            try {
                await(sleep(30));
            } catch (CancellationException e) {
                seen.complete("cancelled on " + Thread.currentThread().getName());
                throw e;
            }
            return Coroutine.completed("slept");
        }

        @Test
        void cancellingTheCompletableFutureCancelsTheTask() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<String> seen = new CompletableFuture<>();
            CompletableFuture<String> result = runCoroutineThreadsafe(sleepsUntilCancelled(started, seen), loop);
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertTrue(result.cancel(false));
            assertEquals("cancelled on loop-forever", seen.get(10, TimeUnit.SECONDS));
        }

        @Async
        static Coroutine<Void> cancelAllOtherTasks() {
            for (Task<?> t : allTasks()) {
                if (t != currentTask()) {
                    t.cancel();
                }
            }
            return Coroutine.completed();
        }

        @Test
        void cancellingTheTaskOnTheLoopCancelsTheCompletableFuture() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<String> result = runCoroutineThreadsafe(sleepsUntilCancelled(started, new CompletableFuture<>()), loop);
            assertTrue(started.await(10, TimeUnit.SECONDS));
            runCoroutineThreadsafe(cancelAllOtherTasks(), loop).get(10, TimeUnit.SECONDS);
            assertThrows(CancellationException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertTrue(result.isCancelled());
        }


        @Async
        static Coroutine<Future<String>> futureSetLater() {
            Future<String> future = getRunningLoop().createFuture();
            getRunningLoop().callLater(0.01, () -> future.setResult("set on the loop"));
            return Coroutine.completed(future);
        }

        @Test
        void toCompletableFutureCanBeJoinedFromAnotherThread() throws Exception {
            Future<String> future = runCoroutineThreadsafe(futureSetLater(), loop).get(10, TimeUnit.SECONDS);
            CompletableFuture<CompletableFuture<String>> bridge = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> bridge.complete(future.toCompletableFuture()));
            assertEquals("set on the loop", bridge.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        }

        @Async
        static Coroutine<String> awaitAStageCompletedElsewhere() {
            CompletableFuture<String> stage = new CompletableFuture<>();
            Thread completer = new Thread(() -> stage.complete("completed by " + Thread.currentThread().getName()), "completer");
            completer.start();
            String value = await(stage);
            try {
                await(CompletableFuture.supplyAsync(() -> {
                    throw new IllegalArgumentException("from supplyAsync");
                }));
            } catch (IllegalArgumentException e) {
                return Coroutine.completed(value + "; " + e.getMessage());
            }
            return Coroutine.completed(value);
        }

        @Test
        void awaitACompletionStageCompletedOnAnotherThread() throws Exception {
            assertEquals("completed by completer; from supplyAsync",
                    runCoroutineThreadsafe(awaitAStageCompletedElsewhere(), loop).get(10, TimeUnit.SECONDS));
        }

        /** What the loop's thread alone may do, refused from the test thread with the way across named. */
        @Nested
        class FutureFromAnotherThread {
            private <T> T callOnTheLoop(Callable<T> call) throws Exception {
                CompletableFuture<T> result = new CompletableFuture<>();
                loop.callSoonThreadsafe(() -> {
                    try {
                        result.complete(call.call());
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                });
                return result.get(10, TimeUnit.SECONDS);
            }

            private void assertRefused(Future<?> future, Executable fromThisThread) throws Exception {
                IllegalStateException refusal = assertThrows(IllegalStateException.class, fromThisThread);
                String message = refusal.getMessage();
                assertTrue(message.contains("callSoonThreadsafe") && message.contains("runCoroutineThreadsafe"), message);
                assertTrue(message.contains("loop-forever"), "names the loop's thread: " + message);
                assertFalse(callOnTheLoop(future::done), "the future is left pending");
            }

            @Test
            void setResultIsRefusedWithTheThreadsafeWaysNamed() throws Exception {
                Future<String> future = callOnTheLoop(loop::createFuture);
                assertRefused(future, () -> future.setResult("from the wrong thread"));
            }

            @Test
            void setExceptionAndCancelAreRefused() throws Exception {
                Future<String> future = callOnTheLoop(loop::createFuture);
                assertRefused(future, () -> future.setException(new RuntimeException("from the wrong thread")));
                assertRefused(future, future::cancel);
            }

            @Test
            void cancellingATaskIsRefused() throws Exception {
                Task<Void> task = callOnTheLoop(() -> loop.createTask(sleep(30)));
                assertRefused(task, task::cancel);
                loop.callSoonThreadsafe(task::cancel);
            }

            @Test
            void throughCallSoonThreadsafeTheFutureCompletes() throws Exception {
                Future<String> future = callOnTheLoop(loop::createFuture);
                loop.callSoonThreadsafe(() -> future.setResult("through the loop"));
                assertEquals("through the loop", callOnTheLoop(future::result));
            }
        }
    }
}
