package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.LoopFaults;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A selector that fails ({@code select} throwing an {@link IOException}) is replaced, as Netty does: the loop opens a
 * new one, moves every channel over with its callbacks, reports the failure, and carries on.
 */
@Timeout(30)
class SelectorFailureTest {
    @Async
    static Coroutine<List<String>> echoAcrossAFailure(IOException failure, List<Map<String, Object>> reported)
            throws IOException {
        EventLoop loop = getRunningLoop();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        Server server = await(startServer(StreamsTest::echoLines, "127.0.0.1", 0));
        Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
        List<String> replies = new ArrayList<>();
        c.writer().write("before\n");
        replies.add(await(c.reader().readLine()));
        LoopFaults.failNextSelect(loop, failure);
        c.writer().write("after\n");
        replies.add(await(c.reader().readLine()));
        c.writer().close();
        server.close();
        await(server.waitClosed());
        return Coroutine.completed(replies);
    }

    @Test
    void aFailedSelectorIsReplacedAndTheConnectionsCarryOn() throws IOException {
        IOException failure = new IOException("injected epoll failure");
        List<Map<String, Object>> reported = new ArrayList<>();
        assertEquals(List.of("BEFORE", "AFTER"), run(echoAcrossAFailure(failure, reported)));
        assertEquals(1, reported.size(), String.valueOf(reported));
        assertSame(failure, reported.get(0).get("exception"));
        assertTrue(String.valueOf(reported.get(0).get("message")).contains("selector"), String.valueOf(reported.get(0)));
    }
}
