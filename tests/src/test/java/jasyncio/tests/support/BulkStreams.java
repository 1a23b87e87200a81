package jasyncio.tests.support;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;

import java.io.IOException;
import java.util.zip.CRC32;

import static jasyncio.Asyncio.await;

/** The two ends of the bulk-transfer tests over TCP, TLS and Unix sockets: an echo handler and a checksumming reader. */
public final class BulkStreams {
    private static final int CHUNK = 64 * 1024;

    private BulkStreams() {
    }

    /** Echoes everything back, holding back while the writer's queue is above its high-water mark; closes at EOF. */
    @Async
    public static Coroutine<Void> echo(StreamReader reader, StreamWriter writer) throws IOException {
        for (byte[] chunk; (chunk = await(reader.read(CHUNK))).length > 0; ) {
            writer.write(chunk);
            await(writer.drain());
        }
        writer.close();
        return Coroutine.completed();
    }

    /** The CRC-32 of the next {@code bytes} bytes; an end of stream before them is an {@link IOException}. */
    @Async
    public static Coroutine<Long> checksumOf(StreamReader reader, long bytes) throws IOException {
        CRC32 crc = new CRC32();
        for (long got = 0; got < bytes; ) {
            byte[] chunk = await(reader.read(CHUNK));
            if (chunk.length == 0) {
                throw new IOException("end of stream after " + got + " of " + bytes + " bytes");
            }
            crc.update(chunk);
            got += chunk.length;
        }
        return Coroutine.completed(crc.getValue());
    }
}
