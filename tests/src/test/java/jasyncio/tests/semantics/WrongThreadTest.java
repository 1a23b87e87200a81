package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Context;
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

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What a thread other than the loop's may not do, and is told so: complete a future of a running loop (it would
 * hang silently, the loop asleep and unaware), or run a coroutine another thread runs (its body would run twice).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WrongThreadTest {
    /** A loop runs forever in its own thread, idle; the test thread is the foreign one. */
    @Nested
    class FutureOfARunningLoop {
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

        private <T> T onTheLoop(Callable<T> call) throws Exception {
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
            assertFalse(onTheLoop(future::done), "the future is left pending");
        }

        @Test
        void setResultFromAnotherThreadIsRefusedWithTheThreadsafeWaysNamed() throws Exception {
            Future<String> future = onTheLoop(loop::createFuture);
            assertRefused(future, () -> future.setResult("from the wrong thread"));
        }

        @Test
        void setExceptionAndCancelFromAnotherThreadAreRefused() throws Exception {
            Future<String> future = onTheLoop(loop::createFuture);
            assertRefused(future, () -> future.setException(new RuntimeException("from the wrong thread")));
            assertRefused(future, future::cancel);
        }

        @Test
        void cancellingATaskFromAnotherThreadIsRefused() throws Exception {
            Task<Void> task = onTheLoop(() -> loop.createTask(sleep(30)));
            assertRefused(task, task::cancel);
            loop.callSoonThreadsafe(task::cancel);
        }

        @Test
        void throughCallSoonThreadsafeTheFutureCompletes() throws Exception {
            Future<String> future = onTheLoop(loop::createFuture);
            loop.callSoonThreadsafe(() -> future.setResult("through the loop"));
            assertEquals("through the loop", onTheLoop(future::result));
        }
    }

    @Nested
    class FutureOfALoopNotRunning {
        @Test
        void anyThreadMayCompleteItAndTheLoopSeesTheResultWhenItRuns() throws Exception {
            EventLoop loop = newEventLoop();
            Future<String> future = loop.createFuture();
            OwnThread other = new OwnThread("other", () -> {
                future.setResult("set before the loop ran");
                return null;
            });
            assertNull(other.end(10).thrown());
            assertEquals("set before the loop ran", loop.runUntilComplete(future));
            loop.close();
        }
    }

    @Nested
    class OneCoroutineOnTwoThreads {
        private static final int ROUNDS = 10_000;

        /**
         * Lines the two racers up just before the coroutine is claimed, where a race would run the body twice: a task
         * reads the carried thread locals as it is created, right before it claims its coroutine, and this one holds
         * each racer there until the instant of the round (both read the same clock), so that they go on together.
         */
        private static final class StartLine extends ThreadLocal<Object> {
            static final StartLine INSTANCE = new StartLine();
            static final ThreadLocal<long[]> GO_AT = new ThreadLocal<>();

            static {
                Context.carryThreadLocal(INSTANCE);
            }

            @Override
            public Object get() {
                long[] goAt = GO_AT.get();
                if (goAt != null && goAt[0] != 0) {
                    while (System.nanoTime() < goAt[0]) {
                        Thread.onSpinWait();
                    }
                    goAt[0] = 0;
                }
                return null;
            }
        }

        @Async
        static Coroutine<Integer> countsItsRuns(AtomicIntegerArray runs, int round) {
            runs.incrementAndGet(round);
            await(sleep(0));
            return Coroutine.completed(runs.get(round));
        }

        /** Two threads, each with its loop, run the same coroutine of each round at the same instant, many rounds over. */
        @Test
        void runOnTwoThreadsAtOnceRunsTheBodyOnceAndTheOtherGetsTheAlreadyAwaitedError() throws Exception {
            AtomicIntegerArray runs = new AtomicIntegerArray(ROUNDS);
            AtomicLongArray instants = new AtomicLongArray(ROUNDS);
            @SuppressWarnings("unchecked")
            Coroutine<Integer>[] shared = new Coroutine[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                shared[r] = countsItsRuns(runs, r);
            }
            Object[][] outcomes = new Object[2][ROUNDS];
            OwnThread[] racers = new OwnThread[2];
            for (int i = 0; i < 2; i++) {
                Object[] mine = outcomes[i];
                racers[i] = new OwnThread("racer-" + i, () -> {
                    EventLoop loop = newEventLoop();
                    long[] goAt = new long[1];
                    StartLine.GO_AT.set(goAt);
                    try {
                        for (int r = 0; r < ROUNDS; r++) {
                            // The second to arrive sets the instant, a little ahead: both then wait for it.
                            instants.compareAndSet(r, 0, -1);
                            if (!instants.compareAndSet(r, -1, -2)) {
                                instants.set(r, System.nanoTime() + 20_000);
                            }
                            for (int spins = 1; instants.get(r) < 0; spins++) {
                                if (spins % 100 == 0) {
                                    Thread.yield(); // the other racer may be waiting for this core
                                } else {
                                    Thread.onSpinWait();
                                }
                            }
                            goAt[0] = instants.get(r);
                            try {
                                mine[r] = loop.runUntilComplete(shared[r]);
                            } catch (Throwable e) {
                                mine[r] = e;
                            }
                        }
                    } finally {
                        StartLine.GO_AT.remove();
                        loop.close();
                    }
                    return null;
                });
            }
            for (OwnThread.Ending ending : OwnThread.endAll(50, racers)) {
                assertNull(ending.thrown());
            }
            for (int r = 0; r < ROUNDS; r++) {
                Object first = outcomes[0][r];
                Object second = outcomes[1][r];
                assertEquals(1, runs.get(r), "round " + r + ": the body ran " + runs.get(r) + " times: " + first + " / " + second);
                Object lost = first instanceof Integer ? second : first;
                assertEquals(1, first instanceof Integer ? first : second, "round " + r);
                assertInstanceOf(IllegalStateException.class, lost, "round " + r);
                assertTrue(((Throwable) lost).getMessage().contains("already awaited"), ((Throwable) lost).getMessage());
            }
        }
    }
}
