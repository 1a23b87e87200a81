package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.newEventLoop;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop's JFR events, recorded in-process and read back from the recording file. */
@Timeout(60)
class FlightRecorderTest {
    @TempDir
    Path dir;

    /** Runs {@code body} with a loop while {@code events} are recorded, and returns those the recording holds. */
    private List<RecordedEvent> record(Consumer<Recording> enable, Consumer<EventLoop> body) throws Exception {
        Path file = dir.resolve("jasyncio.jfr");
        try (Recording recording = new Recording()) {
            enable.accept(recording);
            recording.start();
            EventLoop loop = newEventLoop();
            try {
                body.accept(loop);
            } finally {
                loop.close();
            }
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("jasyncio.")).toList();
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Async
    static Coroutine<Integer> returns() {
        await(sleep(0));
        return Coroutine.completed(7);
    }

    @Async
    static Coroutine<Integer> fails() {
        await(sleep(0));
        throw new IllegalStateException("broken");
    }

    @Async
    static Coroutine<Void> waitsLong() {
        await(sleep(60));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> threeTasks() {
        Task<Integer> ok = jasyncio.Asyncio.createTask(returns(), "ok");
        Task<Integer> failing = jasyncio.Asyncio.createTask(fails(), "failing");
        Task<Void> cancelled = jasyncio.Asyncio.createTask(waitsLong(), "cancelled");
        await(ok);
        await(sleep(0));
        cancelled.cancel();
        await(jasyncio.Asyncio.gather(List.of(failing, cancelled), true));
        return Coroutine.completed();
    }

    @Nested
    class Tasks {
        @Test
        void eachTaskIsRecordedWhenCreatedWithItsCoroutineAndWhenDoneWithItsOutcome() throws Exception {
            List<RecordedEvent> events = record(r -> {
                r.enable("jasyncio.TaskCreated");
                r.enable("jasyncio.TaskDone");
            }, loop -> loop.runUntilComplete(loop.createTask(threeTasks(), "main")));
            List<RecordedEvent> created = named(events, "jasyncio.TaskCreated");
            assertEquals(List.of("main", "ok", "failing", "cancelled"),
                    created.stream().map(e -> e.getString("task")).toList(), events.toString());
            RecordedEvent ok = created.get(1);
            assertTrue(ok.getString("coroutine").startsWith("FlightRecorderTest.returns()"), ok.toString());
            assertTrue(ok.getStackTrace().getFrames().stream()
                    .anyMatch(f -> f.getMethod().getName().equals("threeTasks")), "created in threeTasks: " + ok);
            List<RecordedEvent> done = named(events, "jasyncio.TaskDone");
            assertEquals(List.of("ok result", "failing failed: java.lang.IllegalStateException: broken",
                            "cancelled cancelled", "main result"),
                    done.stream().map(e -> e.getString("task") + " " + e.getString("outcome")).toList());
            assertEquals(ok.getInt("taskId"), done.get(0).getInt("taskId"), "creation and completion pair up");
        }
    }

    @Async
    static Coroutine<Boolean> blocksUntil(CountDownLatch reported) {
        await(sleep(0));
        try {
            return Coroutine.completed(reported.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            return Coroutine.completed(false);
        }
    }

    @Nested
    class SlowSteps {
        @Test
        void aStepTheWatchdogCatchesBlockingIsRecordedWithTheLoopThreadsStack() throws Exception {
            CountDownLatch reported = new CountDownLatch(1);
            List<RecordedEvent> events = record(r -> r.enable("jasyncio.SlowStep"), loop -> {
                loop.setExceptionHandler((l, context) -> reported.countDown());
                loop.setDebug(true);
                loop.setSlowCallbackDuration(0.05);
                assertTrue(loop.runUntilComplete(loop.createTask(blocksUntil(reported), "blocker")));
            });
            List<RecordedEvent> slow = named(events, "jasyncio.SlowStep");
            assertEquals(1, slow.size(), events.toString());
            RecordedEvent step = slow.get(0);
            assertTrue(step.getString("step").contains("name='blocker'"), step.toString());
            assertTrue(step.getDuration("blockingFor").compareTo(Duration.ofMillis(50)) >= 0, step.toString());
            assertEquals(Thread.currentThread().getName(), step.getThread("loopThread").getJavaName());
            assertTrue(step.getString("loopThreadStack").contains("FlightRecorderTest.blocksUntil"), step.toString());
        }
    }

    /** A step that holds the loop: a blocking call where an await belongs. */
    @Async
    static Coroutine<Void> holdsTheLoop(long millis) {
        await(sleep(0));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Coroutine.completed();
    }

    @Nested
    class SlowIterations {
        @Test
        void onlyAnIterationOverTheThresholdIsRecordedWithItsStepCount() throws Exception {
            List<RecordedEvent> events = record(r -> r.enable("jasyncio.SlowIteration").withThreshold(Duration.ofMillis(20)),
                    loop -> loop.runUntilComplete(holdsTheLoopOnce()));
            List<RecordedEvent> slow = named(events, "jasyncio.SlowIteration");
            // Under load another of the 42 iterations may pass 20 ms too: each recorded one must, the 100 ms one is.
            for (RecordedEvent e : slow) {
                assertTrue(e.getDuration().compareTo(Duration.ofMillis(20)) >= 0, e.toString());
            }
            assertTrue(slow.stream().anyMatch(e -> e.getDuration().compareTo(Duration.ofMillis(100)) >= 0
                    && e.getInt("steps") >= 1), events.toString());
        }
    }

    /** Many fast iterations around one that blocks for 100 ms. */
    @Async
    static Coroutine<Void> holdsTheLoopOnce() {
        for (int i = 0; i < 20; i++) {
            await(sleep(0));
        }
        await(holdsTheLoop(100));
        for (int i = 0; i < 20; i++) {
            await(sleep(0));
        }
        return Coroutine.completed();
    }
}
