package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/testing.md's example, as it is there: a server started by an {@code @Async @BeforeEach} serves the
 * parameterized test's connections on the same loop, under virtual time, and is closed by an {@code @AfterEach}.
 */
@TestLoop
class ChatServerTest {
    Server server;

    @BeforeEach @Async
    void openServer() throws IOException {
        server = await(startServer(ChatServer::serve, "127.0.0.1", 0));
    }

    @ParameterizedTest @ValueSource(strings = {"hello", "héllo"}) @Async
    void echoes(String line) throws IOException {
        Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
        c.writer().write(line + "\n");
        assertEquals(line, await(waitFor(c.reader().readLine(), 5)));
        c.writer().close();
    }

    @AfterEach @Async
    void closeServer() {
        server.close();
        await(server.waitClosed());
    }

    /** The server of the example: echoes one line. */
    static final class ChatServer {
        @Async
        static Coroutine<Void> serve(StreamReader reader, StreamWriter writer) throws IOException {
            writer.write(await(reader.readLine()) + "\n");
            await(writer.drain());
            writer.close();
            return Coroutine.completed();
        }
    }
}
