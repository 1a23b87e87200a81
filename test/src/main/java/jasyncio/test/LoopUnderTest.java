package jasyncio.test;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.internal.CoreAccess;
import jasyncio.internal.CoroutineTracking;
import jasyncio.internal.LoopClock;
import jasyncio.internal.Throwables;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.gather;

/**
 * The event loop of one test, from its first {@code @BeforeEach} to its last {@code @AfterEach}: made with the
 * test's {@link Settings} (virtual clock, shuffling, debug mode for the slow-step watchdog), it runs each coroutine
 * the test hands it as a task under a {@link Deadline}, then at the end fails the test for what it left behind.
 */
final class LoopUnderTest {
    private final Settings settings;
    /** What the test is, for messages: {@code ChatTest.echoes()}. */
    private final String what;
    private final EventLoop loop;
    private final Hygiene hygiene = new Hygiene();
    /** How many lines of a never-awaited coroutine's creation stack a failure shows. */
    private static final int CREATION_FRAMES = 12;
    /** The shuffling seed, if shuffled. */
    private final Optional<Long> seed;
    /**
     * The threads the loop ran in (the test's; one per method under JUnit's separate-thread timeouts), and where
     * coroutine tracking stood when the test began.
     */
    private final Set<Thread> threads = new LinkedHashSet<>();
    private final long trackingMark = CoroutineTracking.mark();

    LoopUnderTest(Settings settings, String what) {
        this.settings = settings;
        this.what = what;
        this.seed = settings.shuffleSeed();
        LoopClock clock = settings.realTime() ? LoopClock.SYSTEM : new VirtualClock();
        loop = CoreAccess.hooks().newEventLoop(clock, seed.map(Random::new).orElse(null));
        loop.setExceptionHandler(hygiene);
        if (settings.slowStep() > 0) {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(settings.slowStep());
        }
    }

    /** Runs {@code coroutine} as a task on the test's loop until it is done, within the test's timeout. */
    <T> T run(Coroutine<T> coroutine) {
        threads.add(Thread.currentThread());
        Task<T> task = loop.createTask(coroutine);
        Deadline deadline = Deadline.start(loop, task, settings.timeout());
        try {
            return loop.runUntilComplete(task);
        } catch (Throwable failure) {
            // Whatever a timed-out test ends with (its cancellation, or what an interrupt made a blocked step throw).
            Throwable reported = deadline != null && deadline.expired() ? deadline.failure(what, failure) : failure;
            noteSeed(reported);
            throw Throwables.sneakyThrow(reported);
        } finally {
            if (deadline != null) {
                deadline.stop();
            }
        }
    }

    /**
     * The test is over: fails it for the tasks it left pending (cancelled and drained all the same), for what the
     * loop reported and for the coroutines never awaited, unless {@link Settings} allow it; the loop is closed
     * whatever happens.
     */
    void finish() {
        List<String> problems = new ArrayList<>();
        try {
            Set<Task<?>> pending = CoreAccess.hooks().liveTasks(loop);
            if (!pending.isEmpty()) {
                if (!settings.allowPendingTasks()) {
                    problems.add(pendingProblem(pending));
                }
                run(cancelAll(pending));
            }
        } finally {
            loop.shutdownDefaultExecutor();
            loop.close();
        }
        problems.addAll(hygiene.problems(settings));
        if (!settings.allowNeverAwaited()) {
            for (Thread thread : threads) {
                for (String coroutine : CoroutineTracking.neverAwaited(thread, trackingMark)) {
                    problems.add(firstLines(coroutine, CREATION_FRAMES)
                            + "\n  (await it, or relax: @TestLoop(allowNeverAwaited = true))");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(what + " failed its hygiene checks:\n- " + String.join("\n- ", problems));
        }
    }

    /** The first lines of a long report: where a coroutine was created is near the top of its stack. */
    private static String firstLines(String text, int lines) {
        return text.lines().limit(lines).collect(Collectors.joining("\n"));
    }

    private static String pendingProblem(Set<Task<?>> pending) {
        StringBuilder text = new StringBuilder().append(pending.size())
                .append(pending.size() == 1 ? " task" : " tasks").append(" still pending at the end:");
        for (Task<?> task : pending) {
            text.append("\n").append(PendingTask.describe(task));
            StackTraceElement[] creation = CoroutineTracking.creationOf(task.getCoro());
            if (creation != null && creation.length > 1) {
                // creation[0] is the coroutine's own method; its caller made it.
                text.append("\n      created by ").append(creation[1]);
            }
        }
        return text.append("\n  (await or cancel them before the test ends, or relax:"
                + " @TestLoop(allowPendingTasks = true))").toString();
    }

    @Async
    private static Coroutine<Void> cancelAll(Set<Task<?>> tasks) {
        tasks.forEach(Task::cancel);
        await(gather(tasks, true));
        return Coroutine.completed();
    }

    /** Says how to replay a shuffled run that failed: on {@code failure} and on standard error. */
    private void noteSeed(Throwable failure) {
        seed.ifPresent(s -> {
            String note = what + " ran with its ready tasks shuffled by seed " + s + ": replay it with"
                    + " @TestLoop(shuffle = true, seed = " + s + "L) or -D" + Settings.SEED_PROPERTY + "=" + s;
            System.err.println("jasyncio-test: " + note);
            failure.addSuppressed(new ShuffleSeed(note));
        });
    }

    /** Carries the seed of a failed shuffled run into the test's report. */
    private static final class ShuffleSeed extends Exception {
        private static final long serialVersionUID = 1L;

        ShuffleSeed(String message) {
            super(message, null, false, false);
        }
    }

    EventLoop loop() {
        return loop;
    }
}
