package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static jasyncio.Asyncio.await;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EchoTest {
    @Async
    static Coroutine<EchoClient.Stats> loadAgainstOwnServer(int connections, int messages, int size)
            throws IOException {
        Server server = await(EchoServer.start("127.0.0.1", 0));
        EchoClient.Stats stats = await(EchoClient.load("127.0.0.1", server.getAddress().getPort(), connections,
                messages, size));
        server.close();
        await(server.waitClosed());
        return Coroutine.completed(stats);
    }

    @Test
    void everyMessageOfEveryConnectionComesBackIntact() throws IOException {
        // Messages larger than the reader's 64 KiB limit too: the echo must reassemble them.
        EchoClient.Stats stats = run(loadAgainstOwnServer(20, 30, 100_000));
        assertEquals(20 * 30, stats.requests());
        assertTrue(stats.requestsPerSecond() > 0, stats.toString());
    }

    @Async
    static Coroutine<String> halfClose() throws IOException {
        Server server = await(EchoServer.start("127.0.0.1", 0));
        Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
        c.writer().write("all of this, ");
        c.writer().write("then the end");
        c.writer().writeEof();
        byte[] echoed = await(c.reader().read(-1));
        c.writer().close();
        await(c.writer().waitClosed());
        server.close();
        await(server.waitClosed());
        return Coroutine.completed(new String(echoed, StandardCharsets.UTF_8));
    }

    @Test
    void theServerEchoesUntilTheClientsEndOfStreamThenCloses() throws IOException {
        assertEquals("all of this, then the end", run(halfClose()));
    }

    @Test
    void mainReportsRequestsPerSecond() {
        String output = ConsoleCapture.stdoutOf(() -> {
            try {
                EchoClient.main(new String[] {"-l", "-c", "5", "-n", "40", "-s", "512"});
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(output.matches("5 connections x 40 messages of 512 bytes: 200 requests in [0-9.]+ s = \\d+ requests/s\\R"),
                output);
    }
}
