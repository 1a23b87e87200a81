package jasyncio.internal;

import jasyncio.Coroutine;
import jasyncio.Task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The activation record of one call to a rewritten {@code @Async} method, and the {@link Coroutine} that
 * call returns.
 *
 * <p>The rewritten entry method allocates the frame, stores its arguments in it and returns it. The body lives
 * in a synthetic resume method ({@link MethodInfo#body}) that dispatches on {@link #label}: 0 starts the
 * body, {@code k > 0} continues at await site {@code k}. At a suspension {@link #awaitAt(Object, Frame, int)}
 * (or {@link #await(Object, Frame, int)}) sets the label, and the body saves its live locals and operand stack
 * into {@link #refs} (references) and {@link #prims} (primitives, widened to {@code long}) and returns
 * {@link #SUSPENDED}; on resume it reloads them and takes {@link #pending} at the await site: through
 * {@link #resumeAt}, right after the site's suspension, or (in a resume method with shared save code) by calling
 * {@code await} again at the site with {@link #SUSPENDED} in place of the awaitable.
 *
 * <p>Everything public here is the contract between the rewriter and the runtime, not API: the static methods
 * and {@link #label} for rewritten code, the instance methods for the core's task trampoline.
 */
public final class Frame<T> extends Coroutine<T> {
    /**
     * What a frame's body returns when it stopped at an await instead of finishing, and what it awaits, at that
     * await site, when it resumes (never a value a user could await).
     */
    public static final Object SUSPENDED = new Object() {
        @Override
        public String toString() {
            return "SUSPENDED";
        }
    };
    /** The label of a frame whose body returned another coroutine and now waits for its result. */
    public static final int TAIL = -1;
    /** The label of a finished frame. */
    public static final int DONE = -2;
    /** The core's await protocol, a constant the JIT inlines through. */
    private static final CoreAccess.Hooks CORE = CoreAccess.hooks();
    /** {@link #task}, for {@link #claim}'s compare-and-set. */
    private static final VarHandle TASK;

    static {
        try {
            TASK = MethodHandles.lookup().findVarHandle(Frame.class, "task", Task.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final MethodInfo info;
    /**
     * Where the body resumes: 0 at the start, {@code k > 0} after await site {@code k}, {@link #TAIL}, {@link #DONE}.
     * The one field rewritten code reads and writes itself ({@code GETFIELD}/{@code PUTFIELD}), hence public.
     */
    public int label;
    /**
     * Saved reference 0 and primitive 0 live in the frame itself; the rest in the arrays (index - 1). Primitive 0
     * is an int, so that the frame is 48 bytes rather than 56: the rewriter gives it only ints and floats.
     */
    private Object ref0;
    private int prim0;
    private Object[] refs;
    private long[] prims;
    /** The frame that awaits this one, or null for a task's root frame. */
    private Frame<?> caller;
    /** The task running this frame; null until the frame is first awaited or wrapped in a task ({@link #claim}s it). */
    private Task<?> task;
    /** The value, or a {@link Failure}, to deliver at the next resume. */
    private Object pending;

    public Frame(MethodInfo info) {
        this.info = info;
        if (info.refSlots > 1) {
            refs = new Object[info.refSlots - 1];
        }
        if (info.primSlots > 1) {
            prims = new long[info.primSlots - 1];
        }
        if (CoroutineTracking.isEnabled()) {
            CoroutineTracking.created(this);
        }
    }

    /**
     * Gives this frame to {@code task}, unless a task has it already: false then. Atomic, so that of two threads
     * handed the same coroutine at once (two {@code run()} calls, say) exactly one runs it.
     */
    public boolean claim(Task<?> task) {
        return this.task == null && TASK.compareAndSet(this, null, task);
    }

    /**
     * Binds this frame to the caller and task that await it inline, unless a task has it already: false then.
     * A plain write, unlike {@link #claim}: what a task awaits inline is its own thread's.
     */
    public boolean attach(Frame<?> caller, Task<?> task) {
        if (this.task != null) {
            return false;
        }
        this.task = task;
        this.caller = caller;
        return true;
    }

    /**
     * Moves a suspended chain of frames, from {@code innermost} up through its callers to this frame (its root),
     * under {@code caller} in {@code caller}'s task: an async generator's frames are resumed by whichever frame
     * awaits its next value, in whichever task awaits it. Walks the chain only when the task changes.
     */
    public void reattach(Frame<?> innermost, Frame<?> caller) {
        Task<?> newTask = caller.task;
        if (innermost.task != newTask) {
            for (Frame<?> f = innermost; f != null; f = f == this ? null : f.caller) {
                f.task = newTask;
            }
        }
        this.caller = caller;
    }

    /** The task running this frame, or null before it is first awaited. */
    public Task<?> task() {
        return task;
    }

    /** The method this frame is a call of. */
    public MethodInfo info() {
        return info;
    }

    /** Where this frame is suspended (or, while it runs, the await it last resumed from), as a stack-trace element. */
    public StackTraceElement suspendedAt() {
        return info.at(Math.max(label, 0));
    }

    /** The frame that awaits this one, or null for a task's root frame. */
    public Frame<?> caller() {
        return caller;
    }

    /** What the next resume delivers at the await point: a value, or a {@link Failure} to throw there. */
    public void deliver(Object valueOrFailure) {
        pending = valueOrFailure;
    }

    /**
     * Runs the body from the current label; a pending failure at label 0 (cancelled before start) is thrown at once.
     * The body jumps on its label unchecked (a check in every resume method would cost its bytes in each), so a
     * label that is no await site of it is refused here. An await site's label is tested first, in one unsigned
     * comparison: that is every resume of a suspended frame.
     */
    public Object resume() {
        int at = label;
        if (Integer.compareUnsigned(at - 1, info.awaitSites) < 0) {
            return info.body.resume(this);
        }
        if (at == 0) {
            return pending != null ? takeResult() : info.body.resume(this);
        }
        if (at == TAIL) {
            return takeResult();
        }
        throw new IllegalStateException("coroutine " + this + " resumed at label " + at + ", which is "
                + (at == DONE ? "that of a finished frame" : "no await site of it"));
    }

    /** The value delivered at the resumed await point, or the exception to throw there. */
    public Object takeResult() {
        Object p = pending;
        if (p == null) {
            return null; // nothing was delivered (a yield, a sleep): no store, and none of the collector's barriers
        }
        pending = null;
        if (p instanceof Failure failure) {
            throw Throwables.sneakyThrow(failure.raiseAt(this));
        }
        return p;
    }

    /** Marks the frame finished and lets go of what it saved. */
    public void finish() {
        label = DONE;
        ref0 = null;
        refs = null;
        prims = null;
        caller = null;
    }

    // ---- called by rewritten code ----

    /**
     * {@code await(x)} at await site {@code label} of a rewritten body: the value, or {@link #SUSPENDED} (the
     * frame's label is then {@code label}). Awaiting {@link #SUSPENDED} takes the value delivered on resume (and
     * sets the label back from the read position the restore used it for): a resume method with shared save code
     * re-enters its await sites that way, where one with a suspension per await calls {@link #resumeAt}.
     */
    public static Object await(Object awaitable, Frame<?> self, int label) {
        if (awaitable == SUSPENDED) {
            return resumeAt(self, label);
        }
        return awaitAt(awaitable, self, label);
    }

    /**
     * {@code await(x)} at await site {@code label} of a resume method with a suspension per await, which resumes
     * through {@link #resumeAt} and never enters its awaits again: {@link #await}'s re-entry test left out of every
     * await of such a method (nearly all), where C2 compiles it into the step of each task that awaits.
     */
    public static Object awaitAt(Object awaitable, Frame<?> self, int label) {
        Object result = CORE.await(awaitable, self);
        if (result == SUSPENDED) {
            self.suspendAt(label);
        }
        return result;
    }

    /**
     * The value delivered to the frame resumed at await site {@code label}, or the exception to throw there; sets the
     * label back from the read position the restore used it for. A call of its own beside the await's, not the await
     * entered again with {@link #SUSPENDED}: C2 then compiles each for its one path (a task step 1-1.7 ns faster).
     */
    public static Object resumeAt(Frame<?> self, int label) {
        self.label = label;
        return self.takeResult();
    }

    /**
     * Records the await site the body stops at, and drops the references saved at its last suspension: the
     * body now saves those it still needs (only those), so a suspended frame retains nothing else.
     */
    private void suspendAt(int label) {
        this.label = label;
        if (ref0 != null) { // most suspensions find it empty: a test is cheaper than a reference store
            ref0 = null;
        }
        Object[] saved = refs;
        if (saved != null) {
            Arrays.fill(saved, null);
        }
    }

    /** {@code return x;} inside a rewritten body: the result, or {@link #SUSPENDED} while a returned coroutine runs. */
    public static Object complete(Object returned, Frame<?> self) {
        return CORE.complete(returned, self);
    }

    /** An await the rewriter refused (not in a coroutine, or in a constructor): throws the reason it gave. */
    public static Object rejectedAwait(Object awaitable, String message) {
        throw new IllegalStateException(message);
    }

    /** Lets go of the arguments' references once the body has them and no suspension needs the slots. */
    public static void dropRefs(Frame<?> f) {
        f.ref0 = null;
        f.refs = null;
    }

    /** Lets go of the primitive arguments' array once the body has them and no suspension needs it. */
    public static void dropPrims(Frame<?> f) {
        f.prims = null;
    }

    public static void putRef(Object v, Frame<?> f, int i) {
        if (i == 0) {
            f.ref0 = v;
        } else {
            f.refs[i - 1] = v;
        }
    }

    public static void putInt(int v, Frame<?> f, int i) {
        if (i == 0) {
            f.prim0 = v;
        } else {
            f.prims[i - 1] = v;
        }
    }

    public static void putFloat(float v, Frame<?> f, int i) {
        putInt(Float.floatToRawIntBits(v), f, i);
    }

    /** Longs and doubles never get slot 0 (an int): {@code i >= 1}. */
    public static void putLong(long v, Frame<?> f, int i) {
        f.prims[i - 1] = v;
    }

    public static void putDouble(double v, Frame<?> f, int i) {
        putLong(Double.doubleToRawLongBits(v), f, i);
    }

    // A resume reads the saved values back in slot order, each kind from its own position: while it does, the
    // label holds the next reference slot in its low 16 bits and the next primitive slot above them (a frame is
    // restored by the thread that runs it; the resumed await puts the label back).

    public static Object nextRef(Frame<?> f) {
        int i = f.label & 0xFFFF;
        f.label++;
        return getRef(f, i);
    }

    public static int nextInt(Frame<?> f) {
        int i = f.label >>> 16;
        f.label += 0x10000;
        return getInt(f, i);
    }

    public static long nextLong(Frame<?> f) {
        int i = f.label >>> 16;
        f.label += 0x10000;
        return getLong(f, i);
    }

    public static float nextFloat(Frame<?> f) {
        return Float.intBitsToFloat(nextInt(f));
    }

    public static double nextDouble(Frame<?> f) {
        return Double.longBitsToDouble(nextLong(f));
    }

    public static Object getRef(Frame<?> f, int i) {
        return i == 0 ? f.ref0 : f.refs[i - 1];
    }

    public static int getInt(Frame<?> f, int i) {
        return i == 0 ? f.prim0 : (int) f.prims[i - 1];
    }

    public static long getLong(Frame<?> f, int i) {
        return f.prims[i - 1];
    }

    public static float getFloat(Frame<?> f, int i) {
        return Float.intBitsToFloat(getInt(f, i));
    }

    public static double getDouble(Frame<?> f, int i) {
        return Double.longBitsToDouble(getLong(f, i));
    }

    /** {@code Spinner.spin() running at Spinner.java:21}, as asyncio describes a coroutine. */
    @Override
    public String toString() {
        if (label == DONE) {
            return info.qualifiedName() + " done";
        }
        return info.qualifiedName() + " running at " + info.location(Math.max(label, 0));
    }
}
