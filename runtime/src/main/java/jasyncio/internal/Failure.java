package jasyncio.internal;

/** An exception waiting in {@link Frame#pending} to be thrown at the frame's await point. */
public final class Failure {
    public final Throwable error;

    public Failure(Throwable error) {
        this.error = error;
    }
}
