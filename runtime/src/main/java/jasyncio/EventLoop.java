package jasyncio;

import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import jasyncio.internal.CoroutineTracking;
import jasyncio.internal.LoopClock;
import jasyncio.internal.NeverAwaitedReports;
import jasyncio.internal.SlowIterationEvent;

/**
 * A single-threaded event loop, like asyncio's: a FIFO ready queue of callbacks and task steps, a timer
 * heap, a selector to sleep on (and to be woken from other threads) kept with the channels' callbacks in its
 * {@link IoHandler}, and a default executor for blocking work. One loop runs at a time in a thread; everything but {@link #callSoonThreadsafe} must be
 * called from that thread.
 *
 * <p>The whole scheduler is {@link #runOnce()}: wait for I/O or the first timer (or not at all when callbacks
 * are ready), take callbacks posted from other threads, move due timers to the ready queue, run the I/O
 * callbacks, and run what is ready now. A callback that throws is reported to the exception handler; the loop
 * carries on. An {@link Error} (out of memory, stack overflow) thrown by a callback ends the loop instead: it
 * reaches the caller of {@link #runForever}, rather than leave waiting forever whatever that callback was to
 * complete. A selector that fails is replaced ({@link IoHandler}). In debug mode a {@link Watchdog} reports a step
 * that holds the loop too long.
 *
 * <p>Interrupting the loop's thread asks the loop to end: {@link #runUntilComplete} cancels what it awaits (the
 * main task of {@link Asyncio#run}), which ends once it has unwound, and {@link #runForever} stops. The loop takes
 * the interrupt flag when it sees it, so that it does not spin on it meanwhile, and sets it again when it returns.
 */
public final class EventLoop {
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    private static final AtomicInteger EXECUTOR_THREADS = new AtomicInteger();

    /** {@link Handle}s and {@link Task}s, run in order. */
    private ArrayDeque<Object> ready = new ArrayDeque<>();
    /** The longest the ready queue has been since it was last replaced (an ArrayDeque never shrinks). */
    private int readyPeak;
    /** Above this many entries, a ready queue that has all but drained is replaced by a small one. */
    private static final int READY_SHRINK_ABOVE = 4096;
    private final TimerQueue timers = new TimerQueue();
    private final AsyncGenerators asyncGenerators = new AsyncGenerators(this);
    /** The selector and the channels' callbacks (package-private: tests inject a failing selector). */
    final IoHandler io = new IoHandler(this);
    /** Debug mode's report of a step that holds the loop too long. */
    private final Watchdog watchdog = new Watchdog(this);
    private final ConcurrentLinkedQueue<Handle> inbox = new ConcurrentLinkedQueue<>();
    /** Where the loop's thread sleeps now, so that {@link #callSoonThreadsafe} wakes it the cheap way. */
    private volatile int sleeping = AWAKE;
    private static final int AWAKE = 0;
    private static final int PARKED = 1;
    private static final int SELECTING = 2;
    private volatile Thread thread;
    private boolean stopping;
    /** What an interrupt of the loop's thread cancels: the future {@link #runUntilComplete} awaits, if any. */
    private Future<?> cancelOnInterrupt;
    /** The loop took its thread's interrupt flag: set again when {@link #runForever} returns. */
    private boolean interrupted;
    private volatile boolean closed;
    private volatile boolean debug;
    /** This loop counts among the debug loops that turn {@link CoroutineTracking} on (guarded by this loop). */
    private boolean tracksCoroutines;
    private Task<?> current;
    /**
     * The context of the callback running now, in its lazy form ({@link Context#materialise}), or
     * {@link #NO_CALLBACK} between callbacks.
     */
    private Object callbackContext = NO_CALLBACK;
    private static final Object NO_CALLBACK = new Object();
    private Task<?> liveHead;
    private int liveCount;
    /** Numbers the default task names, {@code Task-1}, {@code Task-2}... (per loop, like its tasks). */
    private int taskNumbers;
    private final List<Future<?>> failures = new ArrayList<>();
    private ExecutorService defaultExecutor;
    private BiConsumer<EventLoop, Map<String, Object>> exceptionHandler;
    private TaskFactory taskFactory;
    /** The Unix signals this loop handles ({@link #addSignalHandler}); made on first use. */
    private SignalHandlers signals;
    /** {@link LoopClock#SYSTEM}, or a test's virtual clock. */
    private final LoopClock clock;
    /** Null, or a test's order-dependence finder: each iteration's ready callbacks and steps run shuffled by it. */
    private final Random shuffle;
    /** Executor work and stages of other threads awaited now: a virtual clock must not jump past them. */
    private int realWork;
    /** Ends one piece of {@link #realWork}: one listener for all, so that holding the clock allocates nothing more. */
    private final Consumer<Future<?>> realWorkDone = f -> realWork--;

