package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Connection;
import jasyncio.sync.Semaphore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.gather;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;

/**
 * The clients of {@code LoadTest.tenThousandConnectionsAtOnceOnOneLoop}, run in a child JVM: N connections on
 * one loop, each sending {@code hello <i>}, expecting it back, then the server's end of stream. Prints
 * {@code <ok> ok} and exits 0 when all of them did.
 */
public final class ManyClients {
    /** Connects still in progress at most: more would overflow the server's accept queue and wait for SYN retries. */
    private static final int CONNECTING = 256;

    private ManyClients() {
    }

    @Async
    static Coroutine<Boolean> client(int port, int id, Semaphore connecting) throws IOException {
        await(connecting.acquire());
        Connection c;
        try {
            c = await(openConnection("127.0.0.1", port));
        } finally {
            connecting.release();
        }
        try {
            c.writer().write("hello " + id + "\n");
            await(c.writer().drain());
            boolean echoed = ("hello " + id).equals(await(c.reader().readLine()));
            // The server holds every connection open until all N have exchanged their message.
            boolean ended = await(c.reader().readLine()) == null;
            return Coroutine.completed(echoed && ended);
        } finally {
            c.writer().close();
        }
    }

    @Async
    static Coroutine<Integer> clients(int port, int count) throws IOException {
        Semaphore connecting = new Semaphore(CONNECTING);
        List<Coroutine<Boolean>> all = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            all.add(client(port, id, connecting));
        }
        int ok = 0;
        for (boolean fine : await(gather(all))) {
            ok += fine ? 1 : 0;
        }
        return Coroutine.completed(ok);
    }

    public static void main(String[] args) throws IOException {
        int count = Integer.parseInt(args[1]);
        int ok = run(clients(Integer.parseInt(args[0]), count));
        System.out.println(ok + " ok");
        System.exit(ok == count ? 0 : 1);
    }
}
