package jasyncio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The values of the {@link ContextVar}s, like Python's {@code contextvars.Context}. Every task owns one,
 * copied from where it was created, and so does every callback (a copy of the context current where it was
 * scheduled or registered, as asyncio's); a task or callback given a context runs in that one. Outside tasks and
 * callbacks each thread has its own. Copies are cheap: the map is shared until one side changes it.
 *
 * <p>Thread locals registered with {@link #carryThreadLocal} (a logging MDC, say) travel the same way: a
 * task captures their values when it is created and has them set around each of its steps, and
 * {@link Asyncio#toThread} sets them in the worker thread.
 */
public final class Context {
    private static final ThreadLocal<Context> THREAD = ThreadLocal.withInitial(Context::new);
    /** Set while {@link #call} runs: takes precedence over the running task's context. */
    private static final ThreadLocal<Context> ENTERED = new ThreadLocal<>();
    private static final List<ThreadLocal<Object>> CARRIED = new CopyOnWriteArrayList<>();

    private Map<ContextVar<?>, Object> values;
    private boolean shared;

    public Context() {
        this(new HashMap<>(), false);
    }

    private Context(Map<ContextVar<?>, Object> values, boolean shared) {
        this.values = values;
        this.shared = shared;
    }

    /**
     * The context code runs in now: entered with {@link #call}, else the running task's, else the running
     * callback's, else this thread's.
     */
    public static Context current() {
        return current(EventLoop.runningOrNull());
    }

    static Context current(EventLoop loop) {
        Context entered = ENTERED.get();
        if (entered != null) {
            return entered;
        }
        if (loop != null) {
            Task<?> task = loop.currentTask();
            if (task != null) {
                return task.context();
            }
            Context callback = loop.callbackContext();
            if (callback != null) {
                return callback;
            }
        }
        return THREAD.get();
    }

    /**
     * What a task or callback created now starts from, in the lazy form {@link #materialise} takes: the current
     * values (shared until either side changes them), or null when there are none. Unlike {@link #current}, it
     * makes no Context for a task or callback that has none yet.
     */
    static Object capture(EventLoop loop) {
        Context entered = ENTERED.get();
        if (entered != null) {
            return snapshotOf(entered);
        }
        if (loop != null) {
            Task<?> task = loop.currentTask();
            if (task != null) {
                return snapshotOf(task.lazyContext());
            }
            if (loop.inCallback()) {
                return snapshotOf(loop.lazyCallbackContext());
            }
        }
        return snapshotOf(THREAD.get());
    }

    /** The values a lazy context holds now, to start another from: null (none), a shared snapshot. */
    private static Object snapshotOf(Object lazy) {
        if (lazy instanceof Context context) {
            return context.values.isEmpty() ? null : context.snapshot();
        }
        return lazy;
    }

    /**
     * The context a lazy form stands for: null is a new empty one, a snapshot of values a new one starting from
     * them, a Context itself. Tasks and callbacks keep their context lazy: most never read or set a variable.
     */
    @SuppressWarnings("unchecked")
    static Context materialise(Object lazy) {
        if (lazy instanceof Context context) {
            return context;
        }
        return lazy == null ? new Context() : new Context((Map<ContextVar<?>, Object>) lazy, true);
    }

    /** The values as they are now: shared until either side changes them. */
    private Map<ContextVar<?>, Object> snapshot() {
        shared = true;
        return values;
    }

    /** A copy: later changes on either side are not seen by the other. */
    public Context copy() {
        return new Context(snapshot(), true);
    }

    /** Runs {@code body} in this context on the current thread. */
    public <T> T call(Callable<T> body) throws Exception {
        Context outer = ENTERED.get();
        ENTERED.set(this);
        try {
            return body.call();
        } finally {
            if (outer == null) {
                ENTERED.remove();
            } else {
                ENTERED.set(outer);
            }
        }
    }

    /** {@code work} bound to a copy of this context and of the carried thread locals, for another thread. */
    <T> Callable<T> wrap(Callable<T> work) {
        Context copy = copy();
        Object[] carried = captureCarried();
        return () -> {
            Object[] previous = swapCarried(carried);
            try {
                return copy.call(work);
            } finally {
                swapCarried(previous);
            }
        };
    }

    Object lookup(ContextVar<?> variable) {
        return values.getOrDefault(variable, ContextVar.MISSING);
    }

    void put(ContextVar<?> variable, Object value) {
        ownValues().put(variable, value);
    }

    void remove(ContextVar<?> variable) {
        ownValues().remove(variable);
    }

    private Map<ContextVar<?>, Object> ownValues() {
        if (shared) {
            values = new HashMap<>(values);
            shared = false;
        }
        return values;
    }

    // ---- carried thread locals ----

    /**
     * Makes every task carry {@code threadLocal}: its value where a task is created is set around each step
     * of that task (and of {@link Asyncio#toThread} work). Register it once, before creating the tasks.
     */
    @SuppressWarnings("unchecked")
    public static void carryThreadLocal(ThreadLocal<?> threadLocal) {
        if (!CARRIED.contains(threadLocal)) {
            CARRIED.add((ThreadLocal<Object>) threadLocal);
        }
    }

    /** The current values of the carried thread locals, or null when none is registered. */
    static Object[] captureCarried() {
        if (CARRIED.isEmpty()) {
            return null;
        }
        Object[] values = new Object[CARRIED.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = CARRIED.get(i).get();
        }
        return values;
    }

    /** Sets the carried thread locals to {@code values} and returns the ones they had. */
    static Object[] swapCarried(Object[] values) {
        if (values == null) {
            return null;
        }
        Object[] previous = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            ThreadLocal<Object> local = CARRIED.get(i);
            previous[i] = local.get();
            local.set(values[i]);
        }
        return previous;
    }

    @Override
    public String toString() {
        return "<Context " + values.size() + " variables>";
    }
}
