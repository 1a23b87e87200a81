package jasyncio.internal;

/**
 * The cause given to a task's cancellation when it is first thrown again elsewhere (at a coroutine awaiting the
 * task, or from {@code result()}): Java's stack trace is fixed where an exception is made, where asyncio's
 * traceback grows with every frame it passes, so this keeps the frames of the awaiter next to those of the
 * coroutine that was interrupted. The same exception object goes to every awaiter; only the first is recorded.
 */
public final class RethrownHere extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private RethrownHere() {
        super("the task's cancellation, thrown again here to the code that awaited the task or read its result");
    }

    /** Gives {@code error} the current stack as its cause, unless it has a cause already. */
    static void record(Throwable error) {
        if (error.getCause() != null) {
            return;
        }
        try {
            error.initCause(new RethrownHere());
        } catch (IllegalStateException causeAlreadyChosen) {
            // made with an explicit null cause: it keeps that
        }
    }
}
