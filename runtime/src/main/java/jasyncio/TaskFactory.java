package jasyncio;

/**
 * How a loop makes the tasks that {@link EventLoop#createTask} (and so {@link Asyncio#createTask}, {@code gather},
 * {@code TaskGroup}...) asks for, like asyncio's task factory: set one with {@link EventLoop#setTaskFactory}. A
 * factory makes its tasks with {@link Task#start}, adding what it wants around them (a name, a log line...).
 */
@FunctionalInterface
public interface TaskFactory {
    /**
     * asyncio 3.12's {@code eager_task_factory}: the coroutine runs inside {@code createTask} until its first
     * suspension, so a task that never suspends is done when {@code createTask} returns and never goes through
     * the ready queue. Outside the running loop's thread its tasks start as usual, on the next iteration.
     */
    TaskFactory EAGER = (loop, coro, name, context) -> Task.start(loop, coro, name, context, true);

    /** A task for {@code coro} on {@code loop}, named {@code name} (or null) and running in {@code context} (or null). */
    Task<?> create(EventLoop loop, Coroutine<?> coro, String name, Context context);
}
