package jasyncio;

import jasyncio.internal.Failure;
import jasyncio.internal.Frame;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A coroutine scheduled on an event loop, like {@code asyncio.Task}: it runs concurrently with other tasks,
 * one step at a time, and is a {@link Future} of the coroutine's result.
 *
 * <p>The task owns a linked stack of frames (each awaiting frame points to its caller). It resumes only the
 * innermost one, and a frame that finishes hands its result to its caller in a loop, so a resume costs the
 * same at any await depth and deep chains never overflow the Java stack.
 *
 * @param <T> the type of the coroutine's result
 */
public class Task<T> extends Future<T> {
    /** Awaits of coroutines nest on the Java stack up to this depth; deeper ones are started by the trampoline. */
    static final int MAX_INLINE_DEPTH = 120;

    /**
     * What few tasks need: a name, a context, carried thread locals, cancellation requests and message, a
     * coroutine that is not a frame. Null for most tasks, which keeps a task at 48 bytes.
     */
    private Extras extras;

    /**
     * The frame the next step resumes; once the task is done, its root frame. The root frame is the coroutine
     * (unless {@link Extras#coro} says otherwise) and is found from here through the callers.
     */
    Frame<?> innermost;
    /**
     * What the task is suspended on: a {@link Future}, the {@link TimerHandle} of a sleep, {@link Sleep#YIELD},
     * or null while it is scheduled or running.
     */
    Object waitingOn;
    /** How many coroutine awaits are nested on the Java stack right now. */
    byte inlineDepth;
    /** A cancellation is to be thrown into the coroutine at its next step. */
    private boolean mustCancel;
    /** The loop's list of live tasks (strong references: a running task is never collected). */
    Task<?> previousLive;
    Task<?> nextLive;

    /** Kept apart so that the common task (unnamed, in the empty context) stays small. */
    private static final class Extras {
        String name;
        String cancelMessage;
        /** Cancellation requests not yet withdrawn with {@link #uncancel()} (asyncio 3.11's counter). */
        int cancelRequests;
        /** The coroutine, when it is not a frame (the task then runs a frame that awaits it). */
        Coroutine<?> coro;
        /** The task's {@link Context}, in its lazy form until first used ({@link Context#materialise}). */
        Object context;
        /** Values of {@link Context#carryThreadLocal carried} thread locals between steps. */
        Object[] carried;
        /** Where the task was created, kept in debug mode (a stack walk per task costs more than the task). */
        Throwable creation;
    }

    /**
     * A task running {@code coro} on {@code loop}, for a {@link TaskFactory} to return: {@code name} and
     * {@code context} may be null (a copy of the current context). With {@code eagerStart}, and {@code loop} running
     * in this thread, the coroutine runs now until it first suspends (asyncio's {@code eager_start}); else its
     * first step is scheduled.
     */
    public static <T> Task<T> start(EventLoop loop, Coroutine<T> coro, String name, Context context,
                                    boolean eagerStart) {
        loop.checkOpen();
        if (coro == null) {
            throw new NullPointerException("Task.start(null)");
        }
        return new Task<>(loop, coro, name, context, eagerStart && EventLoop.runningOrNull() == loop);
    }

    /** A task running {@code coro} in {@code context}, or when null in a copy of the current one. */
    Task(EventLoop loop, Coroutine<T> coro, String name, Context context, boolean eager) {
        super(loop);
        Object startsFrom = context != null ? context : Context.capture(loop);
        Object[] carried = Context.captureCarried();
        if (name != null || startsFrom != null || carried != null) {
            extras().name = name;
            extras().context = startsFrom;
            extras().carried = carried;
        }
        Frame<?> root;
        if (coro instanceof Frame<?> frame) {
            root = frame;
        } else {
            root = Awaits.wrap(coro);
            extras().coro = coro;
        }
        Awaits.claim(root, this);
        innermost = root;
        loop.addLive(this);
        if (eager) {
            step();
        } else {
            loop.schedule(this);
        }
    }

    private Extras extras() {
        if (extras == null) {
            extras = new Extras();
        }
        return extras;
    }

    /**
     * The name; unnamed tasks are numbered {@code Task-1}, {@code Task-2}... when their name is first needed (asked
     * from another thread while the loop runs, by a dump, an unnumbered one reads {@code Task@<identity hash>}).
     */
    public String getName() {
        Extras e = extras;
        if (e != null && e.name != null) {
            return e.name;
        }
        if (loop.ownedByAnotherThread()) {
            return "Task@" + Integer.toHexString(System.identityHashCode(this)); // numbering is the loop's to do
        }
        e = extras();
        e.name = "Task-" + loop.nextTaskNumber();
        return e.name;
    }

    public void setName(String name) {
        extras().name = name;
    }

