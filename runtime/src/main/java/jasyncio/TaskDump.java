package jasyncio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What every live event loop's tasks are doing: each task, what it waits for and where it is suspended. Taken from
 * any thread, without posting to the loops nor waiting for them, so it works on a loop that is stuck in a step:
 * it reads the loops' state as it stands, which a running loop may be changing meanwhile (a task that finishes or
 * starts during the dump may be missed, and one described mid-step shows where it last suspended). For a hung
 * program: {@code TaskDump.take()} from any thread, or the agent's JMX bean {@code io.jasyncio:type=Tasks}.
 */
public final class TaskDump {
    /** The loops created and not closed yet (weakly: a loop dropped without close() is not kept alive for dumps). */
    static final Set<EventLoop> LIVE_LOOPS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Frames shown per task, and tasks read per loop: a loop changing its lists as they are read cannot hold a dump. */
    static final int MAX_FRAMES = 64;
    static final int MAX_TASKS = 100_000;

    /** One task: its {@code toString()}, what it waits for, its suspended frames innermost first. */
    public record TaskSnapshot(String task, String waitsFor, List<StackTraceElement> stack) {
    }

    /** One loop: its {@code toString()}, the name of the thread running it (null when idle), its live tasks. */
    public record LoopSnapshot(String loop, String thread, List<TaskSnapshot> tasks) {
    }

    private final Instant takenAt;
    private final List<LoopSnapshot> loops;

    private TaskDump(Instant takenAt, List<LoopSnapshot> loops) {
        this.takenAt = takenAt;
        this.loops = loops;
    }

    /** The tasks of every event loop created and not yet closed, from any thread. */
    public static TaskDump take() {
        List<EventLoop> live;
        synchronized (LIVE_LOOPS) {
            live = new ArrayList<>(LIVE_LOOPS);
        }
        List<LoopSnapshot> loops = new ArrayList<>();
        for (EventLoop loop : live) {
            loops.add(snapshot(loop));
        }
        return new TaskDump(Instant.now(), List.copyOf(loops));
    }

    /** How many event loops are created and not closed yet. */
    public static int liveLoopCount() {
        return LIVE_LOOPS.size();
    }

    /** How many tasks the live loops hold, without describing them (for monitoring; read as the loops run). */
    public static int liveTaskCount() {
        synchronized (LIVE_LOOPS) {
            int tasks = 0;
            for (EventLoop loop : LIVE_LOOPS) {
                tasks += loop.liveTaskCount();
            }
            return tasks;
        }
    }

    private static LoopSnapshot snapshot(EventLoop loop) {
        Thread thread = loop.runningThread();
        List<TaskSnapshot> tasks = new ArrayList<>();
        Task<?> t = loop.firstLiveTask();
        for (int n = 0; t != null && n < MAX_TASKS; n++, t = t.nextLive) {
            tasks.add(snapshot(t));
        }
        Collections.reverse(tasks); // the loop links the newest first: show them in the order they were created
        return new LoopSnapshot(String.valueOf(loop), thread == null ? null : thread.getName(), List.copyOf(tasks));
    }

    private static TaskSnapshot snapshot(Task<?> task) {
        try {
            return new TaskSnapshot(task.toString(), task.waitsFor(), List.copyOf(task.stack(MAX_FRAMES)));
        } catch (RuntimeException changing) {
            // The loop changed the task while it was read (its frames finishing, say): say so rather than fail the dump.
            return new TaskSnapshot("Task@" + Integer.toHexString(System.identityHashCode(task)),
                    "(changed while read: " + changing + ")", List.of());
        }
    }

    public Instant takenAt() {
        return takenAt;
    }

    public List<LoopSnapshot> loops() {
        return loops;
    }

    public int taskCount() {
        return loops.stream().mapToInt(l -> l.tasks().size()).sum();
    }

    /** The dump as text, loop by loop and task by task, in the manner of a thread dump. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("jasyncio task dump ").append(takenAt).append(": ")
                .append(loops.size()).append(loops.size() == 1 ? " event loop, " : " event loops, ")
                .append(taskCount()).append(" tasks\n");
        for (LoopSnapshot loop : loops) {
            text.append('\n').append(loop.loop())
                    .append(loop.thread() != null ? " in thread '" + loop.thread() + "'" : " (not running)").append('\n');
            for (TaskSnapshot task : loop.tasks()) {
                text.append('\n');
                describe(task.task(), task.waitsFor(), task.stack(), text);
                if (task.stack().size() == MAX_FRAMES) {
                    text.append("    ... (deeper frames left out)\n");
                }
            }
        }
        return text.toString();
    }

    /** One task as {@link Task#printStack} and the dump print it. */
    static void describe(Task<?> task, List<StackTraceElement> stack, StringBuilder text) {
        describe(task.toString(), task.waitsFor(), stack, text);
    }

    private static void describe(String task, String waitsFor, List<StackTraceElement> stack, StringBuilder text) {
        text.append(task).append("\n    waiting for ").append(waitsFor).append('\n');
        for (StackTraceElement frame : stack) {
            text.append("    at ").append(frame).append('\n');
        }
    }
}
