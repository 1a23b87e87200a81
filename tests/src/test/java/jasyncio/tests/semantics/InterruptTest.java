package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Interrupting the loop's thread (what JUnit's {@code @Timeout}, {@code shutdownNow()} and shutdown hooks do) is a
 * cancellation: the main task is cancelled where it waits, {@code run()} ends once it has unwound, and the thread's
 * interrupt flag is set again when the loop returns. The loop never spins on the flag meanwhile.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterruptTest {
    private static final double BOUND = 15;

    /** Waits on a future nobody completes, parked, or in the selector when {@code watchAPipe}. */
    @Async
    static Coroutine<String> waitForever(CountDownLatch waiting, boolean watchAPipe) throws IOException {
        EventLoop loop = getRunningLoop();
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        if (watchAPipe) {
            loop.addReader(pipe.source(), () -> { });
        }
        try {
            waiting.countDown();
            return Coroutine.completed(await(loop.createFuture()));
        } finally {
            loop.removeReader(pipe.source());
            pipe.source().close();
            pipe.sink().close();
        }
    }

    private static OwnThread.Ending interruptedWhileWaiting(boolean inTheSelector) throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        OwnThread running = new OwnThread("loop", () -> run(waitForever(waiting, inTheSelector)));
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        running.thread.interrupt();
        return running.end(BOUND);
    }

    /** True once {@code thread} is seen waiting (not running) on three samples in a row. */
    private static boolean seenAsleep(Thread thread) throws InterruptedException {
        int inARow = 0;
        for (int i = 0; i < 1000 && inARow < 3; i++) {
            Thread.State state = thread.getState();
            inARow = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING ? inARow + 1 : 0;
            Thread.sleep(10);
        }
        return inARow == 3;
    }

    @Nested
    class Run {
        @Test
        void anInterruptWhileParkedCancelsTheMainTaskAndRunThrowsWithTheFlagSet() throws Exception {
            OwnThread.Ending ending = interruptedWhileWaiting(false);
            assertInstanceOf(CancellationException.class, ending.thrown());
            assertTrue(String.valueOf(ending.thrown().getMessage()).contains("interrupted"), ending.thrown().getMessage());
            assertTrue(ending.interruptFlag(), "the interrupt flag is set again when run() ends");
        }

        @Test
        void anInterruptWhileInTheSelectorCancelsTheMainTaskAndRunThrowsWithTheFlagSet() throws Exception {
            OwnThread.Ending ending = interruptedWhileWaiting(true);
            assertInstanceOf(CancellationException.class, ending.thrown());
            assertTrue(ending.interruptFlag());
        }

        @Async
        Coroutine<String> cleansUpSlowly(CountDownLatch waiting, CountDownLatch cleaning, Future<Void> cleanedUp) {
            try {
                waiting.countDown();
                await(sleep(30));
                return Coroutine.completed("slept");
            } catch (CancellationException e) {
                cleaning.countDown();
                await(cleanedUp);
                return Coroutine.completed("cleaned up after " + e.getMessage());
            }
        }

        @Test
        void theMainTaskUnwindsOnTheLoopWhichSleepsMeanwhileAndItsValueIsReturned() throws Exception {
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch cleaning = new CountDownLatch(1);
            AtomicReference<EventLoop> loop = new AtomicReference<>();
            AtomicReference<Future<Void>> cleanedUp = new AtomicReference<>();
            OwnThread running = new OwnThread("loop", () -> {
                EventLoop l = newEventLoop();
                loop.set(l);
                cleanedUp.set(l.createFuture());
                try {
                    return l.runUntilComplete(cleansUpSlowly(waiting, cleaning, cleanedUp.get()));
                } finally {
                    l.close();
                }
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS));
            running.thread.interrupt();
            assertTrue(cleaning.await(10, TimeUnit.SECONDS), "the interrupt cancelled the main task");
            assertTrue(seenAsleep(running.thread), "the loop waits asleep while the task cleans up, never spins");
            loop.get().callSoonThreadsafe(() -> cleanedUp.get().setResult(null));
            OwnThread.Ending ending = running.end(BOUND);
            assertNull(ending.thrown());
            assertTrue(String.valueOf(ending.value()).startsWith("cleaned up after"), String.valueOf(ending.value()));
            assertTrue(ending.interruptFlag());
        }
    }

    @Nested
    class RunForever {
        @Test
        void anInterruptStopsRunForeverWhichReturnsWithTheFlagSet() throws Exception {
            EventLoop loop = newEventLoop();
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoon(running::countDown);
            OwnThread thread = new OwnThread("loop", () -> {
                loop.runForever();
                return "returned";
            });
            assertTrue(running.await(10, TimeUnit.SECONDS));
            thread.thread.interrupt();
            OwnThread.Ending ending = thread.end(BOUND);
            assertEquals("returned", ending.value());
            assertTrue(ending.interruptFlag());
            assertFalse(loop.isRunning());
            loop.close();
        }
    }

    @Nested
    class RunUntilComplete {
        @Test
        void anInterruptCancelsTheAwaitedFuture() throws Exception {
            EventLoop loop = newEventLoop();
            Future<String> never = loop.createFuture();
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoon(running::countDown);
            OwnThread thread = new OwnThread("loop", () -> loop.runUntilComplete(never));
            assertTrue(running.await(10, TimeUnit.SECONDS));
            thread.thread.interrupt();
            OwnThread.Ending ending = thread.end(BOUND);
            assertInstanceOf(CancellationException.class, ending.thrown());
            assertTrue(never.cancelled());
            assertTrue(ending.interruptFlag());
            loop.close();
        }
    }
}