    /** The coroutine this task runs. */
    @SuppressWarnings("unchecked")
    public Coroutine<T> getCoro() {
        if (extras != null && extras.coro != null) {
            return (Coroutine<T>) extras.coro;
        }
        return (Coroutine<T>) rootFrame();
    }

    private Frame<?> rootFrame() {
        Frame<?> f = innermost;
        while (f.caller() != null) {
            f = f.caller();
        }
        return f;
    }

    /**
     * Requests cancellation: a {@link CancellationException} is thrown at the task's current await point
     * (and the future it awaits is cancelled); a task cancelling itself sees it at its next await. The coroutine
     * may catch it and carry on; the task then finishes normally. A task that returns with the request still
     * pending ends cancelled. Returns false if the task is already done (its failure, if any, then counts as handled).
     */
    @Override
    public boolean cancel(String message) {
        loop.checkThread(this, "cancel");
        if (done()) {
            failureHandled();
            return false;
        }
        Extras e = extras();
        e.cancelRequests++;
        e.cancelMessage = message;
        mustCancel = true;
        if (waitingOn != null) {
            deliverCancellation();
        }
        return true;
    }

    /**
     * Hands the pending cancellation to what the task waits for, as asyncio's {@code Task.cancel} and
     * {@code __step} do: the awaited future is cancelled (which wakes the task), a sleep is cut short. A task
     * already woken (its future done, its timer fired, or a yield) sees the cancellation at its next step.
     */
    private void deliverCancellation() {
        if (waitingOn instanceof Future<?> future) {
            if (future.cancel(cancelMessage())) {
                mustCancel = false;
            }
        } else if (waitingOn instanceof TimerHandle timer && timer.inHeap()) {
            timer.cancel();
            // Scheduled now: a second cancel() in this iteration must not schedule it again.
            waitingOn = null;
            loop.schedule(this);
        }
    }

