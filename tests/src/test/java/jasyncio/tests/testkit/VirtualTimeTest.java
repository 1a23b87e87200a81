package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.test.AsyncTest;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.Nested;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.toThread;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.startServer;
import static jasyncio.test.AsyncAssertions.assertThrowsAsync;
import static jasyncio.test.AsyncTesting.advanceTime;
import static jasyncio.test.AsyncTesting.advanceUntilIdle;
import static jasyncio.test.AsyncTesting.currentTime;
import static jasyncio.test.AsyncTesting.realWork;
import static jasyncio.test.AsyncTesting.runCurrent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test's loop runs on a virtual clock: it jumps to the next timer whenever nothing is ready and no real work is
 * pending, and advances with real time while real work (executor, another thread's stage, sockets) is.
 */
class VirtualTimeTest {
    /** Real seconds far above what a short piece of real work takes on a loaded machine. */
    private static final long REAL_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Nested
    class TimersJump {
        /** On a real clock the hour would run into the test's timeout (real time) and fail it. */
        @AsyncTest
        @TestLoop(timeout = 30)
        void anHourLongSleepEndsAtOnce() {
            await(sleep(3600));
            assertEquals(3600.0, currentTime());
        }

        @AsyncTest
        void aSleepingTaskSaysWhenItsTimerIsDueInVirtualTime() {
            Task<Void> sleeper = createTask(sleep(3600));
            await(sleep(0));
            assertTrue(sleeper.waitsFor().startsWith("a timer due in 3600.000 s (loop time 3600.000)"), sleeper.waitsFor());
            sleeper.cancel();
        }

        @AsyncTest
        void waitForTimesOutAtExactlyItsTimeout() {
            await(assertThrowsAsync(AsyncTimeoutException.class, waitFor(sleep(10), 0.2)));
            assertEquals(0.2, currentTime(), 1e-9);
        }

        @AsyncTest
        void callLaterRunsInDeadlineOrderAtItsExactTime() {
            EventLoop loop = getRunningLoop();
            List<String> fired = new ArrayList<>();
            loop.callLater(0.3, () -> fired.add("c@" + loop.time()));
            loop.callLater(0.1, () -> fired.add("a@" + loop.time()));
            loop.callLater(0.2, () -> fired.add("b@" + loop.time()));
            loop.callLater(0.1, () -> fired.add("a2@" + loop.time()));
            await(sleep(1));
            assertEquals(List.of("a@0.1", "a2@0.1", "b@0.2", "c@0.3"), fired);
        }
    }

    @Nested
    class Controls {
        @AsyncTest
        void advanceTimeRunsWhatIsDueMeanwhileAndStopsThere() {
            EventLoop loop = getRunningLoop();
            List<Double> fired = new ArrayList<>();
            loop.callLater(1, () -> fired.add(loop.time()));
            loop.callLater(5, () -> fired.add(loop.time()));
            await(advanceTime(2));
            assertEquals(List.of(1.0), fired);
            assertEquals(2.0, currentTime());
        }

        @AsyncTest
        void runCurrentRunsWhatIsReadyWithoutLettingTimePass() {
            List<String> ran = new ArrayList<>();
            createTask(step(ran, "first"));
            createTask(step(ran, "second"));
            await(runCurrent());
            assertEquals(List.of("first", "second", "first again", "second again"), ran);
            assertEquals(0.0, currentTime());
        }

        @AsyncTest
        void advanceUntilIdleRunsEveryTimerLeft() {
            List<Double> fired = new ArrayList<>();
            Task<Void> sleeper = createTask(sleepThenNote(fired, 7));
            createTask(sleepThenNote(fired, 3));
            await(advanceUntilIdle());
            assertEquals(List.of(3.0, 7.0), fired);
            assertTrue(sleeper.done());
            assertEquals(7.0, currentTime());
        }
    }

    @Nested
    class RealWorkHoldsTheClock {
        @AsyncTest
        void executorWorkIsNotOvertakenByATimer() {
            double deadline = 0.1 + REAL_BOUND_NANOS / 1e9;
            String value = await(waitFor(toThread(() -> {
                Thread.sleep(200);
                return "done";
            }), deadline));
            assertEquals("done", value);
            // the work's thread starts sleeping a little before the loop starts timing its wait (a CI run measured
            // 0.198): the clock follows most of the 0.2 s, and never jumps to the deadline
            assertTrue(currentTime() >= 0.15 && currentTime() < deadline,
                    "the clock advanced with real time while the work ran: " + currentTime());
        }

        @AsyncTest
        void aStageOfAnotherThreadIsNotOvertakenByATimer() {
            CompletableFuture<String> stage = CompletableFuture.supplyAsync(() -> "done",
                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
            assertEquals("done", await(waitFor(toCoroutine(stage), 5)));
        }

        @AsyncTest
        void aFutureMarkedAsRealWorkIsNotOvertakenByATimer() throws InterruptedException {
            EventLoop loop = getRunningLoop();
            Future<String> fromAnotherThread = realWork(loop.createFuture());
            Thread worker = new Thread(() -> {
                sleepQuietly(200);
                loop.callSoonThreadsafe(() -> fromAnotherThread.setResult("done"));
            });
            worker.start();
            assertEquals("done", await(waitFor(fromAnotherThread, 5)));
            worker.join();
        }

        @AsyncTest
        void aSocketRoundTripCompletesUnderVirtualTime() throws IOException {
            Server server = await(startServer(VirtualTimeTest::echoLine, "127.0.0.1", 0));
            Connection connection = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            connection.writer().write("ping\n");
            await(connection.writer().drain());
            assertEquals("ping", await(waitFor(connection.reader().readLine(), 5)));
            connection.writer().close();
            server.close();
            await(server.waitClosed());
        }
    }

    @Nested
    @TestLoop(realTime = true)
    class RealTimeOptOut {
        @AsyncTest
        void runsOnTheSystemClock() {
            await(sleep(0.01));
            assertEquals(System.nanoTime() / 1e9, currentTime(), 5);
            assertFalse(currentTime() < 1, "a virtual clock starts at 0");
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Async
    static Coroutine<Void> step(List<String> ran, String name) {
        ran.add(name);
        await(sleep(0));
        ran.add(name + " again");
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> sleepThenNote(List<Double> fired, double seconds) {
        await(sleep(seconds));
        fired.add(getRunningLoop().time());
        return Coroutine.completed();
    }

    @Async
    static Coroutine<String> toCoroutine(CompletableFuture<String> stage) {
        return Coroutine.completed(await(stage));
    }

    @Async
    static Coroutine<Void> echoLine(StreamReader reader, StreamWriter writer) throws IOException {
        writer.write(await(reader.readLine()) + "\n");
        await(writer.drain());
        writer.close();
        return Coroutine.completed();
    }
}
