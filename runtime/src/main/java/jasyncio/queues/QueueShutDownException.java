package jasyncio.queues;

/**
 * asyncio's {@code QueueShutDown} (Python 3.13): a put on a queue that was {@link Queue#shutdown shut down},
 * or a get on one that was shut down and is empty (or shut down immediately).
 */
public class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueShutDownException(String message) {
        super(message);
    }
}
