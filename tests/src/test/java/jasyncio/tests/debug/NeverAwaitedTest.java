package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.newEventLoop;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debug mode's safety net for a forgotten await: a coroutine collected without having been awaited is reported
 * through the exception handler of the loop it was created on, on that loop's thread.
 */
@Timeout(60)
class NeverAwaitedTest {
    /** One report the handler received, and the thread it ran on. */
    private record Report(Map<String, Object> context, Thread thread) {
    }

    @Async
    static Coroutine<Integer> dropped() {
        return Coroutine.completed(1);
    }

    /** Creates a coroutine and lets it go: a method of its own, so that no local of the caller keeps it. */
    static void forgets() {
        dropped();
    }

    /** Collects garbage between steps until the handler has a report (bounded: 300 rounds). */
    @Async
    static Coroutine<Boolean> forgetsThenCollects(boolean switchDebugOn, ConcurrentLinkedQueue<Report> reports) {
        if (switchDebugOn) {
            getRunningLoop().setDebug(true);
        }
        forgets();
        for (int i = 0; i < 300 && reports.isEmpty(); i++) {
            System.gc();
            await(sleep(0.01));
        }
        return Coroutine.completed(!reports.isEmpty());
    }

    private static Report runAndCollect(boolean debugFromStart, boolean switchDebugOn) {
        EventLoop loop = newEventLoop();
        ConcurrentLinkedQueue<Report> reports = new ConcurrentLinkedQueue<>();
        loop.setExceptionHandler((l, context) -> reports.add(new Report(context, Thread.currentThread())));
        loop.setDebug(debugFromStart);
        // System.gc() in a step takes over the debug threshold of 100 ms on a loaded machine: the watchdog's report of
        // a slow step would come through the same handler.
        loop.setSlowCallbackDuration(60);
        try {
            assertTrue(loop.runUntilComplete(forgetsThenCollects(switchDebugOn, reports)),
                    "no report through the handler while the loop ran");
        } finally {
            loop.close();
        }
        assertEquals(1, reports.size(), reports.toString());
        return reports.peek();
    }

    private static void assertNamesTheCoroutineAndWhereItWasCreated(Report report) {
        assertEquals("coroutine NeverAwaitedTest.dropped() was never awaited; it was created at:",
                report.context().get("message"));
        Throwable creation = (Throwable) report.context().get("exception");
        assertTrue(Arrays.stream(creation.getStackTrace()).anyMatch(e -> e.getMethodName().equals("forgets")),
                Arrays.toString(creation.getStackTrace()));
    }

    @Nested
    class ThroughTheHandler {
        @Test
        void aCoroutineNeverAwaitedGoesToItsLoopsExceptionHandlerOnTheLoopThread() {
            Report report = runAndCollect(true, false);
            assertNamesTheCoroutineAndWhereItWasCreated(report);
            assertSame(Thread.currentThread(), report.thread(), "the handler ran on the loop's thread");
        }
    }

    /** Lets go of a coroutine it created, keeping only a weak reference to see when it is collected. */
    @Async
    static Coroutine<WeakReference<Coroutine<Integer>>> createsAndLetsGo() {
        await(sleep(0));
        return Coroutine.completed(new WeakReference<>(dropped()));
    }

    @Nested
    class ReportedWhileTheLoopIsIdle {
        /** The report is posted to the idle loop, and close() drops what was posted: it must still reach the handler. */
        @Test
        void aReportPostedToAnIdleLoopReachesTheHandlerWhenTheLoopCloses() throws InterruptedException {
            EventLoop loop = newEventLoop();
            ConcurrentLinkedQueue<Report> reports = new ConcurrentLinkedQueue<>();
            loop.setExceptionHandler((l, context) -> reports.add(new Report(context, Thread.currentThread())));
            loop.setDebug(true);
            try {
                WeakReference<Coroutine<Integer>> created = loop.runUntilComplete(createsAndLetsGo());
                for (int i = 0; i < 300 && created.get() != null; i++) {
                    System.gc();
                    Thread.sleep(10);
                }
                assertNull(created.get(), "the coroutine was not collected");
                // The cleaner's thread reports once the collector has cleared the reference: let it run.
                Thread.sleep(1000);
            } finally {
                loop.close();
            }
            assertEquals(1, reports.size(), reports.toString());
            assertEquals("coroutine NeverAwaitedTest.dropped() was never awaited; it was created at:",
                    reports.peek().context().get("message"));
        }
    }

    @Nested
    class DebugSwitchedOnInsideTheLoop {
        @Test
        void setDebugCalledByARunningCoroutineTracksTheCoroutinesCreatedAfter() {
            assertNamesTheCoroutineAndWhereItWasCreated(runAndCollect(false, true));
        }
    }
}
