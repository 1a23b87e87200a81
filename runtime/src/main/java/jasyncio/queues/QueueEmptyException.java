package jasyncio.queues;

/** asyncio's {@code QueueEmpty}: {@link Queue#getNowait} on an empty queue. */
public class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueEmptyException(String message) {
        super(message);
    }
}
