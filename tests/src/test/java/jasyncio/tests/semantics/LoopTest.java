package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Handle;
import jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** The event loop: callbacks, timers, threads, errors, closing, and {@code run()} nested or reporting. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopTest {
    private final EventLoop loop = newEventLoop();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> reported = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private Runnable logs(String event) {
        return () -> log.add(event);
    }

    private void runBriefly() {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    @Test
    void callSoonRunsCallbacksInOrder() {
        for (int i = 0; i < 5; i++) {
            loop.callSoon(logs("cb" + i));
        }
        runBriefly();
        assertEquals(List.of("cb0", "cb1", "cb2", "cb3", "cb4"), log);
    }

    @Test
    void callLaterRunsByDeadline() {
        loop.callLater(0.03, logs("c"));
        loop.callLater(0.01, logs("a"));
        loop.callLater(0.02, logs("b"));
        loop.callLater(0.04, loop::stop);
        loop.runForever();
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void timersWithEqualDeadlinesRunInTheOrderSet() {
        double when = loop.time() + 0.01;
        for (int i = 0; i < 5; i++) {
            loop.callAt(when, logs("t" + i));
        }
        loop.callAt(when, loop::stop);
        loop.runForever();
        assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), log);
    }

    @Test
    void callAtRunsAtTheGivenTimeAndAPastTimeRunsSoon() {
        double start = loop.time();
        loop.callAt(start + 0.02, () -> {
            log.add("at");
            assertTrue(loop.time() >= start + 0.02, "ran early");
            loop.stop();
        });
        loop.callAt(start - 1, logs("past"));
        loop.runForever();
        assertEquals(List.of("past", "at"), log);
    }

    @Test
    void cancelledHandlesDoNotRun() {
        Handle soon = loop.callSoon(logs("soon"));
        Handle later = loop.callLater(0.005, logs("later"));
        loop.callSoon(logs("kept"));
        soon.cancel();
        later.cancel();
        assertTrue(soon.cancelled());
        assertTrue(later.cancelled());
        loop.callLater(0.02, loop::stop);
        loop.runForever();
        assertEquals(List.of("kept"), log);
    }

    @Test
    void callSoonThreadsafeWakesALoopBlockedWaiting() {
        Future<String> future = loop.createFuture();
        CountDownLatch loopIdle = new CountDownLatch(1);
        loop.callSoon(loopIdle::countDown);
        // The bound: without a wakeup the loop would only stop at this timer, and runUntilComplete would throw.
        loop.callLater(10, loop::stop);
        Thread other = new Thread(() -> {
            try {
                loopIdle.await();
            } catch (InterruptedException e) {
                return;
            }
            loop.callSoonThreadsafe(() -> future.setResult("from another thread"));
        }, "other");
        other.start();
        assertEquals("from another thread", loop.runUntilComplete(future));
    }

    @Async
    Coroutine<double[]> measureSleep() {
        double before = getRunningLoop().time();
        await(sleep(0.02));
        double after = getRunningLoop().time();
        return Coroutine.completed(new double[] {before, after});
    }

    @Test
    void timeIsMonotonicAndSleepDoesNotEndEarly() {
        double t1 = loop.time();
        double t2 = loop.time();
        assertTrue(t2 >= t1);
        double[] times = loop.runUntilComplete(measureSleep());
        assertTrue(times[0] >= t2);
        assertTrue(times[1] - times[0] >= 0.02 - 1e-6, "slept " + (times[1] - times[0]));
    }

    @Test
    void stopEndsRunForeverAndTheLoopRunsAgain() {
        loop.callSoon(() -> log.add("running=" + loop.isRunning()));
        runBriefly();
        assertFalse(loop.isRunning());
        loop.callSoon(logs("again"));
        runBriefly();
        assertEquals(List.of("running=true", "again"), log);
    }

    @Test
    void stopBeforeRunForeverRunsOneIteration() {
        loop.callSoon(logs("ready"));
        loop.stop();
        loop.runForever();
        assertEquals(List.of("ready"), log);
    }

    @Test
    void closingARunningLoopThrowsIllegalState() {
        loop.callSoon(() -> {
            try {
                loop.close();
                log.add("closed");
            } catch (IllegalStateException e) {
                log.add("refused");
            }
        });
        runBriefly();
        assertEquals(List.of("refused"), log);
        assertFalse(loop.isClosed());
    }

    @Test
    void aClosedLoopRejectsWork() {
        loop.close();
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> loop.callSoon(logs("x")));
        assertThrows(IllegalStateException.class, () -> loop.callLater(0, logs("x")));
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(logs("x")));
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(quick(1)));
        assertThrows(IllegalStateException.class, loop::runForever);
        loop.close();
    }

    @Test
    void aClosedLoopRefusesTasksExecutorWorkAndSignalHandlersSayingItIsClosed() {
        loop.close();
        Coroutine<Integer> coro = quick(1);
        List<String> refusals = new ArrayList<>();
        refusals.add(assertThrows(IllegalStateException.class, () -> loop.createTask(coro)).getMessage());
        refusals.add(assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1)).getMessage());
        refusals.add(assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("INT", logs("x")))
                .getMessage());
        refusals.add(assertThrows(IllegalStateException.class, () -> loop.removeSignalHandler("INT")).getMessage());
        assertEquals(Collections.nCopies(4, "the event loop is closed"), refusals);
        assertEquals(1, run(coro), "the refused coroutine was not consumed: it can still run elsewhere");
    }

    @Test
    void aCallbackThatThrowsIsReportedAndTheLoopKeepsRunning() {
        RuntimeException boom = new RuntimeException("boom");
        loop.setExceptionHandler((l, context) -> reported.add(context));
        loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(logs("next"));
        runBriefly();
        assertEquals(List.of("next"), log);
        assertEquals(1, reported.size());
        assertSame(boom, reported.get(0).get("exception"));
        assertNotNull(reported.get(0).get("message"));
    }

    @Async
    Coroutine<List<Object>> inExecutor() {
        Thread loopThread = Thread.currentThread();
        List<Object> outcomes = new ArrayList<>();
        outcomes.add(await(getRunningLoop().runInExecutor(null, () -> Thread.currentThread() != loopThread)));
        IOException checked = new IOException("blocked");
        try {
            await(getRunningLoop().runInExecutor(null, () -> {
                throw checked;
            }));
        } catch (Exception e) {
            outcomes.add(e == checked);
        }
        return Coroutine.completed(outcomes);
    }

    @Test
    void runInExecutorRunsOnAnotherThreadAndDeliversResultOrException() {
        assertEquals(List.of(true, true), run(inExecutor()));
    }

    @Async
    Coroutine<Integer> quick(int n) {
        return Coroutine.completed(n);
    }

    @Async
    Coroutine<List<String>> nestedRun() {
        List<String> refusals = new ArrayList<>();
        try {
            run(quick(1));
        } catch (IllegalStateException e) {
            refusals.add("run");
        }
        try {
            loop.runUntilComplete(quick(2));
        } catch (IllegalStateException e) {
            refusals.add("runUntilComplete");
        }
        return Coroutine.completed(refusals);
    }

    @Test
    void runInsideARunningLoopThrowsIllegalState() {
        assertEquals(List.of("run", "runUntilComplete"), run(nestedRun()));
    }

    @Async
    Coroutine<Integer> failsLater(RuntimeException error) {
        await(sleep(0));
        throw error;
    }

    @Test
    void aTaskFailureNobodyRetrievedIsReportedWhenTheLoopCloses() {
        RuntimeException boom = new RuntimeException("never retrieved");
        loop.setExceptionHandler((l, context) -> reported.add(context));
        Task<Integer> task = loop.createTask(failsLater(boom));
        loop.runUntilComplete(loop.createTask(quickAfterSleep()));
        assertTrue(task.done());
        assertEquals(List.of(), reported, "reported when the loop closes, not before");
        loop.close();
        assertEquals(1, reported.size());
        assertSame(boom, reported.get(0).get("exception"));
        assertSame(task, reported.get(0).get("future"));
    }

    @Test
    void aRetrievedTaskFailureIsNotReported() {
        RuntimeException boom = new RuntimeException("retrieved");
        loop.setExceptionHandler((l, context) -> reported.add(context));
        Task<Integer> task = loop.createTask(failsLater(boom));
        assertSame(boom, assertThrows(RuntimeException.class, () -> loop.runUntilComplete(task)));
        loop.close();
        assertEquals(List.of(), reported);
    }

    @Async
    Coroutine<Void> quickAfterSleep() {
        await(sleep(0.01));
        return Coroutine.completed();
    }

    @Async
    Coroutine<Void> failsUnwatchedInsideRun(RuntimeException boom) {
        getRunningLoop().setExceptionHandler((l, context) -> reported.add(context));
        createTask(failsLater(boom));
        await(sleep(0.01));
        return Coroutine.completed();
    }

    @Test
    void runReportsATaskFailureNobodyRetrieved() {
        RuntimeException boom = new RuntimeException("lost");
        run(failsUnwatchedInsideRun(boom));
        assertEquals(1, reported.size());
        assertSame(boom, reported.get(0).get("exception"));
    }

    @Test
    void callSoonThreadsafeFromManyThreadsRunsEveryCallback() throws InterruptedException {
        int threads = 4;
        int each = 1000;
        int[] ran = new int[1];
        Future<Void> all = loop.createFuture();
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            posters.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    loop.callSoonThreadsafe(() -> {
                        if (++ran[0] == threads * each) {
                            all.setResult(null);
                        }
                    });
                }
            }, "poster-" + t));
        }
        loop.callSoon(() -> posters.forEach(Thread::start));
        loop.callLater(10, loop::stop);
        loop.runUntilComplete(all);
        assertEquals(threads * each, ran[0]);
        for (Thread t : posters) {
            t.join();
        }
    }

    @Test
    void aTimerCancelledByAnEarlierCallbackOfTheSameIterationDoesNotRun() {
        double when = loop.time() + 0.01;
        Handle[] second = new Handle[1];
        loop.callAt(when, () -> second[0].cancel());
        second[0] = loop.callAt(when, logs("second"));
        loop.callAt(when + 0.01, loop::stop);
        loop.runForever();
        assertEquals(List.of(), log);
    }

    @Test
    void aNegativeDelayRunsSoon() {
        loop.callLater(-5, logs("negative"));
        runBriefly();
        assertEquals(List.of("negative"), log);
    }

    @Test
    void outsideALoopThereIsNoCurrentTaskAndNoRunningLoop() {
        assertNull(currentTask());
        assertThrows(IllegalStateException.class, jasyncio.Asyncio::getRunningLoop);
        assertThrows(IllegalStateException.class, () -> createTask(quick(1)));
    }

    @Async
    Coroutine<Double> sleepDuration() {
        double start = getRunningLoop().time();
        await(sleep(java.time.Duration.ofMillis(20)));
        return Coroutine.completed(getRunningLoop().time() - start);
    }

    @Test
    void sleepTakesADuration() {
        assertTrue(run(sleepDuration()) >= 0.02 - 1e-6);
    }

    /** A pipe whose source is non-blocking and already has a byte to read: readable at the very next poll. */
    @Test
    void theSlowCallbackDurationIsReadBackInSeconds() {
        assertEquals(0.1, loop.getSlowCallbackDuration(), "asyncio's default");
        loop.setSlowCallbackDuration(0.25);
        assertEquals(0.25, loop.getSlowCallbackDuration());
    }

    @Test
    void removingAReaderOrAWriterSaysWhetherOneWasThere() throws IOException {
        Pipe pipe = readablePipe();
        pipe.sink().configureBlocking(false);
        List<Boolean> removed = new ArrayList<>();
        removed.add(loop.removeReader(pipe.source()));
        removed.add(loop.removeWriter(pipe.sink()));
        loop.addReader(pipe.source(), logs("read"));
        loop.addWriter(pipe.sink(), logs("write"));
        removed.add(loop.removeWriter(pipe.source())); // the source has a reader, not a writer
        removed.add(loop.removeReader(pipe.source()));
        removed.add(loop.removeWriter(pipe.sink()));
        removed.add(loop.removeReader(pipe.source()));
        removed.add(loop.removeWriter(pipe.sink()));
        runBriefly();
        pipe.source().close();
        pipe.sink().close();
        assertEquals(List.of(false, false, false, true, true, false, false), removed);
        assertEquals(List.of(), log, "nothing removed runs");
    }

    private static Pipe readablePipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        return pipe;
    }

    /** Counts iterations: runs once in each, rescheduling itself, until told to stop. */
    private static final class Ticker implements Runnable {
        final EventLoop loop;
        int ticks;
        boolean stopped;

        Ticker(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void run() {
            if (!stopped) {
                ticks++;
                loop.callSoon(this);
            }
        }
    }

    @Async
    Coroutine<Integer> iterationsUntilWokenByAPipe() throws IOException {
        EventLoop running = getRunningLoop();
        Pipe pipe = readablePipe();
        Future<Void> readable = running.createFuture();
        running.addReader(pipe.source(), () -> {
            running.removeReader(pipe.source());
            readable.setResult(null);
        });
        Ticker ticker = new Ticker(running);
        running.callSoon(ticker);
        await(readable);
        ticker.stopped = true;
        pipe.source().close();
        pipe.sink().close();
        return Coroutine.completed(ticker.ticks);
    }

    @Test
    void aTaskWokenByAChannelRunsInTheIterationOfThePollThatFoundItReady() throws IOException {
        // The next iteration polls (the ticker is ready, so without waiting), finds the pipe readable, runs its
        // callback first, and the task it wakes runs after the ticker in that same iteration.
        assertEquals(1, loop.runUntilComplete(loop.createTask(iterationsUntilWokenByAPipe())));
    }

    @Test
    void aChannelCallbackRemovedByAnEarlierOneOfTheSamePollDoesNotRun() throws IOException {
        Pipe first = readablePipe();
        Pipe second = readablePipe();
        // Whichever of the two the poll reports first removes the other's reader before it runs.
        loop.addReader(first.source(), () -> {
            log.add("first");
            loop.removeReader(first.source());
            loop.removeReader(second.source());
        });
        loop.addReader(second.source(), () -> {
            log.add("second");
            loop.removeReader(first.source());
            loop.removeReader(second.source());
        });
        loop.callSoon(() -> loop.callSoon(loop::stop));
        loop.runForever();
        assertEquals(1, log.size(), log.toString());
        for (Pipe p : List.of(first, second)) {
            p.source().close();
            p.sink().close();
        }
    }

    @Test
    void aChannelCallbackThatThrowsIsReportedAndTheOthersOfTheSamePollRun() throws IOException {
        loop.setExceptionHandler((l, context) -> reported.add(context));
        Pipe failing = readablePipe();
        Pipe fine = readablePipe();
        loop.addReader(failing.source(), () -> {
            loop.removeReader(failing.source());
            throw new IllegalStateException("reader failed");
        });
        loop.addReader(fine.source(), () -> {
            loop.removeReader(fine.source());
            log.add("fine");
        });
        loop.callSoon(() -> loop.callSoon(loop::stop));
        loop.runForever();
        assertEquals(List.of("fine"), log);
        assertEquals(1, reported.size());
        assertEquals("reader failed", ((Throwable) reported.get(0).get("exception")).getMessage());
        for (Pipe p : List.of(failing, fine)) {
            p.source().close();
            p.sink().close();
        }
    }
}
