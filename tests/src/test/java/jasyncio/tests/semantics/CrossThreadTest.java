package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Context;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Futures and coroutines between threads: a future of a loop not running yet may be completed from any thread, and a
 * coroutine given to two threads at once runs on one. (Completing a future of a running loop from another thread is
 * refused: {@code ThreadsTest.AcrossThreads.FutureFromAnotherThread}.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrossThreadTest {
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
