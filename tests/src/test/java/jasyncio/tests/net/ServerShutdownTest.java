package jasyncio.tests.net;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.tests.support.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.openUnixConnection;
import static jasyncio.net.Net.startServer;
import static jasyncio.net.Net.startUnixServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutting servers and streams down with a deadline: {@code Server.closeClients()} (graceful), {@code abortClients()}
 * and {@code StreamWriter.abort()} (at once, the queue discarded), and a cancellation in the middle of a drain. The
 * handlers say through futures when they have queued their bytes or wait in a drain, and how they ended.
 */
@Timeout(60)
class ServerShutdownTest {
    @TempDir
    Path dir;

    /**
     * Bytes that the socket buffers of both ends and the peer's reader (128 KiB before it stops reading) never
     * hold whole: most of them stay queued in the writer.
     */
    private static final int MORE_THAN_THE_KERNEL_HOLDS = 32 << 20;

    /** Reads {@code reader} to its end: the bytes read, or -1 after a reset. */
    @Async
    static Coroutine<Long> readToTheEnd(StreamReader reader) {
        long got = 0;
        try {
            for (byte[] chunk; (chunk = await(reader.read(256 * 1024))).length > 0; ) {
                got += chunk.length;
            }
        } catch (IOException reset) {
            return Coroutine.completed(-1L);
        }
        return Coroutine.completed(got);
    }

    /**
     * A handler for a client that reads nothing: queues more than the kernel and the client's reader can take
     * ({@code waiting} is set then), and waits in {@code drain()}; {@code ended} gets what the drain threw.
     */
    @Async
    static Coroutine<Void> flood(StreamWriter writer, Future<Void> waiting, Future<Throwable> ended) {
        writer.write(new byte[MORE_THAN_THE_KERNEL_HOLDS]);
        waiting.setResult(null);
        try {
            await(writer.drain());
            ended.setResult(new AssertionError("drain() returned: somebody read " + MORE_THAN_THE_KERNEL_HOLDS + " bytes"));
        } catch (IOException e) {
            ended.setResult(e);
        }
        return Coroutine.completed();
    }

    /** A handler that queues {@code bytes} without draining ({@code queued} is set then), then reads to the end. */
    @Async
    static Coroutine<Void> sendThenListen(StreamReader reader, StreamWriter writer, int bytes, Future<Void> queued,
                                          Future<String> ended) throws IOException {
        writer.write(new byte[bytes]);
        queued.setResult(null);
        ended.setResult("line=" + await(reader.readLine())); // null: the server closed this connection
        return Coroutine.completed();
    }

    /** What a drain ended with, in a word. */
    static String described(Throwable end) {
        return end.getClass().getSimpleName() + (String.valueOf(end.getMessage()).contains("aborted") ? ": aborted" : "");
    }

