package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.TaskGroupException;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Happy Eyeballs on loopback: 127.0.0.2 plays the address that fails or never answers (a listening socket whose
 * backlog is full drops the handshake), 127.0.0.1 the one that works, on the same port.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HappyEyeballsTest {
    private static final String GOOD = "127.0.0.1";
    private static final String BAD = "127.0.0.2";
    private final List<SocketChannel> fillers = new ArrayList<>();
    private ServerSocketChannel unanswering;

    @AfterEach
    void closeSockets() throws IOException {
        for (SocketChannel c : fillers) {
            c.close();
        }
        if (unanswering != null) {
            unanswering.close();
        }
    }

    /** A port on {@link #BAD} where connects hang: a listener that never accepts, its backlog filled. */
    private int portThatNeverAnswers() throws IOException {
        unanswering = ServerSocketChannel.open().bind(new InetSocketAddress(BAD, 0), 1);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < 16; i++) {
                SocketChannel filler = SocketChannel.open();
                fillers.add(filler);
                filler.configureBlocking(false);
                if (filler.connect(unanswering.getLocalAddress())) {
                    continue;
                }
                SelectionKey key = filler.register(selector, SelectionKey.OP_CONNECT);
                if (selector.select(500) == 0) {
                    return ((InetSocketAddress) unanswering.getLocalAddress()).getPort(); // this handshake hangs
                }
                filler.finishConnect();
                key.cancel();
                selector.selectNow();
            }
        }
        assumeTrue(false, "this kernel completes handshakes beyond a full backlog");
        return -1;
    }

    /** A port free on {@link #BAD}: connecting there is refused at once. */
    private static int refusingPort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress(BAD, 0))) {
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    @Async
    static Coroutine<Void> greet(StreamReader reader, StreamWriter writer) {
        writer.write("hello from " + GOOD + "\n");
        writer.close();
        return Coroutine.completed();
    }

    /** Starts the good server on {@code port}, connects with Happy Eyeballs and returns the greeting read. */
    @Async
    static Coroutine<String> connectAndRead(int port, Duration delay, List<InetSocketAddress> addresses)
            throws IOException {
        Server server = await(startServer(HappyEyeballsTest::greet, GOOD, port));
        try {
            Connection c = await(openConnection(addresses, delay));
            String greeting = await(c.reader().readLine());
            c.writer().close();
            return Coroutine.completed(greeting);
        } finally {
            server.close();
        }
    }

    @Nested
    class Staggered {
        @Test
        void anAddressThatNeverAnswersIsOvertakenOnceTheDelayHasPassed() throws IOException {
            int port = portThatNeverAnswers();
            List<InetSocketAddress> addresses = List.of(new InetSocketAddress(BAD, port), new InetSocketAddress(GOOD, port));
            assertEquals("hello from 127.0.0.1", run(connectAndRead(port, Duration.ofMillis(50), addresses)));
        }

        @Async
        Coroutine<String> connectWithin(int port, Duration delay, List<InetSocketAddress> addresses, double seconds)
                throws IOException {
            try {
                return Coroutine.completed(await(waitFor(connectAndRead(port, delay, addresses), seconds)));
            } catch (AsyncTimeoutException e) {
                return Coroutine.completed("no connection within " + seconds + " s");
            }
        }

        @Test
        void anAddressThatNeverAnswersHoldsTheNextAttemptBackForTheWholeDelay() throws IOException {
            int port = portThatNeverAnswers();
            List<InetSocketAddress> addresses = List.of(new InetSocketAddress(BAD, port), new InetSocketAddress(GOOD, port));
            assertEquals("no connection within 0.5 s", run(connectWithin(port, Duration.ofHours(1), addresses, 0.5)));
        }

        @Test
        void aRefusedAddressStartsTheNextAttemptAtOnceNotAfterTheDelay() throws IOException {
            int port = refusingPort();
            List<InetSocketAddress> addresses = List.of(new InetSocketAddress(BAD, port), new InetSocketAddress(GOOD, port));
            // A delay far beyond the test's timeout: only the failure can have started the second attempt.
            assertEquals("hello from 127.0.0.1", run(connectAndRead(port, Duration.ofHours(1), addresses)));
        }

        @Test
        void theFirstAddressWinsWhenItAnswers() throws IOException {
            int port = portThatNeverAnswers();
            List<InetSocketAddress> addresses = List.of(new InetSocketAddress(GOOD, port), new InetSocketAddress(BAD, port));
            assertEquals("hello from 127.0.0.1", run(connectAndRead(port, Duration.ofHours(1), addresses)));
        }

        @Async
        Coroutine<String> byName(int port) throws IOException {
            Server server = await(startServer(HappyEyeballsTest::greet, GOOD, port));
            try {
                Connection c = await(openConnection("localhost", port, Duration.ofMillis(50)));
                String greeting = await(c.reader().readLine());
                c.writer().close();
                return Coroutine.completed(greeting);
            } finally {
                server.close();
            }
        }

        @Test
        void aHostNameIsTriedAtEachOfItsAddresses() throws IOException {
            assertEquals("hello from 127.0.0.1", run(byName(refusingPort())));
        }
    }

    @Nested
    class AllFailing {
        @Async
        Coroutine<Connection> connectTo(List<InetSocketAddress> addresses) throws IOException {
            return openConnection(addresses, Duration.ofMillis(50));
        }

        @Test
        void everyAttemptsFailureIsReported() throws IOException {
            int port = refusingPort();
            List<InetSocketAddress> addresses = List.of(new InetSocketAddress(BAD, port), new InetSocketAddress(BAD, port));
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> run(connectTo(addresses)));
            assertEquals(2, e.getExceptions().size());
            e.getExceptions().forEach(failure -> assertInstanceOf(ConnectException.class, failure));
        }

        @Test
        void aSingleAddressFailsWithTheJdksException() throws IOException {
            int port = refusingPort();
            assertThrows(ConnectException.class, () -> run(connectTo(List.of(new InetSocketAddress(BAD, port)))));
        }
    }
}
