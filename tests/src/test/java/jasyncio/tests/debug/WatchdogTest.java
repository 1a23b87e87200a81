package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The debug watchdog watches a loop from the moment debug mode is on, also when it is switched on while the
 * loop runs (a loop started in debug mode: {@link DebugModeTest}).
 */
@Timeout(30)
class WatchdogTest {
    private final EventLoop loop = newEventLoop();
    private final ConcurrentLinkedQueue<Map<String, Object>> reports = new ConcurrentLinkedQueue<>();
    private final CountDownLatch reported = new CountDownLatch(1);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void collectReports() {
        loop.setExceptionHandler((l, context) -> {
            reports.add(context);
            reported.countDown();
        });
    }

    /** Blocks the loop's thread (bounded) until the watchdog has reported: true if it did. */
    @Async
    Coroutine<Boolean> blocksUntilReported() {
        try {
            return Coroutine.completed(reported.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            return Coroutine.completed(false);
        }
    }

    @Async
    Coroutine<Boolean> turnsDebugOnThenBlocks() {
        EventLoop running = getRunningLoop();
        running.setSlowCallbackDuration(0.05);
        running.setDebug(true);
        await(sleep(0));
        return blocksUntilReported();
    }

    @Test
    void debugSwitchedOnWhileTheLoopRunsStartsTheWatch() {
        collectReports();
        assertTrue(loop.runUntilComplete(turnsDebugOnThenBlocks()), "no report while the step blocked");
        String message = (String) reports.peek().get("message");
        assertTrue(message.contains("blocking the event loop"), message);
    }
}
