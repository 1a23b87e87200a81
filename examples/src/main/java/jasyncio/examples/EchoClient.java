package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Connection;
import jasyncio.net.Server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;

/**
 * Load for {@link EchoServer}: N connections at once, each sending M messages of S bytes one after the other
 * and checking every echo; reports requests (echoed messages) per second.
 *
 * <p>Run: {@code java -javaagent:agent/target/jasyncio-agent.jar -cp examples/target/classes
 * jasyncio.examples.EchoClient [-h host] [-p port] [-c connections (10)] [-n messages (1000)] [-s size (1024)]
 * [-l]}; {@code -l} starts an echo server in this process (on the same loop) instead of using a running one.
 */
public class EchoClient {
    /** What a run measured. */
    public record Stats(int connections, int messages, int size, long requests, double seconds) {
        public double requestsPerSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d connections x %d messages of %d bytes: %d requests in %.3f s = %.0f requests/s",
                    connections, messages, size, requests, seconds, requestsPerSecond());
        }
    }

    /** One connection's share: M messages, each checked when it comes back. Returns the echoes received. */
    @Async
    static Coroutine<Integer> converse(String host, int port, int id, int messages, int size) throws IOException {
        Connection c = await(openConnection(host, port));
        byte[] message = new byte[size];
        try {
            for (int m = 0; m < messages; m++) {
                Arrays.fill(message, (byte) (id * 31 + m));
                c.writer().write(message);
                await(c.writer().drain());
                byte[] echo = await(c.reader().readExactly(size));
                if (!Arrays.equals(message, echo)) {
                    throw new IOException("connection " + id + ", message " + m + ": the echo differs from the message");
                }
            }
        } finally {
            c.writer().close();
        }
        return Coroutine.completed(messages);
    }

    /** Runs the load against a server at {@code host:port}. */
    @Async
    public static Coroutine<Stats> load(String host, int port, int connections, int messages, int size)
            throws IOException {
        long start = System.nanoTime();
        List<Coroutine<Integer>> clients = new ArrayList<>();
        for (int id = 0; id < connections; id++) {
            clients.add(converse(host, port, id, messages, size));
        }
        long requests = 0;
        for (int echoed : await(gather(clients))) {
            requests += echoed;
        }
        return Coroutine.completed(new Stats(connections, messages, size, requests, (System.nanoTime() - start) / 1e9));
    }

    @Async
    static Coroutine<Stats> main(String host, int port, int connections, int messages, int size, boolean local)
            throws IOException {
        Server server = null;
        if (local) {
            server = await(EchoServer.start(host, 0));
            port = server.getAddress().getPort();
        }
        try {
            return Coroutine.completed(await(load(host, port, connections, messages, size)));
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    public static void main(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = EchoServer.DEFAULT_PORT;
        int connections = 10;
        int messages = 1000;
        int size = 1024;
        boolean local = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h" -> host = args[++i];
                case "-p" -> port = Integer.parseInt(args[++i]);
                case "-c" -> connections = Integer.parseInt(args[++i]);
                case "-n" -> messages = Integer.parseInt(args[++i]);
                case "-s" -> size = Integer.parseInt(args[++i]);
                case "-l" -> local = true;
                default -> throw new IllegalArgumentException(
                        "usage: EchoClient [-h host] [-p port] [-c connections] [-n messages] [-s size] [-l]; not " + args[i]);
            }
        }
        System.out.println(run(main(host, port, connections, messages, size, local)));
    }
}
