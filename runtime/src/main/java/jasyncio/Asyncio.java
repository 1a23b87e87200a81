package jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jasyncio.internal.Throwables;

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
     * Interrupting the thread cancels {@code main}; once it has unwound, this throws its
     * {@link CancellationException} (or returns, if {@code main} chose to carry on), with the interrupt flag set.
     * {@link Runner} runs several coroutines on one loop.
     */
    public static <T> T run(Coroutine<T> main) {
        // A runner's close, as the resources of try are, adds what the drain throws to main's failure, if any.
        try (Runner runner = new Runner()) {
            return runner.run(main);
        }
    }

    /** Runs a new event loop until {@code stage} completes and returns its value, as {@code run} does a coroutine. */
    public static <T> T run(CompletionStage<T> stage) {
        return run(awaiting(stage));
    }

    @Async
    private static <T> Coroutine<T> awaiting(CompletionStage<T> stage) {
        return Coroutine.completed(await(stage));
    }

    /** Schedules {@code coro} as a task on the running loop; it starts on a later iteration, not inline. */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return EventLoop.running("createTask").createTask(coro);
    }

    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return EventLoop.running("createTask").createTask(coro, name);
    }

    /**
     * Like {@link #createTask(Coroutine, String)} (name may be null), the task running in {@code context} itself
     * (asyncio's {@code context=}): it reads and sets that context's values.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        return EventLoop.running("createTask").createTask(coro, name, context);
    }

    /**
     * Suspends for {@code seconds}, like asyncio's {@code sleep}; {@code sleep(0)} (or less) yields to the loop
     * exactly once. The timer starts when the coroutine is awaited. {@code sleep(0)} returns a shared
     * coroutine that may be awaited any number of times. An infinite sleep lasts until the task is cancelled;
     * {@code sleep(NaN)} throws {@link IllegalArgumentException}.
     */
    public static Coroutine<Void> sleep(double seconds) {
        return seconds <= 0 ? Sleep.YIELD : new Sleep(Delays.require(seconds, "sleep"));
    }

    /** {@link #sleep(double)}, then returns {@code result}, like asyncio's {@code sleep(delay, result)}. */
    @Async
    public static <T> Coroutine<T> sleep(double seconds, T result) {
        await(sleep(seconds));
        return Coroutine.completed(result);
    }

    public static Coroutine<Void> sleep(Duration duration) {
        return sleep(duration.getSeconds() + duration.getNano() / 1e9); // toNanos() overflows past 292 years
    }

    /**
     * A future of all the results, in the order given. Coroutines are wrapped in tasks and run concurrently.
     * The first failure fails the future at once (the others keep running); cancelling the future cancels
     * all of them.
     */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... awaitables) {
        return gather(Arrays.asList(awaitables));
    }

    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        EventLoop loop = EventLoop.running("gather");
        return new Gathering<>(loop, futuresOf(loop, awaitables), false);
    }

    /** {@link #gather(Awaitable[])} of {@code CompletionStage}s, each taken through {@link #wrapFuture}. */
    @SafeVarargs
    public static <T> Future<List<T>> gather(CompletionStage<? extends T> first, CompletionStage<? extends T>... rest) {
        List<Future<? extends T>> futures = new ArrayList<>(rest.length + 1);
        futures.add(wrapFuture(first));
        for (CompletionStage<? extends T> stage : rest) {
            futures.add(wrapFuture(stage));
        }
        return gather(futures);
    }

    /**
     * A future on the running loop that takes {@code stage}'s outcome (it may complete on any thread), like asyncio's
     * {@code wrap_future}; cancelling it cancels a {@code CompletableFuture}. What {@code await} does to a stage,
     * for the combinators that take collections of awaitables: {@code stages.stream().map(Asyncio::wrapFuture)}.
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        return Awaits.bridge(EventLoop.running("wrapFuture"), Objects.requireNonNull(stage, "wrapFuture(null)"));
    }

    /**
     * The result of the first of {@code awaitables} to succeed (Kotlin's {@code select}, Loom's
     * {@code anySuccessfulResultOrThrow}). Coroutines are wrapped in tasks and start at once. Once one succeeds,
     * the others are cancelled and awaited before this returns; when every one fails, a {@link TaskGroupException}
     * carries all their failures in the order they happened. Cancelling the caller cancels them all.
     */
    @SafeVarargs
    public static <T> Coroutine<T> race(Awaitable<? extends T>... awaitables) {
        return race(Arrays.asList(awaitables));
    }

    public static <T> Coroutine<T> race(Collection<? extends Awaitable<? extends T>> awaitables) {
        EventLoop loop = EventLoop.running("race");
        if (awaitables.isEmpty()) {
            throw new IllegalArgumentException("race needs at least one awaitable");
        }
        return Racing.race(loop, new ArrayList<>(new LinkedHashSet<>(futuresOf(loop, awaitables))));
    }

    /**
     * A future for each awaitable, in order; a coroutine given twice is wrapped in one task, as asyncio's
     * {@code gather} and {@code wait} do (a coroutine runs once).
     */
    private static <T> List<Future<? extends T>> futuresOf(EventLoop loop, Collection<? extends Awaitable<? extends T>> awaitables) {
        List<Future<? extends T>> futures = new ArrayList<>(awaitables.size());
        Map<Awaitable<? extends T>, Future<? extends T>> wrapped = new IdentityHashMap<>();
        for (Awaitable<? extends T> a : awaitables) {
            futures.add(a instanceof Future ? loop.ensureFuture(a) : wrapped.computeIfAbsent(a, loop::ensureFuture));
        }
        return futures;
    }

    /**
     * Awaits {@code awaitable} for at most {@code timeout} seconds, like asyncio 3.12's {@code wait_for}. On timeout
     * the work is cancelled, and once it has finished cancelling an {@link AsyncTimeoutException} is thrown (unless
     * the work chose to ignore the cancellation and return a value, which is then returned). With a timeout of zero
     * or less, work not yet done is cancelled at once (a coroutine never starts); an infinite timeout waits as long
     * as it takes; NaN throws {@link IllegalArgumentException}. Cancelling the caller cancels the work too, and the
     * caller sees its cancellation once the work has unwound. A coroutine runs in the caller's task, as in asyncio
     * 3.12 (a lock or condition it uses is the caller's), except with a timeout of zero or less.
     */
    @Async
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeout) {
        EventLoop loop = EventLoop.running("waitFor");
        Delays.require(timeout, "waitFor");
        Awaitable<T> work = awaitable instanceof Coroutine && timeout > 0 ? awaitable : loop.ensureFuture(awaitable);
        if (work instanceof Future && ((Future<T>) work).done()) {
            return Coroutine.completed(((Future<T>) work).result());
        }
        Timeout scope = new Timeout(loop.currentTask(), loop, loop.time() + timeout, "waitFor", timeout);
        if (timeout <= 0) {
            scope.expireNow();
        }
        T result;
        try {
            result = await(work);
        } catch (Throwable e) {
            throw Throwables.sneakyThrow(scope.exit(e));
        }
        scope.exit(null);
        return Coroutine.completed(result);
    }

    /**
     * {@link #waitFor(Awaitable, double)} of a {@code CompletionStage}; on timeout a {@code CompletableFuture} is
     * cancelled.
     */
    public static <T> Coroutine<T> waitFor(CompletionStage<T> stage, double timeout) {
        return waitFor(wrapFuture(stage), timeout);
    }

    /**
     * Like {@link #gather(Collection)}, and with {@code returnExceptions} a failure does not fail the future:
     * the exception (or the {@link CancellationException} of a cancelled child) takes its place in the list.
     */
    public static Future<List<Object>> gather(Collection<? extends Awaitable<?>> awaitables, boolean returnExceptions) {
        EventLoop loop = EventLoop.running("gather");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Future<List<Object>> gathering = new Gathering(loop, futuresOf(loop, awaitables), returnExceptions);
        return gathering;
    }

    /**
     * Like {@link #gather(Collection)}, but the first failure also cancels the children still running (the
     * structured choice of Kotlin's {@code awaitAll}); the future fails with that first exception.
     */
    public static <T> Future<List<T>> gatherOrCancel(Collection<? extends Awaitable<? extends T>> awaitables) {
        EventLoop loop = EventLoop.running("gatherOrCancel");
        List<Future<? extends T>> children = futuresOf(loop, awaitables);
        Future<List<T>> gathering = new Gathering<>(loop, children, false);
        gathering.addDoneCallback(g -> {
            if (!g.cancelled() && g.exception() != null) {
                children.forEach(Future::cancel);
            }
        });
        return gathering;
    }

    /**
     * Waits until {@code returnWhen} holds for {@code awaitables}, at most {@code timeout} seconds (infinite
     * for no limit), and returns the done and pending futures, like asyncio's {@code wait}. Coroutines are
     * wrapped in tasks; nothing is cancelled on return or timeout. (Named so because a method called
     * {@code wait} would clash with {@code Object.wait} under a static import.)
     */
    @Async
    public static <T> Coroutine<WaitResult<T>> waitUntil(Collection<? extends Awaitable<? extends T>> awaitables,
                                                          ReturnWhen returnWhen, double timeout) {
        EventLoop loop = EventLoop.running("waitUntil");
        Delays.require(timeout, "waitUntil");
        if (awaitables.isEmpty()) {
            throw new IllegalArgumentException("waitUntil needs at least one awaitable");
        }
        @SuppressWarnings("unchecked")
        List<Future<T>> futures = (List<Future<T>>) (List<?>) futuresOf(loop, awaitables);
        if (!satisfied(futures, returnWhen)) {
            Future<Void> wake = loop.createFuture();
            Consumer<Future<T>> onDone = f -> {
                if (!wake.done() && satisfied(futures, returnWhen)) {
                    wake.setResult(null);
                }
            };
            TimerHandle timer = Double.isFinite(timeout) ? loop.callLater(timeout, () -> {
                if (!wake.done()) {
                    wake.setResult(null);
                }
            }) : null;
            futures.forEach(f -> f.addDoneCallback(onDone));
            try {
                await(wake);
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
                futures.forEach(f -> f.removeDoneCallback(onDone));
            }
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : futures) {
            (f.done() ? done : pending).add(f);
        }
        return Coroutine.completed(new WaitResult<>(done, pending));
    }

    public static <T> Coroutine<WaitResult<T>> waitUntil(Collection<? extends Awaitable<? extends T>> awaitables,
                                                          ReturnWhen returnWhen) {
        return waitUntil(awaitables, returnWhen, Double.POSITIVE_INFINITY);
    }

    private static boolean satisfied(List<? extends Future<?>> futures, ReturnWhen returnWhen) {
        int done = 0;
        for (Future<?> f : futures) {
            if (f.done()) {
                done++;
                if (returnWhen == ReturnWhen.FIRST_COMPLETED
                        || returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exceptionPeek() != null) {
                    return true;
                }
            }
        }
        return done == futures.size();
    }

    /**
     * Runs {@code body} in the current task with a deadline {@code seconds} from now, like asyncio's
     * {@code timeout()}: when it passes, the body is cancelled at its await point and, once it has unwound,
     * an {@link AsyncTimeoutException} is thrown. The body gets the {@link Timeout} to read or move the deadline.
     */
    public static <T> Coroutine<T> withTimeout(double seconds, Function<Timeout, Coroutine<T>> body) {
        return withTimeoutAt(EventLoop.running("withTimeout").time() + Delays.require(seconds, "withTimeout"), body);
    }

    public static <T> Coroutine<T> withTimeout(double seconds, Supplier<Coroutine<T>> body) {
        return withTimeout(seconds, timeout -> body.get());
    }

    /** {@link #withTimeout} with an absolute deadline in the loop's time, like asyncio's {@code timeout_at()}. */
    @Async
    public static <T> Coroutine<T> withTimeoutAt(double when, Function<Timeout, Coroutine<T>> body) {
        EventLoop loop = EventLoop.running("withTimeoutAt");
        Task<?> task = loop.currentTask();
        if (task == null) {
            throw new IllegalStateException("a timeout scope must be awaited inside a task");
        }
        Timeout timeout = new Timeout(task, loop, Delays.require(when, "withTimeoutAt"), "withTimeout", Double.NaN);
        T result;
        try {
            result = await(body.apply(timeout));
        } catch (Throwable e) {
            throw Throwables.sneakyThrow(timeout.exit(e));
        }
        timeout.exit(null);
        return Coroutine.completed(result);
    }

    /**
     * Protects {@code awaitable} from cancellation, like asyncio's {@code shield}: cancelling the returned
     * future (or the task awaiting it) leaves the inner work running.
     */
    public static <T> Future<T> shield(Awaitable<T> awaitable) {
        EventLoop loop = EventLoop.running("shield");
        Future<T> inner = loop.ensureFuture(awaitable);
        if (inner.done()) {
            return inner;
        }
        // Says what it shields: a task waiting in a stream's drain() is shown waiting for the write, not a bare future.
        Future<T> outer = new WaiterFuture<>(loop, () -> "shield(" + inner.describeWait() + ")");
        Consumer<Future<T>> copy = i -> {
            if (outer.cancelled()) {
                if (!i.cancelled()) {
                    i.exception();
                }
            } else if (i.cancelled()) {
                outer.cancel();
            } else if (i.exception() != null) {
                outer.setException(i.exception());
            } else {
                outer.setResult(i.result());
            }
        };
        inner.addDoneCallback(copy);
        outer.addDoneCallback(o -> {
            if (!inner.done()) {
                inner.removeDoneCallback(copy);
            }
        });
        return outer;
    }

    /**
     * Runs blocking {@code work} on the loop's default executor, carrying the current {@link Context} (and
     * carried thread locals) into the worker thread, like asyncio's {@code to_thread}.
     */
    @Async
    public static <T> Coroutine<T> toThread(Callable<T> work) {
        EventLoop loop = EventLoop.running("toThread");
        return Coroutine.completed(await(loop.runInExecutor(null, Context.current().wrap(work))));
    }

    /**
     * Submits {@code coro} to {@code loop} from any other thread, like asyncio's
     * {@code run_coroutine_threadsafe}; cancelling the returned future cancels the task. When the loop cannot make
     * the task (its task factory throws), the future fails with that exception, which the loop reports too.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            if (result.isDone()) {
                return;
            }
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable e) {
                result.completeExceptionally(e); // the caller waits on it: it must see the failure, as the loop does
                throw e;
            }
            task.addDoneCallback(t -> {
                if (t.cancelled()) {
                    result.cancel(false);
                } else if (t.exception() != null) {
                    result.completeExceptionally(t.exception());
                } else {
                    result.complete(t.result());
                }
            });
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    loop.callSoonThreadsafe(task::cancel);
                }
            });
        });
        return result;
    }

    /**
     * Coroutines that return the results of {@code awaitables} in the order they complete: await the first
     * for the earliest result, and so on. Coroutines are wrapped in tasks and start at once.
     */
    public static <T> Iterable<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables) {
        return asCompleted(awaitables, Double.POSITIVE_INFINITY);
    }

    /**
     * {@link #asCompleted(Collection)} with a timeout in seconds (infinite for none), like asyncio's: once it
     * passes, the coroutines left give the results already in, then throw {@link AsyncTimeoutException}; the
     * work still running is not cancelled.
     */
    public static <T> Iterable<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
                                                         double timeout) {
        EventLoop loop = EventLoop.running("asCompleted");
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("asCompleted timeout is NaN: give a number of seconds, or infinity for none");
        }
        // Each future once, as asyncio's as_completed takes a set: a coroutine given twice gives one result.
        List<Future<? extends T>> distinct = new ArrayList<>(new LinkedHashSet<>(futuresOf(loop, awaitables)));
        return new CompletionOrder<T>(loop, distinct, timeout).coroutines();
    }

    /**
     * asyncio 3.13's {@code async for done in as_completed(aws)}: the futures of {@code awaitables} in the order
     * they complete, each already done; a future or task given is yielded itself, a coroutine as the task wrapping
     * it (started at once). {@code done.result()} gives its value or throws its failure.
     *
     * <pre>{@code
     * try (AsyncIterator<Future<Page>> done = asCompletedFutures(fetches).iterator()) {
     *     while (await(done.hasNext())) {
     *         Future<Page> first = done.next();
     *         show(first.result());
     *     }
     * }
     * }</pre>
     *
     * It is iterated once.
     */
    public static <T> jasyncio.iter.AsyncIterable<Future<T>> asCompletedFutures(Collection<? extends Awaitable<? extends T>> awaitables) {
        return asCompletedFutures(awaitables, Double.POSITIVE_INFINITY);
    }

    /**
     * {@link #asCompletedFutures(Collection)} with a timeout in seconds (infinite for none), as
     * {@link #asCompleted(Collection, double)} has: once it passes, the futures done by then still come out, then
     * {@code hasNext()} throws {@link AsyncTimeoutException}; the work still running is not cancelled.
     */
    public static <T> jasyncio.iter.AsyncIterable<Future<T>> asCompletedFutures(Collection<? extends Awaitable<? extends T>> awaitables,
                                                                                double timeout) {
        EventLoop loop = EventLoop.running("asCompletedFutures");
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("asCompletedFutures timeout is NaN: give a number of seconds, or infinity for none");
        }
        List<Future<? extends T>> distinct = new ArrayList<>(new LinkedHashSet<>(futuresOf(loop, awaitables)));
        return new CompletionOrder<T>(loop, distinct, timeout).futures();
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
