package jasyncio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The future {@code gather} returns: done when every child is, with their results in the order given.
 * Without {@code returnExceptions} the first failure completes it at once (the other children keep
 * running); with it, failures take their place in the list. Cancelling it cancels every child.
 */
final class Gathering<T> extends Future<List<T>> implements DoneListener {
    private final List<Future<? extends T>> children;
    private final boolean returnExceptions;
    private int finished;
    /** Set by {@link #cancel}: the future ends cancelled once the children have reacted. */
    private String cancelRequested;
    private boolean cancelling;

    Gathering(EventLoop loop, List<Future<? extends T>> children, boolean returnExceptions) {
        super(loop);
        this.children = children;
        this.returnExceptions = returnExceptions;
        if (children.isEmpty()) {
            setResult(new ArrayList<>());
            return;
        }
        for (Future<? extends T> child : children) {
            child.addListener(this);
        }
    }

    @Override
    public void futureDone(Future<?> child) {
        finished++;
        if (done()) {
            if (!child.cancelled()) {
                child.exception();
            }
            return;
        }
        if (cancelling && (child.cancelled() || finished == children.size())) {
            super.cancel(cancelRequested);
            return;
        }
        if (!returnExceptions) {
            if (child.cancelled()) {
                setException(child.newCancellation());
                return;
            }
            Throwable error = child.exception();
            if (error != null) {
                setException(error);
                return;
            }
        }
        if (finished == children.size()) {
            setResult(collect());
        }
    }

    @SuppressWarnings("unchecked")
    private List<T> collect() {
        Object[] results = new Object[children.size()];
        for (int i = 0; i < results.length; i++) {
            Future<? extends T> child = children.get(i);
            if (child.cancelled()) {
                results[i] = child.newCancellation();
            } else {
                Throwable error = child.exception();
                results[i] = error != null ? error : child.result();
            }
        }
        return (List<T>) new ArrayList<>(Arrays.asList(results));
    }

    @Override
    public boolean cancel(String message) {
        if (done()) {
            failureHandled();
            return false;
        }
        boolean any = false;
        for (Future<? extends T> child : children) {
            any |= child.cancel(message);
        }
        if (!any) {
            return super.cancel(message);
        }
        cancelling = true;
        cancelRequested = message;
        return true;
    }
}
