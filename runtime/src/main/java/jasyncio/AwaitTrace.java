package jasyncio;

import jasyncio.internal.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives an exception that leaves a coroutine resumed by the loop the frames a synchronous call stack would show.
 * Java takes a stack trace where an exception is made, and there a resumed coroutine sits right on the task's
 * trampoline: the coroutines awaiting it are suspended frames, on no thread's stack. So as the exception first
 * leaves a frame of a task ({@link Task}'s trampoline calls this, on that path only: a step that throws nothing
 * pays nothing), its trace becomes: the frames it was thrown in, then each awaiting coroutine at the line of its
 * await (outermost last), then a line naming the task (followed, in debug mode, by where the task was created),
 * then the loop's frames. The same exception object keeps going (awaiters of a failed task get that very one), and
 * is extended once: thrown again in another task, it keeps the trace of where it first failed.
 */
final class AwaitTrace {
    /** Awaiting frames kept at each end of a longer chain; the middle is left out, with a count. */
    static final int KEPT_AT_EACH_END = 64;
    /** The "class" of the lines this adds that are not frames: they print as {@code at jasyncio.task(...)}. */
    private static final String NOTE = "jasyncio";
    private static final String TASK_NOTE = "task";
    private static final String CORE_PACKAGE = "jasyncio.";

    private AwaitTrace() {
    }

    /** Extends {@code error}'s trace with the awaits of {@code task}, whose frame {@code resumed} it just left. */
    static void extend(Throwable error, Frame<?> resumed, Task<?> task) {
        if (error instanceof VirtualMachineError) {
            return; // out of memory, say: building a trace could fail in turn, and hide it
        }
        StackTraceElement[] physical = error.getStackTrace();
        if (isExtended(physical)) {
            return;
        }
        int loopFrames = loopFramesStart(physical, 0);
        List<StackTraceElement> trace = new ArrayList<>(physical.length + 2 * KEPT_AT_EACH_END + 8);
        codeFrames(physical, 0, loopFrames, trace);
        boolean resumedIsShown = false;
        for (int i = 0; i < loopFrames && !resumedIsShown; i++) {
            resumedIsShown = resumed.info().runs(physical[i]);
        }
        // Not shown when the exception was made elsewhere (a callback, another thread) and thrown at its await.
        awaitChain(resumedIsShown ? resumed.caller() : resumed, task, trace);
        for (int i = loopFrames; i < physical.length; i++) {
            trace.add(physical[i]);
        }
        error.setStackTrace(trace.toArray(new StackTraceElement[0]));
    }

    /**
     * The whole trace of an exception the runtime makes to throw at {@code frame}'s await (a cancellation): the
     * await chain alone, without the stack walk that filling in the trace would cost; the loop's frames below it
     * would say nothing.
     */
    static StackTraceElement[] atAwait(Frame<?> frame) {
        List<StackTraceElement> trace = new ArrayList<>(2 * KEPT_AT_EACH_END + 8);
        awaitChain(frame, frame.task(), trace);
        return trace.toArray(new StackTraceElement[0]);
    }

    /** {@code frame} and its callers at their awaits, then the line naming the task, then where it was created. */
    private static void awaitChain(Frame<?> frame, Task<?> task, List<StackTraceElement> into) {
        awaiters(frame, into);
        StackTraceElement[] creation = task.creationSite();
        String where = creation != null ? ", created by the frames below" : "; its creation site is kept in debug mode";
        into.add(new StackTraceElement(NOTE, TASK_NOTE, "'" + task.getName() + "'" + where, -1));
        if (creation != null) {
            int caller = pastCoreFrames(creation, 0); // past Task.<init> and createTask
            codeFrames(creation, caller, loopFramesStart(creation, caller), into);
        }
    }

    private static boolean isExtended(StackTraceElement[] trace) {
        for (StackTraceElement e : trace) {
            if (e.getClassName().equals(NOTE) && e.getMethodName().equals(TASK_NOTE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the loop's own frames start, at or after {@code from}: the task trampoline that resumed the coroutine,
     * or for an exception made outside any coroutine (in a callback, in the executor's work), the first frame of
     * the core package below the code's own frames.
     */
    private static int loopFramesStart(StackTraceElement[] trace, int from) {
        for (int i = from; i < trace.length; i++) {
            if (trace[i].getClassName().equals(Task.class.getName()) && trace[i].getMethodName().equals("run")) {
                return i;
            }
        }
        int i = pastCoreFrames(trace, from);
        while (i < trace.length && !isCore(trace[i])) {
            i++;
        }
        return i;
    }

    /** The first frame at or after {@code from} that is not the core's (where the core itself threw, say). */
    private static int pastCoreFrames(StackTraceElement[] trace, int from) {
        int i = from;
        while (i < trace.length && isCore(trace[i])) {
            i++;
        }
        return i;
    }

    /** A frame of the core package {@code jasyncio} itself (not of a sub-package, nor of the user's code). */
    private static boolean isCore(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.startsWith(CORE_PACKAGE) && cls.indexOf('.', CORE_PACKAGE.length()) < 0;
    }

    /**
     * {@code trace[start, end)} without the await machinery between the code's own frames (an inline await runs the
     * awaited body under a few runtime frames); those on top, where the runtime itself threw, stay.
     */
    private static void codeFrames(StackTraceElement[] trace, int start, int end, List<StackTraceElement> into) {
        boolean inCode = false;
        for (int i = start; i < end; i++) {
            boolean machinery = isAwaitMachinery(trace[i]);
            if (!machinery) {
                inCode = true;
            }
            if (!machinery || !inCode) {
                into.add(trace[i]);
            }
        }
    }

    private static boolean isAwaitMachinery(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.equals(Frame.class.getName()) || cls.equals(Awaits.class.getName())
                || cls.equals(CoreHooks.class.getName());
    }

    /** {@code frame} and its callers, each at its await, the middle of a very deep chain left out. */
    private static void awaiters(Frame<?> frame, List<StackTraceElement> into) {
        int depth = 0;
        for (Frame<?> f = frame; f != null; f = f.caller()) {
            depth++;
        }
        int skipFrom = depth > 2 * KEPT_AT_EACH_END ? KEPT_AT_EACH_END : depth;
        int skipTo = depth - (depth > 2 * KEPT_AT_EACH_END ? KEPT_AT_EACH_END : 0);
        int i = 0;
        for (Frame<?> f = frame; f != null; f = f.caller(), i++) {
            if (i == skipFrom && skipTo > skipFrom) {
                into.add(new StackTraceElement(NOTE, "elided", (skipTo - skipFrom) + " awaiting frames left out", -1));
            }
            if ((i < skipFrom || i >= skipTo) && f.info() != Awaits.AWAIT_ONE) {
                into.add(f.suspendedAt());
            }
        }
    }
}
