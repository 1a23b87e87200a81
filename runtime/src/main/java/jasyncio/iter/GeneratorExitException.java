package jasyncio.iter;

import java.util.concurrent.CancellationException;

/**
 * Thrown at an async generator's {@code await(out.emit(v))} when its consumer stops early: Python's
 * {@code GeneratorExit}, Kotlin's {@code AbortFlowException}. Let it propagate (use {@code finally} for
 * clean-up, which may await): a producer that catches it and emits again is abandoned where it stands and the
 * consumer's {@code aclose()} fails with {@link IllegalStateException} ("ignored GeneratorExitException").
 *
 * <p>A {@link CancellationException}, so that code which already treats cancellation as "stop and clean up" does
 * the same here; the generator recognises its own instance and does not report it to the consumer.
 */
public class GeneratorExitException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** An exit whose message says what closed the generator. */
    public GeneratorExitException(String message) {
        super(message);
    }
}
