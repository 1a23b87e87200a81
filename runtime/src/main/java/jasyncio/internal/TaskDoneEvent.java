package jasyncio.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a task finished, with its outcome. Committed by the core package's {@code FlightRecording}. */
@Name("jasyncio.TaskDone")
@Label("Task Done")
@Category("jasyncio")
@Description("A task finished: returned, failed or was cancelled")
@StackTrace(false)
public final class TaskDoneEvent extends Event {
    @Label("Task")
    public String task;
    @Label("Coroutine")
    public String coroutine;
    @Label("Task Id")
    @Description("Identity hash of the task, to pair its creation with its completion")
    public int taskId;
    @Label("Outcome")
    @Description("'result', 'cancelled', or 'failed: ' and the exception")
    public String outcome;
}