    EventLoop() {
        this(LoopClock.SYSTEM, null);
    }

    /** A loop on {@code clock} (a test's), running each iteration's ready items shuffled by {@code shuffle} if not null. */
    EventLoop(LoopClock clock, Random shuffle) {
        this.clock = clock;
        this.shuffle = shuffle;
        setDebug(Boolean.getBoolean("jasyncio.debug"));
        TaskDump.LIVE_LOOPS.add(this);
    }

    /** The loop running in this thread; throws {@link IllegalStateException} naming {@code what} if none. */
    static EventLoop running(String what) {
        EventLoop loop = RUNNING.get();
        if (loop == null) {
            throw new IllegalStateException(what + " needs a running event loop: call it from a coroutine"
                    + " started with Asyncio.run(...) or EventLoop.runUntilComplete(...)");
        }
        return loop;
    }

    static EventLoop runningOrNull() {
        return RUNNING.get();
    }

    // ---- scheduling callbacks ----

    /**
     * Runs {@code callback} on the next iteration, after the callbacks already ready (FIFO), in a copy of the
     * current {@link Context}.
     */
    public Handle callSoon(Runnable callback) {
        return callSoon(callback, null);
    }

    /** {@link #callSoon(Runnable)} in {@code context} (asyncio's {@code context=}); null: a copy of the current one. */
    public Handle callSoon(Runnable callback, Context context) {
        return callSoonIn(callback, context != null ? context : Context.capture(this));
    }

    /** Schedules {@code callback} to run in {@code context}, in its lazy form ({@link Context#materialise}). */
    Handle callSoonIn(Runnable callback, Object context) {
        checkOpen();
        Handle handle = new Handle(InContext.wrap(callback, context));
        ready.add(handle);
        return handle;
    }

    /**
     * Runs {@code callback} after {@code delay} seconds, in a copy of the current {@link Context}; equal deadlines
     * run in the order they were set. A delay of zero or less runs it as soon as possible, an infinite one never
     * (until cancelled); NaN is refused.
     */
    public TimerHandle callLater(double delay, Runnable callback) {
        return callLater(delay, callback, null);
    }

    /** {@link #callLater(double, Runnable)} in {@code context}; null: a copy of the current one. */
    public TimerHandle callLater(double delay, Runnable callback, Context context) {
        checkOpen();
        return timers.add(inContext(callback, context), Delays.after(clock.nanos(), Delays.require(delay, "callLater")));
    }

    /**
     * Runs {@code callback} at {@code when}, in seconds of {@link #time()} (infinity: never; NaN is refused), in a
     * copy of the current {@link Context}.
     */
    public TimerHandle callAt(double when, Runnable callback) {
        return callAt(when, callback, null);
    }

    /** {@link #callAt(double, Runnable)} in {@code context}; null: a copy of the current one. */
    public TimerHandle callAt(double when, Runnable callback, Context context) {
        checkOpen();
        return timers.add(inContext(callback, context), Delays.at(Delays.require(when, "callAt")));
    }

    private Object inContext(Runnable callback, Context context) {
        return InContext.wrap(callback, context != null ? context : Context.capture(this));
    }

