package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.newEventLoop;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debug mode reports what silently hurts a loop: a blocking step, a forgotten await, a failure nobody sees. */
@Timeout(30)
class DebugModeTest {
    static final CountDownLatch REPORTED = new CountDownLatch(1);

    /** Blocks the loop's thread until the watchdog has reported it: the report must come while it blocks. */
    @Async
    static Coroutine<Boolean> blockUntilReported() {
        await(sleep(0));
        try {
            return Coroutine.completed(REPORTED.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            return Coroutine.completed(false);
        }
    }

    @Test
    void aStepHoldingTheLoopIsReportedWhileItBlocksWithTheLoopThreadStack() {
        EventLoop loop = newEventLoop();
        ConcurrentLinkedQueue<Map<String, Object>> reports = new ConcurrentLinkedQueue<>();
        loop.setExceptionHandler((l, context) -> {
            reports.add(context);
            REPORTED.countDown();
        });
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0.05);
        try {
            Task<Boolean> task = loop.createTask(blockUntilReported(), "blocker");
            assertTrue(loop.runUntilComplete(task), "the watchdog reported while the step was blocking");
        } finally {
            loop.close();
        }
        Map<String, Object> report = reports.peek();
        String message = (String) report.get("message");
        assertTrue(message.contains("name='blocker'"), message);
        assertTrue(message.contains("blocking the event loop"), message);
        Throwable stack = (Throwable) report.get("exception");
        assertTrue(Arrays.stream(stack.getStackTrace()).anyMatch(e -> e.getMethodName().equals("blockUntilReported")),
                Arrays.toString(stack.getStackTrace()));
    }

    @Async
    static Coroutine<Integer> forgotten() {
        return Coroutine.completed(1);
    }

    @Async
    static Coroutine<Void> forgetsToAwait() {
        forgotten();
        await(sleep(0));
        return Coroutine.completed();
    }

    @Test
    void aCoroutineNeverAwaitedIsReportedWithWhereItWasCreated() throws InterruptedException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EventLoop loop = newEventLoop();
            loop.setDebug(true);
            try {
                loop.runUntilComplete(forgetsToAwait());
            } finally {
                loop.close();
            }
            for (int i = 0; i < 100 && !captured.toString(StandardCharsets.UTF_8).contains("never awaited"); i++) {
                System.gc();
                Thread.sleep(50);
            }
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("coroutine DebugModeTest.forgotten() was never awaited; it was created at:"), text);
        assertTrue(text.contains("at jasyncio.tests.debug.DebugModeTest.forgetsToAwait(DebugModeTest.java:"), text);
    }

    @Async
    static Coroutine<Void> fails() {
        await(sleep(0));
        throw new IllegalArgumentException("nobody looks");
    }

    @Async
    static Coroutine<Boolean> startsAFailingTaskAndLooksAway(ConcurrentLinkedQueue<Map<String, Object>> reports) {
        jasyncio.Asyncio.createTask(fails(), "orphan");
        for (int i = 0; i < 5 && reports.isEmpty(); i++) {
            await(sleep(0));
        }
        return Coroutine.completed(!reports.isEmpty());
    }

    @Test
    void aFailureNobodyWaitsForIsReportedWhenItHappens() {
        EventLoop loop = newEventLoop();
        ConcurrentLinkedQueue<Map<String, Object>> reports = new ConcurrentLinkedQueue<>();
        loop.setExceptionHandler((l, context) -> reports.add(context));
        loop.setDebug(true);
        try {
            assertTrue(loop.runUntilComplete(startsAFailingTaskAndLooksAway(reports)), "reported before the loop closed");
        } finally {
            loop.close();
        }
        assertEquals(1, reports.size(), reports.toString());
        Map<String, Object> report = reports.peek();
        assertEquals("Task exception nobody is waiting for", report.get("message"));
        assertEquals("nobody looks", ((Throwable) report.get("exception")).getMessage());
        assertTrue(report.get("future").toString().contains("name='orphan'"));
    }
}
