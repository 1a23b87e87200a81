package jasyncio.test;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.CoreAccess;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;

/**
 * The time controls of a test loop and {@link #runTest} for code outside JUnit, in the manner of
 * kotlinx-coroutines-test ({@code import static jasyncio.test.AsyncTesting.*}). On virtual time the loop jumps to
 * its next timer by itself whenever it would wait; these say where to stop.
 */
public final class AsyncTesting {
    private AsyncTesting() {
    }

    /**
     * Runs {@code test} as a task on a fresh loop as an {@link AsyncTest} would (virtual time, the default
     * timeout and hygiene checks of {@link TestLoop}) and returns its result; the loop is checked and closed after.
     */
    public static <T> T runTest(Coroutine<T> test) {
        return runTest(Settings.DEFAULT, test);
    }

    /**
     * {@link #runTest(Coroutine)} with the settings of a {@link TestLoop} (read from whatever element carries it:
     * {@code Settings.class.getAnnotation(TestLoop.class)}).
     */
    public static <T> T runTest(TestLoop settings, Coroutine<T> test) {
        return runTest(Settings.of(settings), test);
    }

    private static <T> T runTest(Settings settings, Coroutine<T> test) {
        if (CoreAccess.hooks().runningLoop() != null) {
            throw new IllegalStateException("runTest() cannot be called from a running event loop: await the coroutine instead");
        }
        LoopUnderTest loop = new LoopUnderTest(settings, "runTest(" + test + ")");
        T result;
        try {
            result = loop.run(test);
        } catch (Throwable failure) {
            try {
                loop.finish();
            } catch (Throwable leftover) {
                failure.addSuppressed(leftover);
            }
            throw failure;
        }
        loop.finish();
        return result;
    }

    /**
     * Marks {@code future} as another thread's work, which will complete it through
     * {@code loop.callSoonThreadsafe}: until it is done, the virtual clock does not jump past it but advances with
     * real time, as it does for executor work and awaited {@code CompletionStage}s, which need no marking.
     * Returns {@code future}.
     */
    public static <T> Future<T> realWork(Future<T> future) {
        CoreAccess.hooks().holdClockUntil(getRunningLoop(), future);
        return future;
    }

    /** The running loop's time in seconds: virtual in a test, from 0 at its start. */
    public static double currentTime() {
        return getRunningLoop().time();
    }

    /**
     * Lets {@code seconds} of loop time pass: whatever is due meanwhile runs, in deadline order, and the caller
     * resumes at exactly {@code currentTime() + seconds} (after the timers due at that instant that were set first).
     */
    @Async
    public static Coroutine<Void> advanceTime(double seconds) {
        if (seconds < 0 || Double.isNaN(seconds)) {
            throw new IllegalArgumentException("advanceTime(" + seconds + "): give a number of seconds >= 0");
        }
        await(sleep(seconds));
        return Coroutine.completed();
    }

    /** Runs what is ready, and whatever that makes ready, without letting time pass; then the caller resumes. */
    @Async
    public static Coroutine<Void> runCurrent() {
        EventLoop loop = getRunningLoop();
        CoreAccess.Hooks core = CoreAccess.hooks();
        while (core.readyCount(loop) > 0 || core.nanosUntilNextTimer(loop) == 0) {
            await(sleep(0));
        }
        return Coroutine.completed();
    }

    /**
     * Runs until nothing else is ready and no timer is left, letting time pass from timer to timer; then the
     * caller resumes. A timer that always sets another (a ticker) keeps it going until the test times out.
     */
    @Async
    public static Coroutine<Void> advanceUntilIdle() {
        EventLoop loop = getRunningLoop();
        CoreAccess.Hooks core = CoreAccess.hooks();
        for (;;) {
            if (core.readyCount(loop) > 0) {
                await(sleep(0));
                continue;
            }
            long next = core.nanosUntilNextTimer(loop);
            if (next < 0) {
                return Coroutine.completed();
            }
            await(sleep(Math.max(next, 1) / 1e9));
        }
    }
}
