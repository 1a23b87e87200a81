package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;

import java.io.IOException;
import java.util.Random;
import java.util.zip.CRC32;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static jasyncio.net.Net.startServer;

/**
 * The transfer of {@code LoadTest.aGibibyteThroughAnEchoServerArrivesIntact}, run in a child JVM whose heap is
 * capped well below the data: a client sends N MiB through an echo server on the same loop while a second task
 * receives them. Prints {@code sent <bytes> <crc> received <bytes> <crc> max-heap <MiB>}: had anything on the
 * way kept the data, the run would have ended in an {@code OutOfMemoryError} instead.
 */
public final class GigabyteEcho {
    private static final int BLOCK = 64 * 1024;

    private GigabyteEcho() {
    }

    @Async
    static Coroutine<Void> echo(StreamReader reader, StreamWriter writer) throws IOException {
        for (byte[] chunk; (chunk = await(reader.read(BLOCK))).length > 0; ) {
            writer.write(chunk);
            await(writer.drain());
        }
        writer.close();
        return Coroutine.completed();
    }

    @Async
    static Coroutine<long[]> receive(StreamReader reader) throws IOException {
        CRC32 crc = new CRC32();
        long bytes = 0;
        for (byte[] chunk; (chunk = await(reader.read(BLOCK))).length > 0; ) {
            crc.update(chunk);
            bytes += chunk.length;
        }
        return Coroutine.completed(new long[] {bytes, crc.getValue()});
    }

    @Async
    static Coroutine<String> transfer(int mebibytes) throws IOException {
        Server server = await(startServer(GigabyteEcho::echo, "127.0.0.1", 0));
        Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
        Task<long[]> receiving = createTask(receive(c.reader()));
        byte[] block = new byte[BLOCK];
        new Random(42).nextBytes(block);
        CRC32 sent = new CRC32();
        long blocks = (long) mebibytes * (1 << 20) / BLOCK;
        for (long i = 0; i < blocks; i++) {
            // A different block each time: a block lost, repeated or swapped changes the checksum.
            for (int b = 0; b < 8; b++) {
                block[b] = (byte) (i >>> (8 * b));
            }
            sent.update(block);
            c.writer().write(block);
            await(c.writer().drain());
        }
        c.writer().writeEof();
        long[] received = await(receiving);
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return Coroutine.completed("sent " + blocks * BLOCK + " " + sent.getValue() + " received " + received[0] + " "
                + received[1] + " max-heap " + (Runtime.getRuntime().maxMemory() >> 20));
    }

    public static void main(String[] args) throws IOException {
        System.out.println(run(transfer(Integer.parseInt(args[0]))));
    }
}
