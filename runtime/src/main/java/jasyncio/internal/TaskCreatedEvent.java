package jasyncio.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: a task was created; its stack trace is where. Committed by the core package's {@code FlightRecording}. */
@Name("jasyncio.TaskCreated")
@Label("Task Created")
@Category("jasyncio")
@Description("A coroutine was wrapped in a task and scheduled on an event loop")
public final class TaskCreatedEvent extends Event {
    @Label("Task")
    public String task;
    @Label("Coroutine")
    public String coroutine;
    @Label("Task Id")
    @Description("Identity hash of the task, to pair its creation with its completion")
    public int taskId;
}
