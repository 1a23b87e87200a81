package jasyncio;

/** Thrown at the await point when {@link Asyncio#waitFor(Awaitable, double)} runs out of time. */
public class AsyncTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AsyncTimeoutException(String message) {
        super(message);
    }

    public AsyncTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