    /** Refused, as asyncio refuses it: a task's result is its coroutine's. */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support setResult: its result is what its coroutine"
                + " returns (" + this + ")");
    }

    /** Refused, as asyncio refuses it: a task fails when its coroutine throws. */
    @Override
    public void setException(Throwable error) {
        throw new UnsupportedOperationException("Task does not support setException: it fails when its coroutine"
                + " throws (" + this + "); cancel() it to stop it");
    }

    /** The task's own {@link Context} (the one given to {@code createTask}, if any), like asyncio's {@code get_context()}. */
    public Context getContext() {
        return context();
    }

    /** The task's own {@link Context}: what its {@link ContextVar}s read and set. */
    Context context() {
        Extras e = extras();
        if (!(e.context instanceof Context)) {
            e.context = Context.materialise(e.context);
        }
        return (Context) e.context;
    }

    /** The task's context as kept: its lazy form until someone needs the {@link Context} ({@link Context#materialise}). */
    Object lazyContext() {
        return extras == null ? null : extras.context;
    }

    private String cancelMessage() {
        return extras == null ? null : extras.cancelMessage;
    }

    /** How many cancellation requests are pending: {@link #cancel} adds one, {@link #uncancel} takes one back. */
    public int cancelling() {
        return extras == null ? 0 : extras.cancelRequests;
    }

    /**
     * Withdraws one cancellation request, for code that turned a cancellation it caused into something else
     * (a timeout scope raising {@link AsyncTimeoutException}); returns the requests left.
     */
    public int uncancel() {
        if (extras == null || extras.cancelRequests == 0) {
            mustCancel = false;
            return 0;
        }
        if (--extras.cancelRequests == 0) {
            mustCancel = false;
        }
        return extras.cancelRequests;
    }

    /**
     * The task suspends in frame {@code at} until {@code awaited} wakes it. A frame the loop resumed suspends again
     * as the innermost one already, and a reference store costs the collector's barriers: only a change is written.
     */
    void waitOn(Frame<?> at, Object awaited) {
        if (innermost != at) {
            innermost = at;
        }
        waitingOn = awaited;
    }

    /**
     * One step: resume the innermost frame and run until the task suspends on something pending or finishes. A
     * yield, never a Future, is told by a comparison with a constant before the type test, which reads the class's
     * supertypes (half a nanosecond of a ping-pong step, in fifteen forks taking turns).
     */
    void step() {
        if (done()) {
            return;
        }
        Frame<?> f = innermost;
        Object awaited = waitingOn;
        waitingOn = null;
        if (mustCancel) {
            mustCancel = false;
            if (awaited instanceof Future<?> future) {
                future.failureHandled(); // as asyncio, which reads what a task awaited as it wakes
            }
            f.deliver(Failure.tracedAtThrow(new CancellationException(cancelMessage())));
        } else if (awaited != Sleep.YIELD && awaited instanceof Future<?> future) {
            f.deliver(future.outcome());
        }
        Task<?> outer = loop.enter(this);
        Object[] threadValues = extras == null ? null : Context.swapCarried(extras.carried);
        try {
            run(f);
        } finally {
            if (threadValues != null) {
                extras.carried = Context.swapCarried(threadValues);
            }
            loop.leave(outer);
        }
    }

    private void run(Frame<?> f) {
        Throwable traced = null;
        for (;;) {
            Object result;
            try {
                result = f.resume();
            } catch (Throwable error) {
                if (error != traced) { // the same one going on up the awaiting frames was traced as it first left
                    traced = error;
                    AwaitTrace.extend(error, f, this);
                }
                Frame<?> caller = f.caller();
                f.finish();
                if (caller == null) {
                    finishWithException(f, error);
                    return;
                }
                caller.deliver(new Failure(error));
                innermost = f = caller;
                continue;
            }
            if (result == Frame.SUSPENDED) {
                if (waitingOn != null) {
                    if (mustCancel) {
                        deliverCancellation(); // requested while the step ran: cut this wait short
                    }
                    return;
                }
                f = innermost;
                continue;
            }
            Frame<?> caller = f.caller();
            f.finish();
            if (caller == null) {
                finishWithResult(f, result);
                return;
            }
            caller.deliver(result);
            innermost = f = caller;
        }
    }

    /** The coroutine returned: the task has its result, or is cancelled if a request came after its last await. */
    @SuppressWarnings("unchecked")
    private void finishWithResult(Frame<?> root, Object result) {
        loop.removeLive(this);
        innermost = root;
        if (mustCancel) {
            mustCancel = false;
            super.cancel(cancelMessage());
        } else {
            super.setResult((T) result);
        }
        FlightRecording.taskDone(this);
    }

    /** The coroutine threw: a cancellation cancels the task (awaiters get that same exception), anything else fails it. */
    private void finishWithException(Frame<?> root, Throwable error) {
        loop.removeLive(this);
        innermost = root;
        if (error instanceof CancellationException) {
            markCancelled(error);
        } else {
            super.setException(error);
        }
        FlightRecording.taskDone(this);
    }

    /**
     * The task's suspended frames, innermost first, each at the file and line of the await it is suspended at,
     * like asyncio's {@code get_stack()}; empty once the task is done. Read on the loop's thread (or while the loop
     * does not run): from another, take a {@link TaskDump}.
     */
    public List<StackTraceElement> getStack() {
        return stack(Integer.MAX_VALUE);
    }

    /** The suspended frames, innermost first, at most {@code limit} of them (a dump may race the loop: bounded). */
    List<StackTraceElement> stack(int limit) {
        List<StackTraceElement> frames = new ArrayList<>();
        if (done()) {
            return frames;
        }
        for (Frame<?> f = innermost; f != null && frames.size() < limit; f = f.caller()) {
            if (f.info() != Awaits.AWAIT_ONE) {
                frames.add(f.suspendedAt());
            }
        }
        return frames;
    }

    /**
     * Prints the task, what it waits for and its {@link #getStack() stack} to standard error, like asyncio's
     * {@code print_stack()}.
     */
    public void printStack() {
        printStack(System.err);
    }

    /** Prints the task, what it waits for and its {@link #getStack() stack} to {@code out}. */
    public void printStack(PrintStream out) {
        StringBuilder text = new StringBuilder();
        TaskDump.describe(this, getStack(), text);
        out.print(text);
    }

    /**
     * What the task is suspended on, in a line: another task or a future, a timer and when it is due, the lock,
     * queue or socket it waits for (and a lock's owner); or that it is ready to run, running, or done.
     */
    public String waitsFor() {
        Object awaited = waitingOn;
        if (awaited instanceof DescribesWait wait) {
            return wait.describeWait();
        }
        return done() ? "nothing: the task is done" : "nothing: the task is ready to run, or running";
    }

    /** Debug mode: keeps where the task is being created, for the stack traces of its exceptions. */
    void recordCreation() {
        extras().creation = new Throwable("task created here");
    }

    /** Where the task was created (debug mode only), or null. */
    StackTraceElement[] creationSite() {
        return extras == null || extras.creation == null ? null : extras.creation.getStackTrace();
    }

    /**
     * {@code <Task pending name='spinner' coro=<Spinner.spin() running at Spinner.java:21>>}, as asyncio prints it;
     * a task suspended in a coroutine its own awaits adds where: {@code ... suspended at Spinner.tick(Spinner.java:30)>}.
     */
    @Override
    public String toString() {
        return "<Task " + stateName() + " name='" + getName() + "' coro=<" + describeCoro() + ">"
                + describeOutcome() + describeSuspension() + ">";
    }

    private String describeSuspension() {
        Frame<?> f = innermost;
        return done() || f == null || f.caller() == null ? "" : " suspended at " + f.suspendedAt();
    }

    private String describeCoro() {
        return extras != null && extras.coro != null ? String.valueOf(extras.coro) : rootFrame().toString();
    }
}
