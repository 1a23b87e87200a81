package jasyncio.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.iter.Emitter;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import static jasyncio.Asyncio.await;

/**
 * The bodies of the networking types' async iterables ({@link StreamReader#lines()}, {@link StreamReader#chunks},
 * {@link DatagramEndpoint#datagrams()}): async generators that read on from where their source stands.
 */
final class AsyncSources {
    private AsyncSources() {
    }

    @Async
    static Coroutine<Void> lines(StreamReader reader, Emitter<String> out) throws IOException {
        for (String line; (line = await(reader.readLine())) != null; ) {
            await(out.emit(line));
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> chunks(StreamReader reader, int size, Emitter<byte[]> out) throws IOException {
        for (byte[] chunk; (chunk = await(reader.read(size))).length > 0; ) {
            await(out.emit(chunk));
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> datagrams(DatagramEndpoint endpoint, Emitter<Datagram> out) throws IOException {
        for (;;) {
            Datagram next;
            try {
                next = await(endpoint.receive());
            } catch (ClosedChannelException e) {
                if (endpoint.isClosed()) {
                    return Coroutine.completed();
                }
                throw e;
            }
            await(out.emit(next));
        }
    }
}
