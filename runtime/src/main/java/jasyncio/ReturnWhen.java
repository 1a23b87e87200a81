package jasyncio;

/** When {@link Asyncio#waitUntil} returns, as asyncio's {@code wait(return_when=...)}. */
public enum ReturnWhen {
    /** As soon as any awaitable is done. */
    FIRST_COMPLETED,
    /** As soon as any awaitable fails, or when all are done. */
    FIRST_EXCEPTION,
    /** When all are done. */
    ALL_COMPLETED
}
