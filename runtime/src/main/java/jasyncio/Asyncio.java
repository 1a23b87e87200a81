package jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The asyncio module for Java: {@code import static jasyncio.Asyncio.*;}.
 *
 * <pre>{@code
 * @Async static Coroutine<String> fetch(String name) {
 *     await(sleep(0.1));
 *     return Coroutine.completed("hello " + name);
 * }
 * public static void main(String[] args) {
 *     System.out.println(run(fetch("world")));
 * }
 * }</pre>
 */
public final class Asyncio {
    private Asyncio() {
    }

    /**
     * Suspends the calling coroutine until {@code awaitable} is done and returns its value, or throws its
     * exception unchanged. A coroutine is driven inline (no trip through the loop); a done future returns at
     * once. Only valid in an {@link Async} method rewritten by the jasyncio agent: anywhere else this throws
     * an {@link IllegalStateException} saying what is wrong and how to fix it.
     */
    public static <T> T await(Awaitable<T> awaitable) {
        throw AwaitOutsideCoroutine.error();
    }

    /**
     * Suspends the calling coroutine until {@code stage} completes (on any thread) and returns its value, or
     * throws its exception without the {@code CompletionException} wrapper. Cancelling the awaiting task
     * cancels a {@code CompletableFuture}.
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw AwaitOutsideCoroutine.error();
    }

    /**
     * Runs {@code main} on a new event loop and returns its result, like {@code asyncio.run}: tasks still
     * pending at the end are cancelled and awaited, the default executor is shut down and the loop closed.
     */
    public static <T> T run(Coroutine<T> main) {
        if (EventLoop.runningOrNull() != null) {
            throw new IllegalStateException("run() cannot be called from a running event loop: await the coroutine instead");
        }
        EventLoop loop = new EventLoop();
        try {
            return loop.runUntilComplete(main);
        } finally {
            try {
                cancelAllTasks(loop);
            } finally {
                loop.shutdownDefaultExecutor();
                loop.close();
            }
        }
    }

    private static void cancelAllTasks(EventLoop loop) {
        Set<Task<?>> leftovers = loop.liveTasks();
        if (leftovers.isEmpty()) {
            return;
        }
        for (Task<?> task : leftovers) {
            task.cancel();
        }
        loop.runUntilComplete(new Gathering<Object>(loop, new ArrayList<>(leftovers), true));
        for (Task<?> task : leftovers) {
            if (!task.cancelled() && task.exception() != null) {
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("message", "unhandled exception during run() shutdown");
                context.put("exception", task.exception());
                context.put("task", task);
                loop.callExceptionHandler(context);
            }
        }
    }

    /** Schedules {@code coro} as a task on the running loop; it starts on a later iteration, not inline. */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return EventLoop.running("createTask").createTask(coro);
    }

    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return EventLoop.running("createTask").createTask(coro, name);
    }

    /** Suspends for {@code seconds}; {@code sleep(0)} yields to the loop exactly once. */
    @Async
    public static Coroutine<Void> sleep(double seconds) {
        EventLoop loop = EventLoop.running("sleep");
        await(seconds <= 0 ? Awaits.YIELD : loop.sleepFuture(seconds));
        return Coroutine.completed();
    }

    public static Coroutine<Void> sleep(Duration duration) {
        return sleep(duration.toNanos() / 1e9);
    }

    /**
     * A future of all the results, in the order given. Coroutines are wrapped in tasks and run concurrently.
     * The first failure fails the future at once (the others keep running); cancelling the future cancels
     * all of them.
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... awaitables) {
        return gather(Arrays.asList(awaitables));
    }

    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        EventLoop loop = EventLoop.running("gather");
        return new Gathering<>(loop, futuresOf(loop, awaitables), false);
    }

    private static <T> List<Future<? extends T>> futuresOf(EventLoop loop, Collection<? extends Awaitable<? extends T>> awaitables) {
        List<Future<? extends T>> futures = new ArrayList<>(awaitables.size());
        for (Awaitable<? extends T> a : awaitables) {
            futures.add(loop.ensureFuture(a));
        }
        return futures;
    }

    /**
     * Awaits {@code awaitable} for at most {@code timeout} seconds. On timeout the work is cancelled, and
     * once it has finished cancelling an {@link AsyncTimeoutException} is thrown (unless the work chose to
     * ignore the cancellation and return a value, which is then returned). Cancelling the caller cancels
     * the work too.
     */
    @Async
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeout) {
        EventLoop loop = EventLoop.running("waitFor");
        Future<T> work = loop.ensureFuture(awaitable);
        if (!work.done()) {
            Future<Void> wake = loop.createFuture();
            Runnable wakeUp = () -> {
                if (!wake.done()) {
                    wake.setResult(null);
                }
            };
            Consumer<Future<T>> onDone = f -> wakeUp.run();
            TimerHandle timer = loop.callLater(timeout, wakeUp);
            work.addDoneCallback(onDone);
            try {
                await(wake);
            } catch (CancellationException callerCancelled) {
                work.removeDoneCallback(onDone);
                work.cancel();
                throw callerCancelled;
            } finally {
                timer.cancel();
            }
            if (!work.done()) {
                work.removeDoneCallback(onDone);
                work.cancel();
                try {
                    return Coroutine.completed(await(work));
                } catch (CancellationException cancelled) {
                    if (!work.cancelled()) {
                        throw cancelled;
                    }
                    throw new AsyncTimeoutException("waitFor timed out after " + timeout + " s", cancelled);
                }
            }
        }
        return Coroutine.completed(work.result());
    }

    /**
     * Coroutines that return the results of {@code awaitables} in the order they complete: await the first
     * for the earliest result, and so on. Coroutines are wrapped in tasks and start at once.
     */
    public static <T> Iterable<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables) {
        EventLoop loop = EventLoop.running("asCompleted");
        return new CompletionOrder<T>(loop, futuresOf(loop, awaitables)).coroutines();
    }

    /** The loop running in this thread; throws {@link IllegalStateException} when there is none. */
    public static EventLoop getRunningLoop() {
        return EventLoop.running("getRunningLoop");
    }

    /** A new loop, not running; run it with {@link EventLoop#runUntilComplete} and close it when done. */
    public static EventLoop newEventLoop() {
        return new EventLoop();
    }

    /** The task running now, or null outside a task (in a plain callback, or with no loop running). */
    public static Task<?> currentTask() {
        EventLoop loop = EventLoop.runningOrNull();
        return loop == null ? null : loop.currentTask();
    }

    /** The running loop's tasks that are not done yet. */
    public static Set<Task<?>> allTasks() {
        return EventLoop.running("allTasks").liveTasks();
    }
}
