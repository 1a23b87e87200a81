package jasyncio;

import java.util.List;

/**
 * The failures of a {@link TaskGroup}, like Python's {@code ExceptionGroup}: every exception its tasks (and its
 * body) failed with, in the order they happened. Each is also attached as a suppressed exception, so a stack
 * trace shows them all; the first is the cause.
 */
public class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Throwable> exceptions;

    public TaskGroupException(String message, List<Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
                exceptions.isEmpty() ? null : exceptions.get(0));
        this.exceptions = List.copyOf(exceptions);
        for (Throwable e : exceptions) {
            addSuppressed(e);
        }
    }

    /** The failures, in the order they happened. */
    public List<Throwable> getExceptions() {
        return exceptions;
    }
}
