package jasyncio;

import jasyncio.internal.Failure;
import jasyncio.internal.Throwables;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A result that will be set later, like {@code asyncio.Future}. Awaiting a pending future suspends the
 * awaiting task until {@link #setResult}, {@link #setException} or {@link #cancel} completes it; awaiting a
 * done one returns (or throws) at once.
 *
 * <p>Not thread-safe: use it from its loop's thread, and from other threads go through
 * {@link EventLoop#callSoonThreadsafe(Runnable)}. Done callbacks are scheduled on the loop with
 * {@link EventLoop#callSoon}, never run inline, each in the context it was registered with.
 *
 * @param <T> the type of the result
 */
public class Future<T> implements Awaitable<T>, DescribesWait {
    private static final byte PENDING = 0;
    private static final byte FINISHED = 1;
    private static final byte CANCELLED = 2;

    final EventLoop loop;
    private byte state;
    /**
     * FINISHED: the value or a {@link Failure}; CANCELLED: the cancel message (may be null), or the
     * {@link CancellationException} a task's coroutine ended with, which awaiters get as it is.
     */
    private Object outcome;
    /**
     * null, one callback (a waiting {@link Task}, a {@link DoneListener}, a {@link Consumer} or an
     * {@link InContext} of one), or a list of them.
     */
    private Object callbacks;
    private boolean retrieved;

    /** A future on the running loop; throws {@link IllegalStateException} when no loop runs in this thread. */
    public Future() {
        this(EventLoop.running("new Future()"));
    }

    Future(EventLoop loop) {
        this.loop = loop;
    }

    public EventLoop getLoop() {
        return loop;
    }

    public boolean done() {
        return state != PENDING;
    }

    public boolean cancelled() {
        return state == CANCELLED;
    }

    /**
     * The result; throws the exception the future failed with (unchanged, even a checked one), a
     * {@link CancellationException} if it was cancelled, or {@link IllegalStateException} while pending.
     */
    @SuppressWarnings("unchecked")
    public T result() {
        Object o = outcome();
        if (o instanceof Failure failure) {
            throw Throwables.sneakyThrow(failure.raise());
        }
        return (T) o;
    }

    /** The exception the future failed with, or null if it has a result; throws like {@link #result()} otherwise. */
    public Throwable exception() {
        if (state == CANCELLED) {
            throw Throwables.sneakyThrow(cancellationFailure().raise());
        }
        Object o = outcome();
        return o instanceof Failure ? ((Failure) o).error : null;
    }

    /** The exception of a finished future, without marking it retrieved; null otherwise. */
    Throwable exceptionPeek() {
        return state == FINISHED && outcome instanceof Failure ? ((Failure) outcome).error : null;
    }

    /** The outcome for an awaiter: the value, or a {@link Failure} to throw. */
    Object outcome() {
        switch (state) {
            case FINISHED:
                retrieved = true;
                return outcome;
            case CANCELLED:
                return cancellationFailure();
            default:
                throw new IllegalStateException("Result is not set: " + this);
        }
    }

    /**
     * The cancellation to throw at whoever reads this cancelled future: the one a task's coroutine ended with,
     * recording where it is thrown again, or a new one traced where it is thrown.
     */
    private Failure cancellationFailure() {
        return outcome instanceof CancellationException ? Failure.rethrown((CancellationException) outcome)
                : Failure.tracedAtThrow(new CancellationException((String) outcome));
    }

    CancellationException newCancellation() {
        return outcome instanceof CancellationException ? (CancellationException) outcome
                : new CancellationException((String) outcome);
    }

    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future and schedules its callbacks; false if it was already done (a failure it holds then counts
     * as handled, as in asyncio: it is not reported as never retrieved). From the loop's thread only.
     */
    public boolean cancel(String message) {
        loop.checkThread(this, "cancel");
        failureHandled();
        return markCancelled(message);
    }

    /** Whoever cancels a future that already failed is done with it: its failure is not reported. */
    void failureHandled() {
        retrieved = true;
    }

    /** Cancels with {@code reason}: a message, or the {@link CancellationException} to give awaiters. */
    boolean markCancelled(Object reason) {
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        outcome = reason;
        scheduleCallbacks();
        return true;
    }

    /**
     * Completes the future with {@code value}; from the loop's thread only (while the loop runs), else
     * {@link IllegalStateException}: from another thread, go through {@link EventLoop#callSoonThreadsafe}.
     */
    public void setResult(T value) {
        complete(value, "setResult");
    }

    /** Fails the future with {@code error}; from the loop's thread only, as {@link #setResult}. */
    public void setException(Throwable error) {
        if (error == null) {
            throw new NullPointerException("setException(null)");
        }
        complete(new Failure(error), "setException");
    }

    private void complete(Object o, String method) {
        loop.checkThread(this, method);
        if (state != PENDING) {
            throw new IllegalStateException("Future already done: " + this);
        }
        state = FINISHED;
        outcome = o;
        boolean observed = callbacks != null;
        scheduleCallbacks();
        if (o instanceof Failure && !retrieved) {
            if (!observed && loop.getDebug()) {
                loop.reportFailure(this, "exception nobody is waiting for");
            } else {
                loop.watchUnretrieved(this);
            }
        }
    }

    /** True once the failure was seen by an awaiter or through {@link #result()} / {@link #exception()}. */
    boolean failureUnretrieved() {
        return state == FINISHED && outcome instanceof Failure && !retrieved;
    }

    /**
     * Calls {@code callback} with this future once it is done (scheduled on the loop, also when already done), in
     * a copy of the {@link Context} current now.
     */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        addDoneCallback(callback, null);
    }

    /**
     * {@link #addDoneCallback(Consumer)} running in {@code context} itself (asyncio's {@code context=}); null: a
     * copy of the current one.
     */
    public void addDoneCallback(Consumer<? super Future<T>> callback, Context context) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        addCallback(InContext.wrap(callback, context != null ? context : Context.capture(loop)));
    }

    /** Removes every registration of {@code callback}; returns how many there were. */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        if (callbacks != null && InContext.callbackOf(callbacks) == callback) {
            callbacks = null;
            return 1;
        }
        if (callbacks instanceof CallbackList list) {
            int before = list.size();
            list.removeIf(c -> InContext.callbackOf(c) == callback);
            return before - list.size();
        }
        return 0;
    }

    /** Wakes {@code task} when this future is done: how a task awaits it. */
    void addWaiter(Task<?> task) {
        addCallback(task);
    }

    /** Runs {@code listener} as soon as this future is done (at once if it is). */
    void addListener(DoneListener listener) {
        addCallback(listener);
    }

    private void addCallback(Object callback) {
        if (state != PENDING) {
            dispatch(callback);
        } else if (callbacks == null) {
            callbacks = callback;
        } else if (callbacks instanceof CallbackList list) {
            list.add(callback);
        } else {
            CallbackList list = new CallbackList();
            list.add(callbacks);
            list.add(callback);
            callbacks = list;
        }
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        callbacks = null;
        if (cbs instanceof CallbackList list) {
            Throwable failure = null;
            for (Object cb : list) {
                try {
                    dispatch(cb);
                } catch (Throwable e) {
                    // A listener ran out of memory, say: the others still learn of it, or their waiters would wait forever.
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw Throwables.sneakyThrow(failure);
            }
        } else if (cbs != null) {
            dispatch(cbs);
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(Object callback) {
        if (callback instanceof Task<?> task) {
            loop.schedule(task);
        } else if (callback instanceof DoneListener listener) {
            listener.futureDone(this);
        } else {
            Consumer<? super Future<T>> consumer = (Consumer<? super Future<T>>) InContext.callbackOf(callback);
            loop.callSoonIn(() -> consumer.accept(this), InContext.contextOf(callback));
        }
    }

    /**
     * A {@link CompletableFuture} that completes with this future; cancelling either cancels the other.
     * Safe to use from any thread.
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>();
        addDoneCallback(f -> {
            if (f.cancelled()) {
                cf.cancel(false);
            } else if (f.outcome instanceof Failure failure) {
                f.retrieved = true;
                cf.completeExceptionally(failure.error);
            } else {
                cf.complete(f.result());
            }
        });
        cf.whenComplete((v, e) -> {
            if (cf.isCancelled()) {
                loop.callSoonThreadsafe(this::cancel);
            }
        });
        return cf;
    }

    @Override
    public String toString() {
        return "<Future " + stateName() + describeOutcome() + ">";
    }

    /** What a task awaiting this future waits on: the future itself (a task, say), or what it was made for. */
    @Override
    public String describeWait() {
        return toString();
    }

    String stateName() {
        return state == PENDING ? "pending" : state == CANCELLED ? "cancelled" : "finished";
    }

    /** {@code " result=42"} or {@code " exception=..."} once finished, else empty. */
    String describeOutcome() {
        if (state != FINISHED) {
            return "";
        }
        return outcome instanceof Failure ? " exception=" + ((Failure) outcome).error : " result=" + outcome;
    }

    /** Marks a list of callbacks apart from a single callback that happens to be a list. */
    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }
}
