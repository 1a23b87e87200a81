package jasyncio.tests.torture;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.ReturnWhen;
import jasyncio.Task;
import jasyncio.TaskGroup;
import jasyncio.TaskGroupException;
import jasyncio.WaitResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static jasyncio.Asyncio.*;

/**
 * One random program of tasks, timeouts, shields, groups and primitives under random cancellation, made and
 * run from a seed. Every choice comes from one {@link Random} on the loop's thread, and every timer is either
 * due at the loop's next iteration ({@link #SOON}) or only ends by cancellation ({@link #NEVER}), so the same
 * seed runs the same program the same way: a failing seed replays.
 *
 * <p>After the program, every task has ended exactly once, no primitive keeps a waiter or lost a permit, the
 * loop has no task left and reported nothing: {@link #run} returns the invariants that broke (none when all is
 * well) and a trace of what the program did.
 */
final class RandomProgram {
    /** A delay whose timer is due at the loop's next iteration (it rounds to no nanosecond at all). */
    static final double SOON = Double.MIN_VALUE;
    /** A delay that never passes within a program: only cancellation ends what waits for it. */
    static final double NEVER = 3600;
    /** Loop iterations the main task lets the program run while it cancels at random. */
    private static final int CHAOS_ITERATIONS = 40;
    /** Iterations given to the tasks to end after each round of cancelling all of them. */
    private static final int ROUND_ITERATIONS = 40;
    private static final int ROUNDS = 8;

    private enum Op {
        YIELD, TICK, SLEEP_NEVER, EVENT_SET, EVENT_CLEAR, EVENT_WAIT, CONDITION_SIGNAL, CONDITION_WAIT, QUEUE_PUT,
        QUEUE_GET, CANCEL_OTHER, CANCEL_SELF, LOCK, SEMAPHORE, WAIT_FOR, WITH_TIMEOUT, SHIELD, GROUP, SPAWN_AWAIT,
        GATHER, SWALLOW, RACE, WAIT_UNTIL, AS_COMPLETED
    }

    /**
     * Which compound steps a program draws from. A seed's program depends on it: the classic set is the one the
     * seeds of {@link KnownFailingSeedsTest} were found with.
     */
    enum Ops {
        /** Locks, semaphores, timeouts, shields, groups, children awaited or gathered, swallowed cancellations. */
        CLASSIC,
        /** The classic steps and the combinators over children: {@code race}, {@code waitUntil}, {@code asCompleted}. */
        COMBINATORS
    }

    private static final Op[] LEAVES = {
        Op.YIELD, Op.YIELD, Op.TICK, Op.TICK, Op.SLEEP_NEVER, Op.EVENT_SET, Op.EVENT_CLEAR, Op.EVENT_WAIT,
        Op.CONDITION_SIGNAL, Op.CONDITION_WAIT, Op.QUEUE_PUT, Op.QUEUE_GET, Op.CANCEL_OTHER, Op.CANCEL_OTHER,
        Op.CANCEL_SELF
    };
    private static final Op[] COMPOUNDS = {
        Op.LOCK, Op.SEMAPHORE, Op.WAIT_FOR, Op.WITH_TIMEOUT, Op.SHIELD, Op.GROUP, Op.SPAWN_AWAIT, Op.GATHER,
        Op.SWALLOW
    };
    /** The classic compounds, then the combinators, in this order: a seed's program depends on it. */
    private static final Op[] COMBINATOR_COMPOUNDS = Stream.concat(Arrays.stream(COMPOUNDS),
            Stream.of(Op.RACE, Op.WAIT_UNTIL, Op.AS_COMPLETED)).toArray(Op[]::new);

    private final long seed;
    private final Op[] compounds;
    private final Random random;
    private final Primitives primitives;
    /** Every task the program made, in order, with how often its done callback ran and its body ended. */
    private final Map<Task<?>, int[]> doneCallbacks = new IdentityHashMap<>();
    private final Map<Task<?>, int[]> bodyExits = new IdentityHashMap<>();
    private final List<Task<?>> tasks = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private final List<Map<String, Object>> reports = new ArrayList<>();

    private RandomProgram(long seed, Ops ops) {
        this.seed = seed;
        this.compounds = ops == Ops.CLASSIC ? COMPOUNDS : COMBINATOR_COMPOUNDS;
        this.random = new Random(seed);
        this.primitives = new Primitives(random);
    }

    /** What running one seed found. */
    record Verdict(long seed, Ops ops, List<String> violations, List<String> trace) {
        boolean passed() {
            return violations.isEmpty();
        }

