package jasyncio;

/**
 * A callback scheduled on an {@link EventLoop}; {@link #cancel()} keeps it from running. It runs in the context
 * it was scheduled with: a copy of the one current when it was scheduled, or the {@link Context} given then.
 */
public class Handle {
    /**
     * A {@link Runnable}, or an {@link InContext} of one; for a sleeping task's timer the {@link Task} to wake;
     * null once cancelled.
     */
    private Object callback;

    Handle(Object callback) {
        this.callback = callback;
    }

    Object callback() {
        return callback;
    }

    /** The context the callback runs in, in its lazy form ({@link Context#materialise}). */
    Object context() {
        return InContext.contextOf(callback);
    }

    /** Keeps the callback from running if it has not run yet (and lets go of it). */
    public void cancel() {
        callback = null;
    }

    public boolean cancelled() {
        return callback == null;
    }

    void run() {
        Object r = InContext.callbackOf(callback);
        if (r != null) {
            ((Runnable) r).run();
        }
    }

    @Override
    public String toString() {
        Object r = InContext.callbackOf(callback);
        return "<" + getClass().getSimpleName() + (r == null ? " cancelled" : " " + r) + ">";
    }
}
