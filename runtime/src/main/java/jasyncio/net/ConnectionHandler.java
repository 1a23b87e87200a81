package jasyncio.net;

import jasyncio.Coroutine;

/**
 * What a server runs for each connection ({@link Net#startServer}): usually a coroutine lambda or a
 * reference to an {@code @Async} method. It may throw checked exceptions (stream reads declare
 * {@code IOException}); a failure closes the connection and is reported to the loop.
 */
@FunctionalInterface
public interface ConnectionHandler {
    Coroutine<?> handle(StreamReader reader, StreamWriter writer) throws Exception;
}