    @Nested
    class CloseClients {
        @Async
        Coroutine<List<Object>> shutDown(Path path) throws IOException {
            int bytes = 4 << 20;
            List<Future<Void>> queued = new ArrayList<>();
            List<Future<String>> ended = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(getRunningLoop().createFuture());
                ended.add(getRunningLoop().createFuture());
            }
            int[] accepted = {0};
            Server server = await(startUnixServer((r, w) -> {
                int i = accepted[0]++;
                return sendThenListen(r, w, bytes, queued.get(i), ended.get(i));
            }, path));
            List<Connection> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(await(openUnixConnection(path)));
            }
            await(waitFor(gather(queued), 20));
            server.close();
            server.closeClients();
            List<Object> outcome = new ArrayList<>();
            for (Connection c : clients) {
                outcome.add(await(waitFor(readToTheEnd(c.reader()), 20)));
                c.writer().close();
            }
            await(waitFor(server.waitClosed(), 20));
            outcome.addAll(await(waitFor(gather(ended), 20)));
            outcome.add(server.isServing());
            return Coroutine.completed(outcome);
        }

        @Test
        void closeClientsSendsWhatEachConnectionQueuedThenClosesIt() throws IOException {
            long all = 4 << 20;
            assertEquals(List.of(all, all, all, "line=null", "line=null", "line=null", false),
                    run(shutDown(dir.resolve("graceful.sock"))));
        }
    }

    @Nested
    class WithADeadline {
        @Async
        Coroutine<String> shutDown(boolean tcp, Path path) throws IOException {
            List<Future<Void>> waiting = List.of(getRunningLoop().createFuture(), getRunningLoop().createFuture());
            List<Future<Throwable>> ended = List.of(getRunningLoop().createFuture(), getRunningLoop().createFuture());
            int[] accepted = {0};
            jasyncio.net.ConnectionHandler handler = (r, w) -> {
                int i = accepted[0]++;
                return flood(w, waiting.get(i), ended.get(i));
            };
            Server server = tcp ? await(startServer(handler, "127.0.0.1", 0)) : await(startUnixServer(handler, path));
            List<Connection> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                slow.add(tcp ? await(openConnection("127.0.0.1", server.getAddress().getPort()))
                        : await(openUnixConnection(path)));
            }
            await(waitFor(gather(waiting), 20)); // both handlers wait in drain(): their clients read nothing
            server.close();
            server.closeClients();
            StringBuilder outcome = new StringBuilder();
            try {
                await(waitFor(server.waitClosed(), 0.2));
                outcome.append("closed in time");
            } catch (AsyncTimeoutException e) {
                outcome.append("timed out"); // the queues never empty: nobody reads them
                server.abortClients();
                await(waitFor(server.waitClosed(), 20));
            }
            for (Throwable end : await(waitFor(gather(ended), 20))) {
                outcome.append("; ").append(described(end));
            }
            for (Connection c : slow) {
                await(waitFor(readToTheEnd(c.reader()), 20)); // a reset or the end: it is over
                c.writer().close();
            }
            return Coroutine.completed(outcome.toString());
        }

        @Test
        void slowTcpClientsAreAbortedWhenTheGracefulCloseMissesItsDeadline() throws IOException {
            assertEquals("timed out; SocketException: aborted; SocketException: aborted", run(shutDown(true, null)));
        }

        @Test
        void slowUnixClientsAreAbortedWhenTheGracefulCloseMissesItsDeadline() throws IOException {
            assertEquals("timed out; SocketException: aborted; SocketException: aborted",
                    run(shutDown(false, dir.resolve("slow.sock"))));
        }
    }

    @Nested
    class Abort {
        @Async
        Coroutine<List<Object>> abortAfterQueueing() throws IOException {
            List<Object> outcome = new ArrayList<>();
            Server server = await(startServer((reader, writer) -> {
                writer.write(new byte[MORE_THAN_THE_KERNEL_HOLDS]);
                outcome.add(writer.bufferedBytes() > 0);
                writer.abort();
                outcome.add(writer.isClosing());
                try {
                    await(writer.drain());
                    outcome.add("drain returned");
                } catch (SocketException e) {
                    outcome.add(e.getMessage().contains("aborted") && e.getMessage().contains("discarded"));
                }
                return Coroutine.completed();
            }, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            long end = await(waitFor(readToTheEnd(c.reader()), 20));
            outcome.add(end < MORE_THAN_THE_KERNEL_HOLDS); // a reset (-1), or an end before all the bytes
            c.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 20));
            return Coroutine.completed(outcome);
        }

        @Test
        void abortDiscardsTheQueueClosesAtOnceAndDrainSaysSo() throws IOException {
            assertEquals(List.of(true, true, true, true), run(abortAfterQueueing()));
        }

        @Async
        Coroutine<String> abortWithNothingQueued() throws IOException {
            Future<String> ended = getRunningLoop().createFuture();
            Server server = await(startServer((reader, writer) -> {
                writer.abort();
                try {
                    await(writer.drain());
                    ended.setResult("drain returned");
                } catch (SocketException e) {
                    ended.setResult(e.getMessage());
                }
                return Coroutine.completed();
            }, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            String outcome = await(waitFor(ended, 20));
            c.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 20));
            return Coroutine.completed(outcome);
        }

        @Test
        void anAbortWithNothingQueuedSaysNothingOfDiscardedBytes() throws IOException {
            assertEquals("connection aborted by abort()", run(abortWithNothingQueued()));
        }

        @Async
        Coroutine<List<Object>> cancelledInADrain() throws IOException {
            List<Object> outcome = new ArrayList<>();
            Server server = await(startServer((reader, writer) -> sleep(3600), "127.0.0.1", 0)); // never reads
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            StreamWriter writer = c.writer();
            Future<Void> waiting = getRunningLoop().createFuture();
            Future<Throwable> ended = getRunningLoop().createFuture();
            Task<Void> writing = createTask(flood(writer, waiting, ended));
            await(waitFor(waiting, 20));
            writing.cancel();
            try {
                await(writing);
            } catch (CancellationException expected) {
                outcome.add("cancelled in drain");
            }
            outcome.add(writer.bufferedBytes() > 0 && !writer.isClosing()); // the connection itself is intact
            writer.abort();
            await(waitFor(writer.waitClosed(), 20));
            outcome.add(writer.bufferedBytes());
            outcome.add(ended.done());
            server.close();
            server.abortClients();
            await(waitFor(server.waitClosed(), 20));
            return Coroutine.completed(outcome);
        }

        @Test
        void aDrainCancelledLeavesTheConnectionIntactAndAbortThenEndsIt() throws IOException {
            assertEquals(List.of("cancelled in drain", true, 0L, false), run(cancelledInADrain()));
        }
    }

    @Nested
    class OverTls {
        private SSLContext serverTls;
        private SSLContext clientTls;

        @BeforeEach
        void makeCertificates(@TempDir Path certificates) throws Exception {
            TestCertificates.LocalhostTls tls = TestCertificates.localhostTls(certificates);
            serverTls = tls.server();
            clientTls = tls.client();
        }

        @Async
        Coroutine<List<Object>> closeThenAbort() throws IOException {
            Future<Void> queued = getRunningLoop().createFuture();
            Future<String> listened = getRunningLoop().createFuture();
            Future<Void> waiting = getRunningLoop().createFuture();
            Future<Throwable> ended = getRunningLoop().createFuture();
            int bytes = 1 << 20;
            int[] accepted = {0};
            Server server = await(startServer((r, w) -> accepted[0]++ == 0
                    ? sendThenListen(r, w, bytes, queued, listened) : flood(w, waiting, ended),
                    "127.0.0.1", 0, serverTls));
            int port = server.getAddress().getPort();
            Connection reading = await(openConnection("127.0.0.1", port, clientTls));
            await(waitFor(queued, 20));
            Connection stalled = await(openConnection("127.0.0.1", port, clientTls));
            await(waitFor(waiting, 20));
            server.close();
            server.closeClients();
            List<Object> outcome = new ArrayList<>();
            outcome.add(await(waitFor(readToTheEnd(reading.reader()), 20))); // all of it, then close_notify
            try {
                await(waitFor(server.waitClosed(), 0.2));
                outcome.add("closed in time");
            } catch (AsyncTimeoutException e) {
                server.abortClients();
                await(waitFor(server.waitClosed(), 20));
                outcome.add("aborted");
            }
            outcome.add(await(waitFor(listened, 20)));
            outcome.add(described(await(waitFor(ended, 20))));
            reading.writer().close();
            stalled.writer().abort();
            return Coroutine.completed(outcome);
        }

        @Test
        void closeClientsSendsTheQueueAndCloseNotifyAbortClientsEndsTheStalledOnes() throws IOException {
            assertEquals(List.of((long) (1 << 20), "aborted", "line=null", "SocketException: aborted"),
                    run(closeThenAbort()));
        }
    }
}
