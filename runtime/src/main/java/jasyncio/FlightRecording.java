package jasyncio;

import jasyncio.internal.SlowIterationEvent;
import jasyncio.internal.SlowStepEvent;
import jasyncio.internal.TaskCreatedEvent;
import jasyncio.internal.TaskDoneEvent;

/**
 * The loop's and its tasks' JDK Flight Recorder events. Each method returns at once, allocating nothing, unless a
 * recording has its event enabled: it asks a probe instance, whose {@code isEnabled()} JFR's instrumentation
 * answers from the event class's static state (a plain {@code return false} until JFR starts).
 */
final class FlightRecording {
    private static final TaskCreatedEvent TASK_CREATED = new TaskCreatedEvent();
    private static final TaskDoneEvent TASK_DONE = new TaskDoneEvent();
    private static final SlowStepEvent SLOW_STEP = new SlowStepEvent();
    private static final SlowIterationEvent SLOW_ITERATION = new SlowIterationEvent();

    private FlightRecording() {
    }

    static void taskCreated(Task<?> task) {
        if (TASK_CREATED.isEnabled()) {
            TaskCreatedEvent event = new TaskCreatedEvent();
            event.task = task.getName();
            event.coroutine = coroutineOf(task);
            event.taskId = System.identityHashCode(task);
            event.commit();
        }
    }

    /** After the task's outcome is set. */
    static void taskDone(Task<?> task) {
        if (TASK_DONE.isEnabled()) {
            TaskDoneEvent event = new TaskDoneEvent();
            event.task = task.getName();
            event.coroutine = coroutineOf(task);
            event.taskId = System.identityHashCode(task);
            Throwable failure = task.cancelled() ? null : task.exceptionPeek();
            event.outcome = task.cancelled() ? "cancelled" : failure != null ? "failed: " + failure : "result";
            event.commit();
        }
    }

    /** From the watchdog's thread, with the loop thread's stack taken while the step still blocked it. */
    static void slowStep(Object step, long blockingNanos, Thread loopThread, StackTraceElement[] loopStack) {
        if (SLOW_STEP.isEnabled()) {
            SlowStepEvent event = new SlowStepEvent();
            event.step = String.valueOf(step);
            event.blockingFor = blockingNanos;
            event.loopThread = loopThread;
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement e : loopStack) {
                stack.append("at ").append(e).append('\n');
            }
            event.loopThreadStack = stack.toString();
            event.commit();
        }
    }

    /** An iteration's timing starts once its wait is over; null when not recorded. */
    static SlowIterationEvent iterationStarted() {
        if (!SLOW_ITERATION.isEnabled()) {
            return null;
        }
        SlowIterationEvent event = new SlowIterationEvent();
        event.begin();
        return event;
    }

    /** Committed only when the iteration passed the recording's threshold (JFR checks it). */
    static void iterationEnded(SlowIterationEvent event, int steps) {
        if (event != null) {
            event.steps = steps;
            event.commit();
        }
    }

    /** {@code Spinner.spin() running at Spinner.java:21}, or {@code ... done}. */
    private static String coroutineOf(Task<?> task) {
        return String.valueOf(task.getCoro());
    }
}