        @Override
        public String toString() {
            return "seed " + seed + " (" + ops + "): " + (passed() ? "passed" : String.join("; ", violations));
        }
    }

    static Verdict run(long seed, Ops ops) {
        RandomProgram program = new RandomProgram(seed, ops);
        // Not Asyncio.run: it would wait for tasks left pending, which the checks report instead.
        EventLoop loop = newEventLoop();
        try {
            loop.runUntilComplete(program.main());
        } catch (Throwable e) {
            program.violations.add("the program threw " + describe(e));
        } finally {
            loop.close();
        }
        for (Map<String, Object> report : program.reports) {
            Object about = report.containsKey("future") ? report.get("future") : report.get("handle");
            program.violations.add("the loop reported: " + report.get("message") + " " + about + ": "
                    + describe((Throwable) report.get("exception")));
        }
        return new Verdict(seed, ops, program.violations, program.trace);
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "";
        }
        StackTraceElement[] frames = e.getStackTrace();
        return e + (frames.length > 0 ? " at " + frames[0] : "");
    }

    @Async
    private Coroutine<Void> main() {
        EventLoop loop = getRunningLoop();
        loop.setExceptionHandler((l, context) -> reports.add(context));
        int workers = 2 + random.nextInt(5);
        for (int i = 0; i < workers; i++) {
            spawn(1 + random.nextInt(3), "worker");
        }
        for (int i = 0; i < CHAOS_ITERATIONS && !allDone(); i++) {
            if (random.nextInt(4) == 0) {
                cancelSomeTask(null);
            }
            await(sleep(0));
        }
        for (int round = 0; round < ROUNDS && !allDone(); round++) {
            for (int i = 0; i < ROUND_ITERATIONS && !allDone(); i++) {
                await(sleep(0));
            }
            if (!allDone()) {
                trace.add("round " + round + ": cancel every live task");
                for (Task<?> t : new ArrayList<>(tasks)) {
                    t.cancel();
                }
            }
        }
        for (int i = 0; i < ROUND_ITERATIONS && !allDone(); i++) {
            await(sleep(0));
        }
        await(sleep(0)); // the done callbacks of the last tasks run
        checkTasks();
        Task<?> self = currentTask();
        for (Task<?> t : allTasks()) {
            if (t != self) {
                violations.add("a task was left pending on the loop: " + t);
            }
        }
        primitives.check(violations);
        return Coroutine.completed();
    }

    private boolean allDone() {
        for (Task<?> t : tasks) {
            if (!t.done()) {
                return false;
            }
        }
        return true;
    }

    /** Every task ended exactly once, ran its body at most once, and ended with a result or cancelled. */
    private void checkTasks() {
        for (Task<?> t : tasks) {
            if (!t.done()) {
                violations.add("a task never ended, though cancelled " + ROUNDS + " times: " + t);
                continue;
            }
            int callbacks = doneCallbacks.get(t)[0];
            if (callbacks != 1) {
                violations.add("done callback ran " + callbacks + " times: " + t);
            }
            int exits = bodyExits.get(t)[0];
            if (exits > 1 || exits == 0 && !t.cancelled()) {
                violations.add("body ended " + exits + " times: " + t);
            }
            if (!t.cancelled() && t.exception() != null) {
                violations.add("a task failed: " + t + " with " + describe(t.exception()));
            }
        }
    }

    /** A task of the program running a random script of {@code depth}, tracked for the checks. */
    private Task<Void> spawn(int depth, String why) {
        return track(createTask(body(depth)), why);
    }

    private Task<Void> track(Task<Void> task, String why) {
        tasks.add(task);
        doneCallbacks.put(task, new int[1]);
        bodyExits.put(task, new int[1]);
        task.addDoneCallback(t -> doneCallbacks.get(t)[0]++);
        trace.add(why + " " + task.getName());
        return task;
    }

    /** A task's body: a script, and a count of how often it ended. */
    @Async
    private Coroutine<Void> body(int depth) {
        try {
            await(script(depth));
        } finally {
            bodyExits.get(currentTask())[0]++;
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> script(int depth) {
        int steps = 1 + random.nextInt(3);
        for (int i = 0; i < steps; i++) {
            await(step(depth));
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> step(int depth) {
        boolean compound = depth > 0 && random.nextInt(5) < 2;
        Op op = compound ? compounds[random.nextInt(compounds.length)] : LEAVES[random.nextInt(LEAVES.length)];
        trace.add(currentTask().getName() + " " + op + (compound ? " depth " + depth : ""));
        switch (op) {
            case YIELD:
                await(sleep(0));
                break;
            case TICK:
                await(sleep(SOON));
                break;
            case SLEEP_NEVER:
                await(sleep(NEVER));
                break;
            case EVENT_SET:
                primitives.event.set();
                break;
            case EVENT_CLEAR:
                primitives.event.clear();
                break;
            case EVENT_WAIT:
                await(primitives.event.waitSet());
                break;
            case CONDITION_SIGNAL:
                await(signalCondition());
                break;
            case CONDITION_WAIT:
                await(waitCondition());
                break;
            case QUEUE_PUT:
                await(primitives.queue.put(random.nextInt(100)));
                break;
            case QUEUE_GET:
                await(primitives.queue.get());
                break;
            case CANCEL_OTHER:
                cancelSomeTask(currentTask());
                break;
            case CANCEL_SELF:
                currentTask().cancel("self");
                break;
            case LOCK:
                await(underLock(depth - 1));
                break;
            case SEMAPHORE:
                await(underSemaphore(depth - 1));
                break;
            case WAIT_FOR:
                await(waitingFor(depth - 1));
                break;
            case WITH_TIMEOUT:
                await(inTimeoutScope(depth - 1));
                break;
            case SHIELD:
                await(shielded(depth - 1));
                break;
            case GROUP:
                await(inGroup(depth - 1));
                break;
            case SPAWN_AWAIT:
                await(spawnAndAwait(depth - 1));
                break;
            case GATHER:
                await(gathering(depth - 1));
                break;
            case SWALLOW:
                await(swallowing(depth - 1));
                break;
            case RACE:
                await(racing(depth - 1));
                break;
            case WAIT_UNTIL:
                await(waitingUntil(depth - 1));
                break;
            case AS_COMPLETED:
                await(inCompletionOrder(depth - 1));
                break;
            default:
                throw new AssertionError(op);
        }
        return Coroutine.completed();
    }

    /** Cancels one or two times (two: what two timeouts expiring together do) a live task other than {@code self}. */
    private void cancelSomeTask(Task<?> self) {
        List<Task<?>> live = new ArrayList<>();
        for (Task<?> t : tasks) {
            if (!t.done() && t != self) {
                live.add(t);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        Task<?> victim = live.get(random.nextInt(live.size()));
        int times = 1 + random.nextInt(2);
        trace.add("cancel " + victim.getName() + " x" + times);
        for (int i = 0; i < times; i++) {
            victim.cancel();
        }
    }

    @Async
    private Coroutine<Void> signalCondition() {
        await(primitives.condition.acquire());
        try {
            primitives.conditionFlag = true;
            if (random.nextBoolean()) {
                primitives.condition.signal();
            } else {
                primitives.condition.signalAll();
            }
        } finally {
            primitives.condition.release();
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> waitCondition() {
        await(primitives.condition.acquire());
        try {
            await(primitives.condition.waitUntil(() -> primitives.conditionFlag));
            primitives.conditionFlag = random.nextBoolean();
        } finally {
            primitives.condition.release();
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> underLock(int depth) {
        await(primitives.lock.acquire());
        try {
            await(script(depth));
        } finally {
            primitives.lock.release();
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> underSemaphore(int depth) {
        await(primitives.semaphore.acquire());
        try {
            await(script(depth));
        } finally {
            primitives.semaphore.release();
        }
        return Coroutine.completed();
    }

    private double timeout() {
        return random.nextBoolean() ? SOON : NEVER;
    }

    @Async
    private Coroutine<Void> waitingFor(int depth) {
        try {
            await(waitFor(spawn(depth, "waited for by " + currentTask().getName() + ":"), timeout()));
        } catch (AsyncTimeoutException e) {
            trace.add(currentTask().getName() + " waitFor timed out");
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> inTimeoutScope(int depth) {
        try {
            await(withTimeout(timeout(), () -> script(depth)));
        } catch (AsyncTimeoutException e) {
            trace.add(currentTask().getName() + " withTimeout expired");
        }
        return Coroutine.completed();
    }

    /**
     * Awaits {@code awaitable}, a child's work: a {@link CancellationException} from it is the child's own unless
     * this task has a cancellation request pending, and then it is ours and goes on up.
     */
    @Async
    private Coroutine<Void> awaitChild(jasyncio.Awaitable<?> awaitable) {
        try {
            await(awaitable);
        } catch (CancellationException e) {
            if (currentTask().cancelling() > 0) {
                throw e;
            }
            trace.add(currentTask().getName() + " child cancelled");
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> shielded(int depth) {
        Task<Void> inner = spawn(depth, "shielded by " + currentTask().getName() + ":");
        await(awaitChild(shield(inner)));
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> spawnAndAwait(int depth) {
        Task<Void> child = spawn(depth, "child of " + currentTask().getName() + ":");
        if (random.nextInt(3) == 0) {
            child.cancel();
        }
        await(awaitChild(child));
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> gathering(int depth) {
        List<Task<Void>> children = children(depth, "gathered by");
        await(awaitChild(gather(children, random.nextBoolean())));
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> inGroup(int depth) {
        String owner = currentTask().getName();
        try {
            await(TaskGroup.run(group -> {
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    track(group.createTask(body(depth)), "in the group of " + owner + ":");
                }
                if (random.nextBoolean()) {
                    await(script(depth));
                }
                return Coroutine.completed();
            }));
        } catch (TaskGroupException e) {
            for (Throwable failure : e.getExceptions()) {
                violations.add("a group failed with " + describe(failure));
            }
        }
        return Coroutine.completed();
    }

    /** One to three children of this task, tracked. */
    private List<Task<Void>> children(int depth, String why) {
        List<Task<Void>> children = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            children.add(spawn(depth, why + " " + currentTask().getName() + ":"));
        }
        return children;
    }

    /** Once {@code race} returns a winner, it has cancelled and awaited every other child. */
    @Async
    private Coroutine<Void> racing(int depth) {
        List<Task<Void>> children = children(depth, "raced by");
        try {
            await(race(children));
            for (Task<Void> child : children) {
                if (!child.done()) {
                    violations.add("race returned with a child still running: " + child);
                }
            }
        } catch (TaskGroupException e) {
            // every child failed: here, each was cancelled (a failure of any other kind is a violation of its own)
            trace.add(currentTask().getName() + " race lost by all: " + e.getExceptions().size());
        } catch (CancellationException e) {
            if (currentTask().cancelling() > 0) {
                throw e;
            }
            violations.add("race threw a cancellation its caller did not ask for: " + e);
        }
        return Coroutine.completed();
    }

    /**
     * {@code waitUntil} returns once its condition holds (or its timeout passed), with every future in the done set
     * done and none in the pending set; the pending children are then cancelled, as asyncio code does.
     */
    @Async
    private Coroutine<Void> waitingUntil(int depth) {
        List<Task<Void>> children = children(depth, "waited until by");
        ReturnWhen when = ReturnWhen.values()[random.nextInt(ReturnWhen.values().length)];
        double timeout = random.nextBoolean() ? timeout() : Double.POSITIVE_INFINITY;
        WaitResult<Void> result = await(waitUntil(children, when, timeout));
        if (result.done().size() + result.pending().size() != children.size()) {
            violations.add("waitUntil lost or duplicated a child: " + result);
        }
        for (Future<Void> f : result.done()) {
            if (!f.done()) {
                violations.add("waitUntil's done set holds a pending future: " + f);
            }
        }
        for (Future<Void> f : result.pending()) {
            if (f.done()) {
                violations.add("waitUntil's pending set holds a done future: " + f);
            }
        }
        if (timeout == Double.POSITIVE_INFINITY && (when == ReturnWhen.ALL_COMPLETED ? !result.pending().isEmpty()
                : result.done().isEmpty())) {
            violations.add("waitUntil(" + when + ") returned before its condition held: " + result);
        }
        result.pending().forEach(Future::cancel);
        return Coroutine.completed();
    }

    /** Awaits each coroutine of {@code asCompleted} in turn: as many as children, unless its timeout passes. */
    @Async
    private Coroutine<Void> inCompletionOrder(int depth) {
        List<Task<Void>> children = children(depth, "in completion order by");
        int seen = 0;
        try {
            for (Coroutine<Void> next : asCompleted(children, timeout())) {
                await(awaitChild(next));
                seen++;
            }
            if (seen != children.size()) {
                violations.add("asCompleted gave " + seen + " of " + children.size() + " children");
            }
        } catch (AsyncTimeoutException e) {
            trace.add(currentTask().getName() + " asCompleted timed out after " + seen);
        }
        return Coroutine.completed();
    }

    /** Catches a cancellation of this task and carries on, withdrawing the request as asyncio code should. */
    @Async
    private Coroutine<Void> swallowing(int depth) {
        try {
            await(script(depth));
        } catch (CancellationException e) {
            currentTask().uncancel();
            trace.add(currentTask().getName() + " swallowed a cancellation");
        }
        return Coroutine.completed();
    }
}