    /**
     * The one method any thread may call: schedules {@code callback} and wakes the loop if it sleeps. The callback
     * runs in a copy of the calling thread's current {@link Context}.
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        return callSoonThreadsafe(callback, null);
    }

    /** {@link #callSoonThreadsafe(Runnable)} in {@code context}; null: a copy of the caller's current one. */
    public Handle callSoonThreadsafe(Runnable callback, Context context) {
        checkOpen();
        // The caller's context, in the caller's thread: its own loop's task or callback, if one runs there.
        Handle handle = new Handle(InContext.wrap(callback, context != null ? context : Context.capture(runningOrNull())));
        inbox.add(handle);
        // The loop publishes where it sleeps before its last look at the inbox; this reads it after adding.
        int where = sleeping;
        if (where == PARKED) {
            LockSupport.unpark(thread);
        } else if (where == SELECTING) {
            io.wakeup();
        }
        return handle;
    }

    /**
     * Runs {@code callback} on this loop's thread whenever the process receives the signal {@code name}
     * ({@code "SIGTERM"} or {@code "TERM"}), like asyncio's {@code add_signal_handler}; it replaces the JVM's
     * handler (for SIGINT, SIGTERM and SIGHUP, the JVM's shutdown) and an earlier callback of this loop for it.
     * The JVM's handler comes back with {@link #removeSignalHandler} or when the loop closes. A signal the JVM
     * keeps for itself (SIGKILL, SIGSTOP, SIGQUIT...) or does not know throws {@link IllegalArgumentException}
     * saying why; one another open loop handles, or one the process was started with ignored (by {@code nohup}
     * or a shell's background job: the JVM then never delivers it), {@link IllegalStateException}. Call it from
     * the loop's thread.
     */
    public void addSignalHandler(String name, Runnable callback) {
        signals("addSignalHandler").add(name, callback);
    }

    /** Gives the signal {@code name} back to the handler it had before this loop's; false if this loop had none. */
    public boolean removeSignalHandler(String name) {
        return signals("removeSignalHandler").remove(name);
    }

