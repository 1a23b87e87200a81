package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;

import java.io.IOException;
import java.nio.ByteBuffer;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;

/**
 * The TCP echo server of asyncio's documentation: every byte a client sends comes back, until it closes its side.
 * {@link EchoClient} measures it; the benchmark reuses both. Where asyncio reads a new {@code bytes} object each
 * time, this one reads into one direct buffer that the server's connections share, so that the bytes go from the
 * socket and back to it without a copy ({@code reader.read(n)}, a fresh array per read, costs a copy each way and
 * the array), and stay in the cache (a buffer per connection is 64 MB at 1,000 connections).
 *
 * <p>Run: {@code java -javaagent:agent/target/jasyncio-agent.jar -cp examples/target/classes
 * jasyncio.examples.EchoServer [host (127.0.0.1)] [port (8888)]}.
 */
public class EchoServer {
    static final int DEFAULT_PORT = 8888;
    /** Bytes taken per read: as much as the reader holds before it stops reading the socket. */
    private static final int CHUNK = StreamReader.DEFAULT_LIMIT;

    /**
     * Echoes until the client's end of stream, then closes. {@code buffer} may be shared by every connection of a
     * loop: {@code readInto} fills it in this handler's own step, and {@code write} sends it (or copies what the
     * socket does not take) before the handler awaits again. An await between the two would need a buffer each.
     */
    @Async
    public static Coroutine<Void> handle(StreamReader reader, StreamWriter writer, ByteBuffer buffer)
            throws IOException {
        try {
            while (await(reader.readInto(buffer.clear())) > 0) {
                writer.write(buffer.flip()); // what the socket does not take at once is copied to the queue
                await(writer.drain());
            }
        } finally {
            writer.close();
        }
        return Coroutine.completed();
    }

    /** A listening echo server; port 0 picks a free one. */
    @Async
    public static Coroutine<Server> start(String host, int port) throws IOException {
        ByteBuffer shared = ByteBuffer.allocateDirect(CHUNK); // one per server, so one per loop
        return Coroutine.completed(await(startServer((reader, writer) -> handle(reader, writer, shared), host, port)));
    }

    @Async
    static Coroutine<Void> serve(String host, int port) throws IOException {
        Server server = await(start(host, port));
        System.out.println("Echo server on " + server.getAddress() + ". Hit Ctrl-C to stop.");
        await(server.serveForever());
        return Coroutine.completed();
    }

    public static void main(String[] args) throws IOException {
        run(serve(args.length > 0 ? args[0] : "127.0.0.1", args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_PORT));
    }
}
