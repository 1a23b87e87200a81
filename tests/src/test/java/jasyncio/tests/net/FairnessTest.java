package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ready tasks, timers and sockets share one loop: a task that yields without pause starves neither. */
@Timeout(30)
class FairnessTest {
    @Async
    static Coroutine<Long> spin(AtomicBoolean stop) {
        long turns = 0;
        while (!stop.get()) {
            await(sleep(0));
            turns++;
        }
        return Coroutine.completed(turns);
    }

    @Async
    static Coroutine<String> exchangeWhileSpinning() throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        Task<Long> spinner = createTask(spin(stop));
        boolean[] timerFired = new boolean[1];
        getRunningLoop().callLater(0.01, () -> timerFired[0] = true);
        Server server = await(startServer(StreamsTest::echoLines, "127.0.0.1", 0));
        Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            c.writer().write("line " + i + "\n");
            replies.append(await(c.reader().readLine())).append(';');
        }
        await(sleep(0.02));
        stop.set(true);
        long turns = await(spinner);
        c.writer().close();
        server.close();
        return Coroutine.completed(timerFired[0] + " " + (turns > 20) + " " + replies.substring(0, 14));
    }

    @Test
    void timersAndSocketsProgressWhileATaskYieldsNonStop() throws IOException {
        String outcome = run(exchangeWhileSpinning());
        assertEquals("true true LINE 0;LINE 1;", outcome);
    }
}
