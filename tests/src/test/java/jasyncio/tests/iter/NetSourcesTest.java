package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.iter.AsyncIterator;
import jasyncio.net.Connection;
import jasyncio.net.Datagram;
import jasyncio.net.DatagramEndpoint;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.sync.Event;
import jasyncio.test.AsyncTest;
import jasyncio.test.TestLoop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;
import static org.junit.jupiter.api.Assertions.*;

/** The networking types' async iterables over loopback: a stream's lines and chunks, an endpoint's datagrams. */
@TestLoop
class NetSourcesTest {
    /** Writes {@code text} to each client, then closes the connection. */
    @Async
    static Coroutine<Void> sendAndClose(StreamWriter writer, byte[] text) throws IOException {
        writer.write(text);
        await(writer.drain());
        writer.close();
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Connection> connectTo(byte[] served) throws IOException {
        Server server = await(startServer((StreamReader reader, StreamWriter writer) -> sendAndClose(writer, served),
                "127.0.0.1", 0));
        Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
        server.close();
        return Coroutine.completed(c);
    }

    @AsyncTest
    void linesEndAtTheEndOfTheStream() throws IOException {
        Connection c = await(connectTo("alpha\nbeta\r\n\ngamma".getBytes(StandardCharsets.UTF_8)));
        List<String> lines = new ArrayList<>();
        try (AsyncIterator<String> it = c.reader().lines().iterator()) {
            while (await(it.hasNext())) {
                lines.add(it.next());
            }
        }
        assertEquals(List.of("alpha", "beta", "", "gamma"), lines);
        c.writer().close();
    }

    @AsyncTest
    void aSecondIteratorContinuesWhereTheFirstStopped() throws IOException {
        Connection c = await(connectTo("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("one"), await(c.reader().lines().take(1).toList()));
        assertEquals(List.of("two", "three"), await(c.reader().lines().toList()));
        c.writer().close();
    }

    @AsyncTest
    void chunksCarryEveryByteInPiecesOfAtMostTheSize() throws IOException {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        Connection c = await(connectTo(data));
        List<byte[]> chunks = await(c.reader().chunks(4096).toList());
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            assertTrue(chunk.length > 0 && chunk.length <= 4096, "chunk of " + chunk.length);
            all.write(chunk);
        }
        assertArrayEquals(data, all.toByteArray());
        assertThrows(IllegalArgumentException.class, () -> c.reader().chunks(0));
        c.writer().close();
    }

    @AsyncTest
    void datagramsEndWhenTheEndpointCloses() throws IOException {
        DatagramEndpoint server = await(openDatagramEndpoint("127.0.0.1", 0));
        DatagramEndpoint client = await(openDatagramEndpoint("127.0.0.1", 0, "127.0.0.1",
                server.getLocalAddress().getPort()));
        List<String> received = new ArrayList<>();
        Event gotThree = new Event();
        Task<Void> receiving = createTask(server.datagrams().forEach(d -> {
            received.add(new String(d.data(), StandardCharsets.UTF_8) + " from " + d.source());
            if (received.size() == 3) {
                gotThree.set();
            }
        }));
        for (int i = 0; i < 3; i++) {
            client.send(("ping " + i).getBytes(StandardCharsets.UTF_8));
        }
        await(waitFor(gotThree.waitSet(), 10));
        server.close();
        await(waitFor(receiving, 10));
        String from = " from " + client.getLocalAddress();
        assertEquals(List.of("ping 0" + from, "ping 1" + from, "ping 2" + from), received);
        client.close();
    }

    @AsyncTest
    void aClosedEndpointHasNoMoreDatagrams() throws IOException {
        DatagramEndpoint server = await(openDatagramEndpoint("127.0.0.1", 0));
        DatagramEndpoint client = await(openDatagramEndpoint("127.0.0.1", 0, "127.0.0.1",
                server.getLocalAddress().getPort()));
        client.send("first".getBytes(StandardCharsets.UTF_8));
        Datagram first = await(waitFor(server.receive(), 10));
        assertEquals("first", new String(first.data(), StandardCharsets.UTF_8));
        server.close();
        assertEquals(List.of(), await(server.datagrams().toList()));
        client.close();
    }
}
