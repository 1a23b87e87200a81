package jasyncio.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR: in debug mode, a step that has held its loop past the slow-callback threshold, seen by the watchdog while
 * the step still blocks. Committed from the watchdog's thread, so its own stack trace would be the watchdog's: the
 * loop thread's stack at that moment is a field.
 */
@Name("jasyncio.SlowStep")
@Label("Slow Step")
@Category("jasyncio")
@Description("A task step or callback blocking its event loop past the debug threshold (loop.setSlowCallbackDuration)")
@StackTrace(false)
public final class SlowStepEvent extends Event {
    @Label("Step")
    @Description("The task or callback running")
    public String step;
    @Label("Blocking For")
    @Timespan(Timespan.NANOSECONDS)
    public long blockingFor;
    @Label("Loop Thread")
    public Thread loopThread;
    @Label("Loop Thread Stack")
    public String loopThreadStack;
}
