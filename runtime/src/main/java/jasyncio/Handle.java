package jasyncio;

/** A callback scheduled on an {@link EventLoop}; {@link #cancel()} keeps it from running. */
public class Handle {
    private Runnable callback;

    Handle(Runnable callback) {
        this.callback = callback;
    }

    /** Keeps the callback from running if it has not run yet (and lets go of it). */
    public void cancel() {
        callback = null;
    }

    public boolean cancelled() {
        return callback == null;
    }

    void run() {
        Runnable r = callback;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public String toString() {
        Runnable r = callback;
        return "<" + getClass().getSimpleName() + (r == null ? " cancelled" : " " + r) + ">";
    }
}
