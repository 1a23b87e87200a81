package jasyncio.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * JFR: one loop iteration (its I/O callbacks and ready steps, not its wait) that took longer than the event's
 * threshold, 20 ms unless the recording's settings say otherwise.
 */
@Name("jasyncio.SlowIteration")
@Label("Slow Loop Iteration")
@Category("jasyncio")
@Description("An event loop iteration whose callbacks and task steps took longer than the threshold")
@Threshold("20 ms")
@StackTrace(false)
public final class SlowIterationEvent extends Event {
    @Label("Steps")
    @Description("Task steps and callbacks the iteration ran")
    public int steps;
}
