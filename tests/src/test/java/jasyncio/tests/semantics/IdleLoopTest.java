package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.Pipe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A loop with nothing to do sleeps: parked, or blocked in its selector, until a timer, I/O or another thread
 * wakes it. A loop that spins instead gives the same results to every other test, so this one watches the
 * loop's thread from outside while the loop waits: a parked thread is in {@code WAITING} (or
 * {@code TIMED_WAITING} until a timer); a thread blocked in {@code epoll_wait} is {@code RUNNABLE} to Java but
 * uses no CPU.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IdleLoopTest {
    private static final int SAMPLES = 50;

    /** A loop running {@code main} on a thread of its own, released from outside. */
    private static final class LoopThread {
        final EventLoop loop = newEventLoop();
        final CompletableFuture<String> release = new CompletableFuture<>();
        final CompletableFuture<String> result = new CompletableFuture<>();
        final Thread thread;

        LoopThread(java.util.function.Function<CompletableFuture<String>, Coroutine<String>> main) {
            thread = new Thread(() -> {
                try {
                    result.complete(loop.runUntilComplete(main.apply(release)));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    loop.close();
                }
            }, "idle-loop");
            thread.setDaemon(true);
            thread.start();
        }

        /** Lets the loop's main coroutine finish and returns what it returned. */
        String finish() throws Exception {
            release.complete("released");
            return result.get(15, TimeUnit.SECONDS);
        }

        /** Waits (bounded) until the loop's thread first sleeps in {@code state}: false if it never does. */
        boolean reaches(Thread.State state) throws InterruptedException {
            for (int i = 0; i < 500; i++) {
                if (thread.getState() == state) {
                    return true;
                }
                Thread.sleep(10);
            }
            return false;
        }

        /** How many of {@link #SAMPLES} looks, 2 ms apart, find the loop's thread in {@code state}. */
        int samplesIn(Thread.State state) throws InterruptedException {
            int in = 0;
            for (int i = 0; i < SAMPLES; i++) {
                if (thread.getState() == state) {
                    in++;
                }
                Thread.sleep(2);
            }
            return in;
        }
    }

    @Async
    static Coroutine<String> awaitsFromOutside(CompletableFuture<String> release) {
        return Coroutine.completed(await(release));
    }

    @Test
    void withNothingScheduledTheLoopParks() throws Exception {
        LoopThread idle = new LoopThread(IdleLoopTest::awaitsFromOutside);
        try {
            assertTrue(idle.reaches(Thread.State.WAITING), "the idle loop never parked: " + idle.thread.getState());
            int parked = idle.samplesIn(Thread.State.WAITING);
            assertTrue(parked >= SAMPLES * 9 / 10, "parked in only " + parked + " of " + SAMPLES + " looks");
        } finally {
            assertEquals("released", idle.finish(), "a callback from another thread wakes the parked loop");
        }
    }

    @Async
    static Coroutine<String> withATimerAMinuteAway(CompletableFuture<String> release) {
        createTask(sleep(60));
        return Coroutine.completed(await(release));
    }

    @Test
    void waitingForAFarTimerTheLoopSleepsUntilIt() throws Exception {
        LoopThread idle = new LoopThread(IdleLoopTest::withATimerAMinuteAway);
        try {
            assertTrue(idle.reaches(Thread.State.TIMED_WAITING),
                    "the loop never slept towards its timer: " + idle.thread.getState());
            int sleeping = idle.samplesIn(Thread.State.TIMED_WAITING);
            assertTrue(sleeping >= SAMPLES * 9 / 10, "asleep in only " + sleeping + " of " + SAMPLES + " looks");
        } finally {
            assertEquals("released", idle.finish());
        }
    }

    @Async
    static Coroutine<String> watchesAQuietChannel(Pipe.SourceChannel quiet, CompletableFuture<String> release) {
        EventLoop loop = getRunningLoop();
        loop.addReader(quiet, () -> {
            throw new AssertionError("nothing was written to the pipe");
        });
        try {
            return Coroutine.completed(await(release));
        } finally {
            loop.removeReader(quiet);
        }
    }

    @Test
    void withAChannelRegisteredTheIdleLoopBlocksInTheSelectorWithoutBurningCpu() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled(), "no thread CPU clock");
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        LoopThread idle = new LoopThread(release -> watchesAQuietChannel(pipe.source(), release));
        try {
            long idleNanos = TimeUnit.SECONDS.toNanos(1);
            Thread.sleep(100); // past the loop's start-up
            long cpuBefore = threads.getThreadCpuTime(idle.thread.getId());
            long start = System.nanoTime();
            while (System.nanoTime() - start < idleNanos) {
                Thread.sleep(50);
            }
            long cpuMillis = TimeUnit.NANOSECONDS.toMillis(threads.getThreadCpuTime(idle.thread.getId()) - cpuBefore);
            // Blocked in epoll_wait the thread uses next to nothing; a spinning one, even on a crowded machine, tens
            // of milliseconds a second.
            assertTrue(cpuMillis < 10, "the idle loop used " + cpuMillis + " ms of CPU in a second");
        } finally {
            assertEquals("released", idle.finish(), "a callback from another thread wakes the selecting loop");
            pipe.source().close();
            pipe.sink().close();
        }
    }
}
