package jasyncio.queues;

/** asyncio's {@code QueueFull}: {@link Queue#putNowait} on a full queue. */
public class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
