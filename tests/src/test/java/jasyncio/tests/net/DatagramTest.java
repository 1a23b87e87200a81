package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Datagram;
import jasyncio.net.DatagramEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.net.Net.openDatagramEndpoint;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** UDP on the loop, on loopback: datagrams with their addresses, and a connected endpoint's errors. */
@Timeout(30)
class DatagramTest {
    @Async
    static Coroutine<Void> echo(DatagramEndpoint server, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Datagram d = await(server.receive());
            server.send(new String(d.data(), StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8), d.source());
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<List<String>> exchange(int count) throws IOException {
        DatagramEndpoint server = await(openDatagramEndpoint("127.0.0.1", 0));
        DatagramEndpoint client = await(openDatagramEndpoint("127.0.0.1", 0, "127.0.0.1", server.getLocalAddress().getPort()));
        Task<Void> echoing = createTask(echo(server, count));
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            client.send(("ping " + i).getBytes(StandardCharsets.UTF_8));
            Datagram reply = await(waitFor(client.receive(), 5));
            assertEquals(server.getLocalAddress(), reply.source());
            replies.add(new String(reply.data(), StandardCharsets.UTF_8));
        }
        await(echoing);
        client.close();
        server.close();
        return Coroutine.completed(replies);
    }

    @Test
    void datagramsTravelWithTheirSourceAddress() throws IOException {
        List<String> replies = run(exchange(50));
        assertEquals(50, replies.size());
        assertEquals("PING 0", replies.get(0));
        assertEquals("PING 49", replies.get(49));
    }

    @Async
    static Coroutine<Throwable> sendToNobody(int port) throws IOException {
        DatagramEndpoint client = await(openDatagramEndpoint("127.0.0.1", 0, "127.0.0.1", port));
        client.send(new byte[] {1});
        try {
            await(waitFor(client.receive(), 5));
            return Coroutine.completed(null);
        } catch (IOException e) {
            return Coroutine.completed(e);
        } finally {
            client.close();
        }
    }

    @Test
    void aConnectedEndpointGetsPortUnreachableAtTheReceive() throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        assertInstanceOf(PortUnreachableException.class, run(sendToNobody(port)));
    }
}