    private SignalHandlers signals(String method) {
        checkOpen();
        Thread owner = thread;
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException(method + "() called from thread '" + Thread.currentThread().getName()
                    + "' while the loop runs in thread '" + owner.getName() + "': call it on the loop, through"
                    + " callSoonThreadsafe");
        }
        if (signals == null) {
            signals = new SignalHandlers(this);
        }
        return signals;
    }

    /** The loop's clock: monotonic seconds (virtual ones in a jasyncio-test test). */
    public double time() {
        return clock.nanos() / 1e9;
    }

    // ---- futures and tasks ----

    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /**
     * Wraps {@code coro} in a task and schedules its first step (it does not run inline); the task runs in a copy
     * of the current {@link Context}. A {@link #setTaskFactory task factory} set makes the task instead.
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null, null);
    }

    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /**
     * {@link #createTask(Coroutine, String)} running in {@code context} itself, as asyncio's {@code context=}: the
     * task reads and sets that context's values; null: a copy of the current one. {@code name} may be null.
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        checkOpen();
        if (coro == null) {
            throw new NullPointerException("createTask(null)");
        }
        TaskFactory factory = taskFactory;
        Task<T> task;
        if (factory == null) {
            task = new Task<>(this, coro, name, context, false);
        } else {
            @SuppressWarnings("unchecked")
            Task<T> made = (Task<T>) factory.create(this, coro, name, context);
            if (made == null) {
                throw new NullPointerException("the task factory " + factory + " returned null for " + coro);
            }
            task = made;
        }
        FlightRecording.taskCreated(task);
        return task;
    }

    /** Makes {@link #createTask} use {@code factory} (asyncio's {@code set_task_factory}); null: the default. */
    public void setTaskFactory(TaskFactory factory) {
        taskFactory = factory;
    }

    /** The factory {@link #setTaskFactory} set, or null for the default. */
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    /** A future of {@code awaitable}: a future as it is, a coroutine wrapped in a new task. */
    @SuppressWarnings("unchecked")
    <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof Future<T> future) {
            if (future.loop != this) {
                throw new IllegalStateException(future + " belongs to another event loop");
            }
            return future;
        }
        if (awaitable instanceof Coroutine<T> coroutine) {
            return createTask(coroutine);
        }
        throw new IllegalArgumentException("not awaitable: " + awaitable);
    }

    /** Puts {@code task} in the timer heap: it is scheduled when the timer is due. */
    TimerHandle wakeLater(double seconds, Task<?> task) {
        return timers.add(task, Delays.after(clock.nanos(), seconds));
    }

    /**
     * Runs {@code work} on {@code executor} (the loop's default one, bounded and of daemon threads, when
     * null) and completes the returned future on the loop. Cancelling the future keeps work that has not
     * started from running; work already running is not interrupted.
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> work) {
        checkOpen();
        Future<T> future = createFuture();
        Runnable job = () -> {
            try {
                T value = work.call();
                callSoonThreadsafe(() -> {
                    if (!future.done()) {
                        future.setResult(value);
                    }
                });
            } catch (Throwable error) {
                callSoonThreadsafe(() -> {
                    if (!future.done()) {
                        future.setException(error);
                    }
                });
            }
        };
        holdClockUntil(future);
        Executor target = executor != null ? executor : defaultExecutor();
        if (target instanceof ExecutorService service) {
            // The JDK's Future (the name jasyncio.Future takes in this package).
            java.util.concurrent.Future<?> submitted = service.submit(job);
            // A listener, not a done-callback: a callback would run an iteration later, by when the executor may
            // have started the work (the cancel() and the freeing of a worker thread can come in one step).
            future.addListener(f -> {
                if (f.cancelled()) {
                    submitted.cancel(false);
                }
            });
        } else {
            target.execute(job);
        }
        return future;
    }

    private ExecutorService defaultExecutor() {
        if (defaultExecutor == null) {
            int threads = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "jasyncio-executor-" + EXECUTOR_THREADS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            executor.allowCoreThreadTimeOut(true);
            defaultExecutor = executor;
        }
        return defaultExecutor;
    }

    /**
     * Closes every async generator started on this loop that has not finished, as asyncio's
     * {@code loop.shutdown_asyncgens()}: each one's {@code aclose()} at once (its {@code finally} blocks run), a
     * clean-up that fails reported to the exception handler. {@link Runner} and {@link Asyncio#run} call it after
     * cancelling the tasks left, so a generator whose consumer stopped without closing it is still cleaned up.
     */
    public Coroutine<Void> shutdownAsyncgens() {
        return asyncGenerators.closeAll();
    }

    /** A generator's body started on this loop ({@link #shutdownAsyncgens()} closes it if it never finishes). */
    void asyncGeneratorStarted(jasyncio.iter.AsyncIterator<?> generator) {
        asyncGenerators.started(generator);
    }

    /** Stops the default executor from taking new work; work already submitted still completes. */
    public void shutdownDefaultExecutor() {
        if (defaultExecutor != null) {
            defaultExecutor.shutdown();
        }
    }

    /** {@code future} stands for real work (another thread's): a virtual clock does not jump past it until it is done. */
    void holdClockUntil(Future<?> future) {
        realWork++;
        future.addDoneCallback(realWorkDone);
    }

    /** Something outside the loop's own queues may still wake it: channels, executor work, stages of other threads. */
    boolean hasRealWork() {
        return realWork > 0 || io.hasChannels();
    }

    // ---- running ----

    /** Runs the loop until {@code awaitable} is done and returns its result (or throws its exception). */
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        checkOpen();
        Future<T> future = ensureFuture(awaitable);
        Consumer<Future<T>> stopWhenDone = f -> stop();
        future.addDoneCallback(stopWhenDone);
        cancelOnInterrupt = future;
        try {
            runForever();
        } finally {
            cancelOnInterrupt = null;
            future.removeDoneCallback(stopWhenDone);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before " + future + " completed");
        }
        return future.result();
    }

    /** Runs until {@link #stop()} is called, or its thread is interrupted (then with the interrupt flag set again). */
    public void runForever() {
        checkOpen();
        if (thread != null) {
            throw new IllegalStateException("this event loop is already running");
        }
        if (RUNNING.get() != null) {
            throw new IllegalStateException("cannot run an event loop while another loop is running in this thread");
        }
        thread = Thread.currentThread();
        RUNNING.set(this);
        if (debug) {
            watchdog.watch(thread);
        }
        trackCoroutines(debug);
        try {
            do {
                runOnce();
            } while (!stopping);
        } finally {
            trackCoroutines(false);
            watchdog.unwatch();
            stopping = false;
            thread = null;
            RUNNING.remove();
            if (interrupted) {
                interrupted = false;
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One iteration: wait for I/O or the next timer, then run everything that is ready now.
     *
     * <p>Unlike asyncio, which queues the I/O callbacks behind the ready callbacks and lets the tasks they wake
     * run one iteration later, the I/O callbacks run first: the task that waited for a socket runs in the same
     * iteration as the poll that found the socket ready, and one poll (an {@code epoll_wait}) serves each round
     * of I/O instead of two — the second, zero-timeout one, made only because woken tasks were waiting to run.
     */
    void runOnce() {
        // Kept under HotSpot's inlining limit for hot methods (325 bytes), so that runForever's loop compiles with
        // it inlined: the rarely taken parts (a wait, a recording, a shuffle, a burst's memory) are calls.
        if (!ready.isEmpty() || stopping) {
            poll(0);
        } else {
            waitForEvents();
        }
        if (Thread.interrupted()) {
            takeInterrupt();
        }
        SlowIterationEvent iteration = FlightRecording.iterationStarted();
        int ioSteps = iteration == null ? 0 : io.readyCallbacks().size(); // counted only for a recording
        for (Handle h; (h = inbox.poll()) != null; ) {
            ready.add(h);
        }
        if (timers.size() > 0) {
            timers.moveDue(clock.nanos(), this::timerDue);
        }
        // The watchdog's bookkeeping (volatile writes, a clock read) only in debug mode: it would double a step's cost.
        boolean watched = debug;
        if (!io.readyCallbacks().isEmpty()) {
            runIoCallbacks(watched);
        }
        int n = ready.size();
        if (n > readyPeak) {
            readyPeak = n;
        }
        if (shuffle != null && n > 1) {
            shuffleReady();
        }
        for (int left = n; left > 0; left--) {
            run(ready.poll(), watched);
        }
        if (iteration != null) {
            FlightRecording.iterationEnded(iteration, ioSteps + n);
        }
        if (readyPeak > READY_SHRINK_ABOVE) {
            shrinkAfterBurst();
        }
    }

    /** Nothing is ready: waits for I/O, a callback from another thread or the next timer (on the loop's clock). */
    private void waitForEvents() {
        long timeout = timers.nanosUntilNext(clock.nanos());
        if (timeout == 0) {
            poll(0);
        } else {
            poll(clock.idle(timeout, hasRealWork()));
            clock.woke();
        }
    }

    /** After a burst (a million tasks created at once) gives the memory back, as asyncio's deque does. */
    private void shrinkAfterBurst() {
        if (ready.size() * 64 < readyPeak) {
            ready = new ArrayDeque<>(ready);
            readyPeak = ready.size();
        }
    }

    /** The order-dependence finder: what is ready in this iteration runs in an order drawn from the seeded {@link #shuffle}. */
    private void shuffleReady() {
        List<Object> items = new ArrayList<>(ready);
        Collections.shuffle(items, shuffle);
        ready.clear();
        ready.addAll(items);
    }

    /**
     * Waits up to {@code timeoutNanos} (forever when -1, not at all when 0) for I/O, a timer or a callback
     * from another thread: in the selector when channels are registered, else parked, which wakes faster.
     */
    private void poll(long timeoutNanos) {
        boolean selecting = io.hasChannels();
        if (timeoutNanos == 0) {
            if (selecting) {
                io.selectNow();
            }
            return;
        }
        // Announced (a volatile write) only when the loop may block: a busy loop does not pay for the fence.
        sleeping = selecting ? SELECTING : PARKED;
        try {
            if (!inbox.isEmpty()) {
                if (selecting) {
                    io.selectNow();
                }
            } else if (selecting) {
                io.select(timeoutNanos);
            } else if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            sleeping = AWAKE;
        }
    }

    /**
     * The loop's thread was interrupted (a wait returns at once then, and would spin): the awaited future is
     * cancelled, or without one the loop stops.
     */
    private void takeInterrupt() {
        interrupted = true;
        Future<?> awaited = cancelOnInterrupt;
        if (awaited != null && !awaited.done()) {
            awaited.cancel("the event loop's thread '" + thread.getName() + "' was interrupted");
        } else {
            stop();
        }
    }

    private void runIoCallbacks(boolean watched) {
        ArrayList<Handle> ioReady = io.readyCallbacks();
        try {
            for (int i = 0; i < ioReady.size(); i++) { // a callback cannot add to ioReady: only a poll does
                run(ioReady.get(i), watched);
            }
        } finally {
            ioReady.clear();
        }
    }

    // ---- I/O readiness (asyncio's add_reader / add_writer), kept by the IoHandler ----

    /**
     * Calls {@code callback} on the loop whenever {@code channel} (non-blocking) can be read, or accept a
     * connection; replaces an earlier reader of the channel.
     */
    public Handle addReader(SelectableChannel channel, Runnable callback) {
        checkOpen();
        Handle handle = new Handle(inContext(callback, null));
        io.addReader(channel, handle);
        return handle;
    }

    /** Stops watching {@code channel} for reading; false if no reader was registered. */
    public boolean removeReader(SelectableChannel channel) {
        return io.removeReader(channel);
    }

    /**
     * Calls {@code callback} on the loop whenever {@code channel} can be written (or, while a socket is
     * connecting, when the connection completes); replaces an earlier writer.
     */
    public Handle addWriter(SelectableChannel channel, Runnable callback) {
        checkOpen();
        Handle handle = new Handle(inContext(callback, null));
        io.addWriter(channel, handle);
        return handle;
    }

    /** Stops watching {@code channel} for writing; false if no writer was registered. */
    public boolean removeWriter(SelectableChannel channel) {
        return io.removeWriter(channel);
    }

    /** A due timer runs its callback, or wakes the sleeping task it holds. */
    private void timerDue(TimerHandle timer) {
        Object callback = timer.callback();
        ready.add(callback instanceof Task ? callback : timer);
    }

    private void run(Object item, boolean watched) {
        if (watched) {
            runWatched(item);
        } else {
            runReady(item);
        }
    }

    /** A step the watchdog can see: what runs and since when. */
    private void runWatched(Object item) {
        watchdog.stepStarted(item);
        try {
            runReady(item);
        } finally {
            watchdog.stepEnded();
        }
    }

    private void runReady(Object item) {
        if (item instanceof Task<?> task) {
            try {
                task.step();
            } catch (Throwable error) {
                reportFailedStep(item, error);
            }
        } else {
            runCallback((Handle) item);
        }
    }

    /**
     * Runs {@code handle}'s callback in its context: what it sets there stays there, never in the loop thread's.
     * A failure is reported in that context too, as asyncio does (its handler sees what the callback set).
     */
    private void runCallback(Handle handle) {
        callbackContext = handle.context();
        try {
            handle.run();
        } catch (Throwable error) {
            reportFailedStep(handle, error);
        } finally {
            callbackContext = NO_CALLBACK;
        }
    }

    /** An {@link Error} ends the loop; any other failure of a step goes to the exception handler. */
    private void reportFailedStep(Object item, Throwable error) {
        if (error instanceof Error fatal) {
            throw fatal;
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "Exception in callback " + item);
        context.put("exception", error);
        context.put("handle", item);
        callExceptionHandler(context);
    }

    boolean inCallback() {
        return callbackContext != NO_CALLBACK;
    }

    /** The running callback's context in its lazy form ({@link Context#materialise}); only {@link #inCallback()}. */
    Object lazyCallbackContext() {
        return callbackContext;
    }

    /** The running callback's {@link Context} (made when first asked for), or null between callbacks. */
    Context callbackContext() {
        Object context = callbackContext;
        if (context == NO_CALLBACK) {
            return null;
        }
        if (!(context instanceof Context)) {
            callbackContext = context = Context.materialise(context);
        }
        return (Context) context;
    }

    /** Asks the loop to stop after the current iteration. */
    public void stop() {
        stopping = true;
    }

    public boolean isRunning() {
        return thread != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: drops pending callbacks, reports failures nobody retrieved, stops the default
     * executor and releases the selector. The loop must not be running.
     */
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        reportUnretrievedFailures();
        if (signals != null) {
            signals.removeAll(); // before closed is set: a signal arriving meanwhile must find its old handler
        }
        closed = true;
        TaskDump.LIVE_LOOPS.remove(this);
        NeverAwaitedReports.loopClosed(this);
        ready.clear();
        inbox.clear();
        shutdownDefaultExecutor();
        io.close();
    }

    /**
     * Throws unless the caller is this loop's thread (or the loop is not running): a future of a running loop
     * completed from another thread would leave the loop asleep, unaware, and its state half-updated.
     */
    void checkThread(Future<?> future, String method) {
        Thread owner = thread;
        if (owner != null && owner != Thread.currentThread()) {
            throw wrongThread(future, method, owner);
        }
    }

    /** True while the loop runs, in the caller's thread. */
    boolean runsInThisThread() {
        return thread == Thread.currentThread();
    }

    /** True while the loop runs in another thread than the caller's, whose state is then not the caller's to change. */
    boolean ownedByAnotherThread() {
        Thread owner = thread;
        return owner != null && owner != Thread.currentThread();
    }

    private static IllegalStateException wrongThread(Future<?> future, String method, Thread owner) {
        // Not toString(): the future's state belongs to the loop's thread, which may be changing it now.
        String name = future.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(future));
        return new IllegalStateException(name + "." + method + "() called from thread '"
                + Thread.currentThread().getName() + "', but the future belongs to the event loop running in thread '"
                + owner.getName() + "' and is not thread-safe: from another thread, use loop.callSoonThreadsafe(() -> "
                + "future." + method + "(...)), or run the work on the loop with Asyncio.runCoroutineThreadsafe(coro, loop)");
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the event loop is closed");
        }
    }

    /**
     * Debug mode (also {@code -Djasyncio.debug=true}): a step that holds the loop longer than
     * {@link #setSlowCallbackDuration} is reported while it blocks, with the loop thread's stack; a coroutine
     * created and never awaited is reported with where it was created, when it is collected; a failed future or
     * task that nobody waits for is reported when it fails, not when the loop closes. All three go to the
     * exception handler. Takes effect at once, also when called from inside the running loop.
     */
    public void setDebug(boolean enabled) {
        debug = enabled;
        Thread running = thread;
        if (running != null) {
            if (enabled) {
                watchdog.watch(running);
            }
            trackCoroutines(enabled);
        }
    }

    /** Counts this loop among the debug loops while it runs in debug mode, however often debug is switched. */
    private synchronized void trackCoroutines(boolean on) {
        if (on != tracksCoroutines) {
            tracksCoroutines = on;
            if (on) {
                CoroutineTracking.debugLoopStarted();
            } else {
                CoroutineTracking.debugLoopStopped();
            }
        }
    }

    public boolean getDebug() {
        return debug;
    }

    /** The debug-mode threshold for a slow step, in seconds (0.1 by default), like asyncio's slow_callback_duration. */
    public void setSlowCallbackDuration(double seconds) {
        watchdog.setThreshold(seconds);
    }

    public double getSlowCallbackDuration() {
        return watchdog.threshold();
    }

    // ---- errors ----

    /**
     * Sets what the loop does with errors nobody else can handle (a callback that throws, a failure nobody
     * retrieved); null restores the default, which prints the message and stack trace to standard error.
     */
    public void setExceptionHandler(BiConsumer<EventLoop, Map<String, Object>> handler) {
        exceptionHandler = handler;
    }

    /** Reports {@code context} (keys: {@code message}, {@code exception}, {@code future}, {@code handle}...). */
    public void callExceptionHandler(Map<String, Object> context) {
        BiConsumer<EventLoop, Map<String, Object>> handler = exceptionHandler;
        if (handler != null) {
            try {
                handler.accept(this, context);
                return;
            } catch (Throwable error) {
                System.err.println("jasyncio: the exception handler failed: " + error);
            }
        }
        defaultExceptionHandler(context);
    }

    /** The handler {@link #setExceptionHandler} set, or null when the default is in use. */
    public BiConsumer<EventLoop, Map<String, Object>> getExceptionHandler() {
        return exceptionHandler;
    }

    /**
     * What the loop does with {@code context} when no handler is set, like asyncio's {@code default_exception_handler}
     * (a custom handler may call it too): prints the message, the other keys and the exception's stack trace to
     * standard error.
     */
    public void defaultExceptionHandler(Map<String, Object> context) {
        StringBuilder text = new StringBuilder("jasyncio: ").append(context.get("message"));
        context.forEach((key, value) -> {
            if (!key.equals("message") && !key.equals("exception")) {
                text.append("\n  ").append(key).append(": ").append(value);
            }
        });
        System.err.println(text);
        Object error = context.get("exception");
        if (error instanceof Throwable throwable) {
            throwable.printStackTrace();
        }
    }

    /** Remembers a failed future until its failure is retrieved or the loop closes. */
    void watchUnretrieved(Future<?> future) {
        failures.add(future);
        if (failures.size() >= 1024 && Integer.bitCount(failures.size()) == 1) {
            failures.removeIf(f -> !f.failureUnretrieved());
        }
    }

    void reportUnretrievedFailures() {
        List<Future<?>> watched = new ArrayList<>(failures);
        failures.clear();
        for (Future<?> future : watched) {
            if (future.failureUnretrieved()) {
                reportFailure(future, "exception was never retrieved");
            }
        }
    }

    /** Reports a failed future or task whose exception no one has seen. */
    void reportFailure(Future<?> future, String why) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", (future instanceof Task ? "Task " : "Future ") + why);
        context.put("exception", future.exceptionPeek());
        context.put("future", future);
        callExceptionHandler(context);
    }

    // ---- tasks ----

    /** Runs the task's next step on the next iteration (it was created, or what it waited for is done). */
    void schedule(Task<?> task) {
        ready.add(task);
    }


    Task<?> enter(Task<?> task) {
        Task<?> outer = current;
        current = task;
        return outer;
    }

    void leave(Task<?> outer) {
        current = outer;
    }

    /** The task whose step is running, or null between steps. */
    Task<?> currentTask() {
        return current;
    }

    int nextTaskNumber() {
        return ++taskNumbers;
    }

    void addLive(Task<?> task) {
        task.nextLive = liveHead;
        if (liveHead != null) {
            liveHead.previousLive = task;
        }
        liveHead = task;
        liveCount++;
    }

    void removeLive(Task<?> task) {
        if (task.previousLive != null) {
            task.previousLive.nextLive = task.nextLive;
        } else if (liveHead == task) {
            liveHead = task.nextLive;
        } else {
            return;
        }
        if (task.nextLive != null) {
            task.nextLive.previousLive = task.previousLive;
        }
        task.previousLive = null;
        task.nextLive = null;
        liveCount--;
    }

    /** The first of the live tasks ({@link Task#nextLive} links the rest), for a {@link TaskDump}. */
    Task<?> firstLiveTask() {
        return liveHead;
    }

    int liveTaskCount() {
        return liveCount;
    }

    /** The thread running the loop, or null. */
    Thread runningThread() {
        return thread;
    }

    /** How many callbacks and task steps wait in the ready queue (for jasyncio-test's runCurrent). */
    int readyCount() {
        return ready.size();
    }

    /** Nanoseconds until the next live timer is due (0 if due), or -1 without one (for jasyncio-test). */
    long nanosUntilNextTimer() {
        return timers.nanosUntilNext(clock.nanos());
    }

    /** The tasks of this loop that are not done yet. */
    Set<Task<?>> liveTasks() {
        Set<Task<?>> tasks = new LinkedHashSet<>(liveCount * 2);
        for (Task<?> t = liveHead; t != null; t = t.nextLive) {
            tasks.add(t);
        }
        return Collections.unmodifiableSet(tasks);
    }

    @Override
    public String toString() {
        return "<EventLoop " + (closed ? "closed" : isRunning() ? "running" : "idle") + " ready=" + ready.size()
                + " timers=" + timers.size() + " tasks=" + liveCount + " debug=" + debug + ">";
    }
}
