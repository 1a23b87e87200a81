package jasyncio.internal;

/**
 * The body of one rewritten {@code @Async} method: runs the frame from its label until it returns its result
 * or {@link Frame#SUSPENDED}. Implemented by a lambda over the synthetic resume method the agent writes.
 */
@FunctionalInterface
public interface Resumer {
    Object resume(Frame<?> frame);
}
