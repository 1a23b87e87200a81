package jasyncio.internal;

/**
 * An exception waiting in {@link Frame#pending} to be thrown at the frame's await point. A cancellation keeps
 * track of where it went, as asyncio's traceback does: one made for the await point takes its stack trace there
 * (where the coroutine was interrupted), and a task's cancellation handed on to another coroutine records where
 * that one got it ({@link RethrownHere}).
 */
public final class Failure {
    private static final byte AS_IS = 0;
    private static final byte TRACE_AT_THROW = 1;
    private static final byte RECORD_RETHROW = 2;

    public final Throwable error;
    private final byte kind;

    public Failure(Throwable error) {
        this(error, AS_IS);
    }

    private Failure(Throwable error, byte kind) {
        this.error = error;
        this.kind = kind;
    }

    /** {@code error}, new, to show the frames of the await point it is thrown at rather than where it was made. */
    public static Failure tracedAtThrow(Throwable error) {
        return new Failure(error, TRACE_AT_THROW);
    }

    /** {@code error}, thrown before elsewhere, to record where it is thrown again ({@link RethrownHere#record}). */
    public static Failure rethrown(Throwable error) {
        return new Failure(error, RECORD_RETHROW);
    }

    /**
     * The exception to throw now at {@code frame}'s await point. A new one is given the await chain there as its
     * trace, which costs no stack walk (a cancellation storm makes one per task).
     */
    public Throwable raiseAt(Frame<?> frame) {
        if (kind == TRACE_AT_THROW) {
            error.setStackTrace(CoreAccess.hooks().traceAtAwait(frame));
            return error;
        }
        return raise();
    }

    /** The exception to throw now, called where it is thrown (only then is that place's stack at hand). */
    public Throwable raise() {
        if (kind == TRACE_AT_THROW) {
            error.fillInStackTrace();
        } else if (kind == RECORD_RETHROW) {
            RethrownHere.record(error);
        }
        return error;
    }
}
