package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Datagram;
import jasyncio.net.DatagramEndpoint;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.net.Net.openDatagramEndpoint;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(server.getLocalAddress(), client.getRemoteAddress(), "the client is connected to the server");
        assertNull(server.getRemoteAddress(), "the server is not connected");
        Task<Void> echoing = createTask(echo(server, count));
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            client.send(("ping " + i).getBytes(StandardCharsets.UTF_8));
            Datagram reply = await(waitFor(client.receive(), 5));
            assertEquals(server.getLocalAddress(), reply.source());
            assertEquals("<Datagram " + reply.data().length + " bytes from " + server.getLocalAddress() + ">", reply.toString());
            replies.add(new String(reply.data(), StandardCharsets.UTF_8));
        }
        await(echoing);
        client.close();
        server.close();
        assertTrue(server.toString().matches("<DatagramEndpoint .* closed queued=0>"), server.toString());
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

    @Nested
    class Queueing {
        @Async
        Coroutine<List<String>> sendThreeThenReceive() throws IOException {
            DatagramEndpoint server = await(openDatagramEndpoint("127.0.0.1", 0));
            DatagramEndpoint client = await(openDatagramEndpoint("127.0.0.1", 0));
            for (String word : List.of("one", "two", "three")) {
                client.send(word.getBytes(StandardCharsets.UTF_8), server.getLocalAddress());
            }
            assertEquals(0, client.pendingSends());
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Datagram d = await(waitFor(server.receive(), 5));
                assertEquals(client.getLocalAddress(), d.source());
                got.add(new String(d.data(), StandardCharsets.UTF_8));
            }
            client.close();
            server.close();
            return Coroutine.completed(got);
        }

        @Test
        void datagramsThatArriveBeforeAnyReceiveWaitForItInOrder() throws IOException {
            assertEquals(List.of("one", "two", "three"), run(sendThreeThenReceive()));
        }

        @Async
        Coroutine<Integer> sendToSelf(int size) throws IOException {
            DatagramEndpoint endpoint = await(openDatagramEndpoint("127.0.0.1", 0));
            try {
                endpoint.send(new byte[size], endpoint.getLocalAddress());
                return Coroutine.completed(await(waitFor(endpoint.receive(), 5)).data().length);
            } finally {
                endpoint.close();
            }
        }

        @Test
        void theLargestUdpDatagramTravelsWhole() throws IOException {
            assertEquals(65_507, run(sendToSelf(65_507)));
        }

        @Test
        void aDatagramOverTheUdpLimitIsRefused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(sendToSelf(65_508)));
            assertTrue(e.getMessage().contains("65508"), e.getMessage());
        }
    }

    @Nested
    class Closing {
        @Async
        Coroutine<Throwable> closeWhileReceiving() throws IOException {
            DatagramEndpoint endpoint = await(openDatagramEndpoint("127.0.0.1", 0));
            Task<Datagram> receiving = createTask(endpoint.receive());
            await(sleep(0));
            assertFalse(receiving.done(), "the receive waits");
            assertFalse(endpoint.isClosed());
            endpoint.close();
            endpoint.close();
            assertTrue(endpoint.isClosed());
            try {
                await(waitFor(receiving, 5));
                return Coroutine.completed(null);
            } catch (Exception e) { // the ClosedChannelException thrown in the receiving task
                return Coroutine.completed(e);
            }
        }

        @Test
        void closingWakesAWaitingReceiveWithClosedChannelException() throws IOException {
            assertInstanceOf(ClosedChannelException.class, run(closeWhileReceiving()));
        }

        @Async
        Coroutine<Void> useAfterClose(boolean receive) throws IOException {
            DatagramEndpoint endpoint = await(openDatagramEndpoint("127.0.0.1", 0));
            SocketAddress self = endpoint.getLocalAddress();
            endpoint.close();
            if (receive) {
                await(endpoint.receive());
            } else {
                endpoint.send(new byte[] {1}, self);
            }
            return Coroutine.completed();
        }

        @Test
        void aReceiveAfterCloseThrowsClosedChannelException() {
            assertThrows(ClosedChannelException.class, () -> run(useAfterClose(true)));
        }

        @Test
        void aSendAfterCloseIsRefused() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(useAfterClose(false)));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Nested
    class TwoReceivers {
        @Async
        Coroutine<String> secondReceive() throws IOException {
            DatagramEndpoint endpoint = await(openDatagramEndpoint("127.0.0.1", 0));
            Task<Datagram> first = createTask(endpoint.receive());
            await(sleep(0));
            String refused = null;
            try {
                await(endpoint.receive());
            } catch (IllegalStateException e) {
                refused = e.getMessage();
            }
            assertTrue(refused != null && refused.contains("already receiving"), refused);
            endpoint.send("still first".getBytes(StandardCharsets.UTF_8), endpoint.getLocalAddress());
            Datagram d = await(waitFor(first, 5));
            endpoint.close();
            return Coroutine.completed(new String(d.data(), StandardCharsets.UTF_8));
        }

        @Test
        void aSecondReceiveWhileOneWaitsIsRefusedAndTheFirstStillGetsTheDatagram() throws IOException {
            assertEquals("still first", run(secondReceive()));
        }
    }
}
