package jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;

import jasyncio.internal.Throwables;

import static jasyncio.Asyncio.await;

/**
 * Structured concurrency, with asyncio 3.11's {@code TaskGroup} semantics:
 *
 * <pre>{@code
 * await(TaskGroup.run(group -> {
 *     group.createTask(fetch("a"));
 *     group.createTask(fetch("b"));
 *     return Coroutine.completed();
 * }));   // here both tasks are done
 * }</pre>
 *
 * The group's body runs in the calling task; then the group waits for all its tasks. The first task that
 * fails cancels the others and the body; once all are done, the failures reach the caller as one
 * {@link TaskGroupException} (an {@link Error} is rethrown as it is). Cancelling the calling task cancels the
 * group's tasks too.
 */
public final class TaskGroup {
    private final EventLoop loop;
    private final Task<?> parent;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Error fatal;
    private boolean exiting;
    private boolean aborting;
    private boolean parentCancelRequested;
    private Future<Void> allDone;
    /** A done callback, scheduled like asyncio's: tasks failing in the same iteration are all recorded. */
    private final Consumer<Future<?>> onTaskDone = this::taskDone;

    private TaskGroup(EventLoop loop, Task<?> parent) {
        this.loop = loop;
        this.parent = parent;
    }

    /** Runs {@code body} with a new group, then waits for the group's tasks; returns the body's result. */
    @Async
    public static <T> Coroutine<T> run(Function<TaskGroup, Coroutine<T>> body) {
        EventLoop loop = EventLoop.running("TaskGroup.run");
        Task<?> parent = loop.currentTask();
        if (parent == null) {
            throw new IllegalStateException("TaskGroup.run must be awaited inside a task");
        }
        TaskGroup group = new TaskGroup(loop, parent);
        T result = null;
        Throwable bodyFailure = null;
        try {
            result = await(body.apply(group));
        } catch (Throwable e) {
            bodyFailure = e;
        }
        await(group.join(bodyFailure));
        return Coroutine.completed(result);
    }

    /** Starts {@code coro} as a task of this group. */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /** Starts {@code coro} as a task of this group (name may be null) running in {@code context} itself. */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<T> task = loop.createTask(coro, name, context);
        tasks.add(task);
        task.addDoneCallback(onTaskDone);
        return task;
    }

    /** Waits for every task; throws what the group failed with. */
    @Async
    private Coroutine<Void> join(Throwable bodyFailure) {
        exiting = true;
        if (bodyFailure instanceof Error && fatal == null) {
            fatal = (Error) bodyFailure;
        }
        Throwable propagateCancellation = bodyFailure instanceof CancellationException ? bodyFailure : null;
        if (bodyFailure != null && !aborting) {
            abort();
        }
        while (!tasks.isEmpty()) {
            allDone = loop.createFuture();
            try {
                await(allDone);
            } catch (CancellationException e) {
                if (!aborting) {
                    propagateCancellation = e;
                    abort();
                }
            }
            allDone = null;
        }
        if (fatal != null) {
            throw fatal;
        }
        // The group cancelled its owner when a task failed (maybe while it was waiting above): withdraw that
        // request, so that only a cancellation from elsewhere propagates.
        if (parentCancelRequested && parent.uncancel() == 0) {
            propagateCancellation = null;
        }
        if (propagateCancellation != null && errors.isEmpty()) {
            throw Throwables.sneakyThrow(propagateCancellation);
        }
        if (bodyFailure != null && !(bodyFailure instanceof CancellationException)) {
            errors.add(bodyFailure);
        }
        if (!errors.isEmpty()) {
            if (parent.cancelling() > 0) {
                // Cancelled from outside the group too: withdraw and renew that request (the count stays as it
                // was, as asyncio 3.13 does) so that the owner's next await still throws it after this failure.
                parent.uncancel();
                parent.cancel();
            }
            throw new TaskGroupException("unhandled errors in a TaskGroup", errors);
        }
        return Coroutine.completed();
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            t.cancel();
        }
    }

    private void taskDone(Future<?> task) {
        tasks.remove(task);
        if (allDone != null && tasks.isEmpty() && !allDone.done()) {
            allDone.setResult(null);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable error = task.exception();
        if (error == null) {
            return;
        }
        errors.add(error);
        if (error instanceof Error && fatal == null) {
            fatal = (Error) error;
        }
        if (!aborting && !parentCancelRequested) {
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    @Override
    public String toString() {
        return "<TaskGroup tasks=" + tasks.size() + " errors=" + errors.size() + (aborting ? " cancelling" : "")
                + (exiting ? " exiting" : "") + ">";
    }
}
