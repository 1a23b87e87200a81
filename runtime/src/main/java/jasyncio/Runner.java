package jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs several coroutines one after the other on one event loop, and closes it once, like asyncio 3.11's
 * {@code asyncio.Runner}; {@link Asyncio#run} is a runner used for one coroutine.
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *     runner.run(connect());        // the loop and the tasks it started carry over
 *     runner.run(serve());
 * }                                 // tasks left are cancelled, async generators closed, the executor shut down,
 *                                   // the loop closed
 * }</pre>
 *
 * <p>The loop is made by the first {@link #run} or {@link #getLoop()} (by the loop factory, if one was given).
 * Interrupting the thread in {@code run} cancels the coroutine it runs, as Ctrl-C (SIGINT) does in asyncio's runner:
 * once the coroutine has unwound, {@code run} throws its {@link java.util.concurrent.CancellationException} (or
 * returns, if it chose to carry on), with the interrupt flag set. Use it from one thread.
 */
public final class Runner implements AutoCloseable {
    /** Debug mode for the loop, or null to leave it as the loop has it ({@code -Djasyncio.debug}). */
    private final Boolean debug;
    private final Supplier<EventLoop> loopFactory;
    private EventLoop loop;
    /**
     * The context every {@link #run} runs its coroutine in, as asyncio's runner keeps one: what a run sets in a
     * {@link ContextVar} the next run reads. A copy of the caller's, taken when the loop is made.
     */
    private Context context;
    private boolean closed;

    /** A runner on a new loop, in debug mode if {@code -Djasyncio.debug=true}. */
    public Runner() {
        this(null, EventLoop::new);
    }

    /** A runner on a new loop, in debug mode or not ({@link EventLoop#setDebug}). */
    public Runner(boolean debug) {
        this(debug, EventLoop::new);
    }

    /**
     * A runner on the loop {@code loopFactory} makes (asyncio's {@code loop_factory}): a loop of the caller's, set
     * up beforehand (its exception handler, say). The runner closes it.
     */
    public Runner(Supplier<EventLoop> loopFactory) {
        this(null, loopFactory);
    }

    /** A runner on the loop {@code loopFactory} makes, in debug mode or not. */
    public Runner(boolean debug, Supplier<EventLoop> loopFactory) {
        this((Boolean) debug, loopFactory);
    }

    private Runner(Boolean debug, Supplier<EventLoop> loopFactory) {
        this.debug = debug;
        this.loopFactory = Objects.requireNonNull(loopFactory, "loopFactory");
    }

    /**
     * Runs {@code main} on the runner's loop until it completes and returns its result (or throws its exception).
     * Tasks it leaves pending stay on the loop: the next {@code run} runs them too, {@link #close()} cancels them.
     * Every run's coroutine runs in the runner's one {@link Context}: a {@link ContextVar} it sets is still set
     * in the next run (as in asyncio), where separate loops would each start from a copy of the caller's.
     */
    public <T> T run(Coroutine<T> main) {
        Objects.requireNonNull(main, "main");
        if (EventLoop.runningOrNull() != null) {
            throw new IllegalStateException("run() cannot be called from a running event loop: await the coroutine instead");
        }
        EventLoop running = getLoop();
        return running.runUntilComplete(running.createTask(main, null, context));
    }

    /** The runner's loop, made now if no {@link #run} made it yet. */
    public EventLoop getLoop() {
        if (closed) {
            throw new IllegalStateException("this Runner is closed (its loop with it): make a new Runner to run more");
        }
        if (loop == null) {
            EventLoop made = loopFactory.get();
            if (made == null || made.isClosed()) {
                throw new IllegalStateException("the Runner's loop factory returned " + (made == null ? "null" : "a closed loop")
                        + ": it must make a new, open event loop");
            }
            if (debug != null) {
                made.setDebug(debug);
            }
            context = Context.current().copy();
            loop = made;
        }
        return loop;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels the tasks left and waits for them to unwind, closes the async generators left open
     * ({@link EventLoop#shutdownAsyncgens()}), shuts the default executor down and closes the loop;
     * nothing happens the second time. An interrupt does not cut that drain short: the flag is taken meanwhile and
     * set again after. Must not be called while the loop runs (from one of its own coroutines).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (loop != null && loop.isRunning()) {
            throw new IllegalStateException("Runner.close() called while its loop runs: close it once run() has returned");
        }
        closed = true;
        if (loop != null) {
            shutDown(loop);
        }
    }

    /**
     * The end of a run: cancels and drains the tasks left, closes the async generators left, stops the executor,
     * closes the loop. An interrupt that
     * ended the run must not cut the drain short: the flag is taken meanwhile and set again after.
     */
    private static void shutDown(EventLoop loop) {
        boolean interrupted = Thread.interrupted();
        try {
            cancelAllTasks(loop);
            loop.runUntilComplete(loop.shutdownAsyncgens());
        } finally {
            loop.shutdownDefaultExecutor();
            loop.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
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

    @Override
    public String toString() {
        return "<Runner " + (closed ? "closed" : loop == null ? "not started" : "loop=" + loop) + ">";
    }
}
