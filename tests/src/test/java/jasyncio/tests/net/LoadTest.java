package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads beyond one process's comfort, each with a child JVM ({@link ChildJvm}): ten thousand connections (the
 * clients' sockets in the child, the server's here, each process below its file descriptor limit) and a
 * gibibyte through an echo server in a JVM whose heap is far smaller than the data.
 */
@Timeout(120)
class LoadTest {
    private static final int CONNECTIONS = 10_000;

    /** The server side: counts the connections open at once, and answers them all only when all are in. */
    static final class Gathering {
        final Event allIn = new Event();
        int open;
        int peak;
        int echoed;

        @Async
        Coroutine<Void> handle(StreamReader reader, StreamWriter writer) throws IOException {
            open++;
            peak = Math.max(peak, open);
            try {
                String line = await(reader.readLine());
                writer.write(line + "\n");
                await(writer.drain());
                if (++echoed == CONNECTIONS) {
                    allIn.set();
                }
                await(allIn.waitSet());
            } finally {
                open--;
                writer.close();
            }
            return Coroutine.completed();
        }
    }

    @Async
    Coroutine<String> tenThousandClients(Gathering gathering) throws IOException {
        Server server = await(startServer(gathering::handle, "127.0.0.1", 0));
        try {
            ChildJvm.Outcome clients = await(ChildJvm.run(ManyClients.class, List.of("-Xss512k"), 100,
                    String.valueOf(server.getAddress().getPort()), String.valueOf(CONNECTIONS)));
            assertEquals(0, clients.exitCode(), clients.toString());
            return Coroutine.completed(clients.stdout().trim());
        } finally {
            server.close();
            await(server.waitClosed());
        }
    }

    @Test
    void tenThousandConnectionsAtOnceOnOneLoopEachExchangeAMessage() throws IOException {
        Gathering gathering = new Gathering();
        assertEquals(CONNECTIONS + " ok", run(tenThousandClients(gathering)));
        assertEquals(CONNECTIONS, gathering.echoed);
        assertEquals(CONNECTIONS, gathering.peak, "all the connections were open together");
        assertEquals(0, gathering.open);
    }

    @Test
    void aGibibyteThroughAnEchoServerArrivesIntactInASmallHeap() throws IOException {
        ChildJvm.Outcome outcome = run(ChildJvm.run(GigabyteEcho.class, List.of("-Xmx64m"), 100, "1024"));
        assertEquals(0, outcome.exitCode(), outcome.toString());
        Matcher m = Pattern.compile("sent (\\d+) (\\d+) received (\\d+) (\\d+) max-heap (\\d+)\\s*").matcher(outcome.stdout());
        assertTrue(m.matches(), outcome.toString());
        assertEquals(1L << 30, Long.parseLong(m.group(1)));
        assertEquals(m.group(1), m.group(3), "bytes received");
        assertEquals(m.group(2), m.group(4), "CRC32 of the bytes received");
        assertTrue(Long.parseLong(m.group(5)) <= 64, "the child's heap was capped: " + outcome.stdout());
    }
}
