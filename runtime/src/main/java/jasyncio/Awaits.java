package jasyncio;

import jasyncio.internal.CoroutineTracking;
import jasyncio.internal.Failure;
import jasyncio.internal.Frame;
import jasyncio.internal.MethodInfo;
import jasyncio.internal.Throwables;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What {@code await(x)} does inside a rewritten body, for every kind of awaitable. Each path either returns
 * the value (nothing saved, nothing allocated) or records what the task waits for and returns
 * {@link Frame#SUSPENDED}, after which every frame up to the trampoline saves its state and returns.
 */
final class Awaits {
    private Awaits() {
    }

    /** The root frame of a task whose coroutine is not a frame of its own: it awaits that coroutine. */
    static final MethodInfo AWAIT_ONE = new MethodInfo(
            f -> Frame.complete(Frame.getRef(f, 0), f), 1, 0, Task.class.getName(), "await", null, new int[0]);

    static Frame<?> wrap(Coroutine<?> coro) {
        Frame<?> frame = new Frame<>(AWAIT_ONE);
        Frame.putRef(coro, frame, 0);
        return frame;
    }

    /** Binds a frame to the task and caller that await it inline: a coroutine is awaited at most once. */
    static void attach(Frame<?> frame, Frame<?> caller, Task<?> task) {
        if (!frame.attach(caller, task)) {
            throw alreadyAwaited(frame);
        }
        if (CoroutineTracking.isEnabled()) {
            CoroutineTracking.awaited(frame);
        }
    }

    /**
     * Binds the root frame of a new task to it. Off the loop's running thread ({@code run()} and
     * {@code runUntilComplete()} before their loop runs, a task made from another thread) atomically: a coroutine
     * handed to two loops at once (two {@code run()} calls on two threads) runs in one, and the other gets the error.
     * On the running loop's own thread ({@code createTask} in a step, nearly every task) a plain write, as an inline
     * await's ({@link #attach}) is: what the loop's thread wraps in a task there is its own, and the compare-and-set,
     * a full fence behind the stores that just made the task, would cost 10 ns a task (a sixth of a task's life).
     */
    static void claim(Frame<?> root, Task<?> task) {
        boolean claimed = task.loop.runsInThisThread() ? root.attach(null, task) : root.claim(task);
        if (!claimed) {
            throw alreadyAwaited(root);
        }
        if (CoroutineTracking.isEnabled()) { // debug mode, whose costs stay off the common path
            CoroutineTracking.awaited(root);
            task.recordCreation();
        }
    }

    private static IllegalStateException alreadyAwaited(Frame<?> frame) {
        return new IllegalStateException("coroutine " + frame + " was already awaited or wrapped in a task"
                + " (a coroutine runs once: call the @Async method again for a new one)");
    }

    static Object await(Object awaitable, Frame<?> self) {
        if (awaitable == Sleep.YIELD) {
            return yieldOnce(self);
        }
        if (awaitable instanceof Frame<?> child) {
            return awaitFrame(child, self);
        }
        if (awaitable instanceof Future<?> future) {
            return awaitFuture(future, self);
        }
        if (awaitable instanceof CompletedCoroutine<?> completed) {
            return completed.value;
        }
        if (awaitable instanceof Sleep sleep) {
            return awaitSleep(sleep, self);
        }
        if (awaitable instanceof CompletionStage<?> stage) {
            return awaitStage(stage, self);
        }
        if (awaitable == null) {
            throw new NullPointerException("await(null) in " + self);
        }
        throw new IllegalArgumentException("cannot await a " + awaitable.getClass().getName()
                + ": await accepts a Coroutine, a Future or Task, or a CompletionStage");
    }

    /** {@code sleep(0)}: the task goes to the back of the ready queue (checked first: a yield is a hot path). */
    private static Object yieldOnce(Frame<?> self) {
        Task<?> task = self.task();
        task.waitOn(self, Sleep.YIELD);
        task.loop.schedule(task);
        return Frame.SUSPENDED;
    }

    /** Parks the task in the timer heap ({@code sleep(s)} for {@code s > 0}; {@code sleep(0)} is the yield). */
    private static Object awaitSleep(Sleep sleep, Frame<?> self) {
        sleep.start();
        Task<?> task = self.task();
        task.waitOn(self, task.loop.wakeLater(sleep.seconds, task));
        return Frame.SUSPENDED;
    }

    /** Yield-from: runs the child on this Java stack, so a child that never suspends costs a plain call. */
    private static Object awaitFrame(Frame<?> child, Frame<?> self) {
        Task<?> task = self.task();
        attach(child, self, task);
        if (task.inlineDepth >= Task.MAX_INLINE_DEPTH) {
            task.innermost = child;
            return Frame.SUSPENDED;
        }
        task.inlineDepth++;
        try {
            Object result = child.resume();
            if (result != Frame.SUSPENDED) {
                child.label = Frame.DONE;
            }
            return result;
        } finally {
            task.inlineDepth--;
        }
    }

    private static Object awaitFuture(Future<?> future, Frame<?> self) {
        if (future.done()) {
            Object outcome = future.outcome();
            if (outcome instanceof Failure failure) {
                throw Throwables.sneakyThrow(failure.raise());
            }
            return outcome;
        }
        Task<?> task = self.task();
        if (future == task) {
            throw new IllegalStateException("a task cannot await itself: " + task);
        }
        if (future.loop != task.loop) {
            throw new IllegalStateException(future + " belongs to another event loop than " + task);
        }
        future.addWaiter(task);
        task.waitOn(self, future);
        return Frame.SUSPENDED;
    }

    /**
     * A {@code CompletionStage} completes on some other thread: its outcome comes back to the loop through
     * {@code callSoonThreadsafe}. Cancelling the awaiting task cancels the stage when it is a
     * {@link CompletableFuture}.
     */
    private static Object awaitStage(CompletionStage<?> stage, Frame<?> self) {
        if (stage instanceof CompletableFuture<?> completable && completable.isDone()) {
            try {
                return completable.join();
            } catch (Throwable e) {
                throw Throwables.sneakyThrow(Throwables.unwrap(e));
            }
        }
        return awaitFuture(bridge(self.task().loop, stage), self);
    }

    /**
     * A future on {@code loop} that takes {@code stage}'s outcome (through {@code callSoonThreadsafe}, as the stage
     * may complete on any thread); cancelling it cancels the stage when that is a {@link CompletableFuture}.
     */
    static <T> Future<T> bridge(EventLoop loop, CompletionStage<T> stage) {
        Future<T> bridge = new WaiterFuture<>(loop, () -> "the completion of " + stage);
        loop.holdClockUntil(bridge);
        stage.whenComplete((value, error) -> loop.callSoonThreadsafe(() -> {
            if (bridge.done()) {
                return;
            }
            Throwable cause = error == null ? null : Throwables.unwrap(error);
            if (cause == null) {
                bridge.setResult(value);
            } else if (cause instanceof CancellationException) {
                bridge.cancel(cause.getMessage());
            } else {
                bridge.setException(cause);
            }
        }));
        if (stage instanceof CompletableFuture<?> completable) {
            bridge.addDoneCallback(b -> {
                if (b.cancelled()) {
                    completable.cancel(false);
                }
            });
        }
        return bridge;
    }

    /** A rewritten {@code return x;}: a completed coroutine gives its value; any other awaitable is awaited. */
    static Object complete(Object returned, Frame<?> frame) {
        if (returned instanceof CompletedCoroutine<?> completed) {
            return completed.value;
        }
        if (returned == null) {
            return null;
        }
        frame.label = Frame.TAIL;
        return await(returned, frame);
    }
}
