package jasyncio;

/** A callback scheduled on an {@link EventLoop}; {@link #cancel()} keeps it from running. */
public class Handle {
    /** A {@link Runnable}, or for a sleeping task's timer the {@link Task} to wake; null once cancelled. */
    private Object callback;

    Handle(Object callback) {
        this.callback = callback;
    }

    Object callback() {
        return callback;
    }

    /** Keeps the callback from running if it has not run yet (and lets go of it). */
    public void cancel() {
        callback = null;
    }

    public boolean cancelled() {
        return callback == null;
    }

    void run() {
        Object r = callback;
        if (r != null) {
            ((Runnable) r).run();
        }
    }

    @Override
    public String toString() {
        Object r = callback;
        return "<" + getClass().getSimpleName() + (r == null ? " cancelled" : " " + r) + ">";
    }
}
