package jasyncio.tests.net;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
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

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.openUnixConnection;
import static jasyncio.net.Net.startServer;
import static jasyncio.net.Net.startUnixServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutting servers and streams down with a deadline: {@code Server.closeClients()} (graceful), {@code abortClients()}
 * and {@code StreamWriter.abort()} (at once, the queue discarded), and a cancellation in the middle of a drain.
 */
@Timeout(60)
class ServerShutdownTest {
    @TempDir
    Path dir;

    /** Bytes that no socket buffer holds whole: some of them must still be queued in the writer. */
    private static final int MORE_THAN_THE_KERNEL_HOLDS = 32 << 20;

    /** Reads {@code reader} to its end; a reset counts as the end. Returns the bytes read, -1 after a reset. */
    @Async
    static Coroutine<Long> readToTheEnd(StreamReader reader, long[] got) {
        try {
            for (byte[] chunk; (chunk = await(reader.read(256 * 1024))).length > 0; ) {
                got[0] += chunk.length;
            }
        } catch (IOException reset) {
            return Coroutine.completed(-1L);
        }
        return Coroutine.completed(got[0]);
    }

    @Nested
    class CloseClients {
        @Async
        Coroutine<Void> sendThenListen(StreamReader reader, StreamWriter writer, int bytes, List<String> seen)
                throws IOException {
            writer.write(new byte[bytes]); // queued, no drain: closeClients must still deliver it all
            seen.add("line=" + await(reader.readLine())); // the end of the stream, when the server closes us
            return Coroutine.completed();
        }

        @Async
        Coroutine<List<Object>> shutDown(Path path) throws IOException {
            List<String> seen = new ArrayList<>();
            int bytes = 4 << 20;
            Server server = await(startUnixServer((r, w) -> sendThenListen(r, w, bytes, seen), path));
            List<Connection> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(await(openUnixConnection(path)));
            }
            await(sleep(0.01)); // the handlers have started (and queued their bytes)
            server.close();
            server.closeClients();
            List<Long> received = new ArrayList<>();
            for (Connection c : clients) {
                received.add(await(waitFor(readToTheEnd(c.reader(), new long[1]), 20)));
                c.writer().close();
            }
            await(waitFor(server.waitClosed(), 20));
            List<Object> outcome = new ArrayList<>(received);
            outcome.addAll(seen);
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
        /** Streams to a client that never reads, until its drain fails; what it failed with goes to {@code ends}. */
        @Async
        Coroutine<Void> flood(StreamWriter writer, List<Throwable> ends) {
            byte[] block = new byte[64 * 1024];
            try {
                while (true) {
                    writer.write(block);
                    await(writer.drain());
                }
            } catch (IOException e) {
                ends.add(e);
            }
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> shutDown(boolean tcp, Path path) throws IOException {
            List<Throwable> ends = new ArrayList<>();
            Server server = tcp ? await(startServer((r, w) -> flood(w, ends), "127.0.0.1", 0))
                    : await(startUnixServer((r, w) -> flood(w, ends), path));
            List<Connection> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                slow.add(tcp ? await(openConnection("127.0.0.1", server.getAddress().getPort()))
                        : await(openUnixConnection(path)));
            }
            await(sleep(0.05)); // the handlers are blocked in drain(): their clients read nothing
            server.close();
            server.closeClients();
            String graceful;
            try {
                await(waitFor(server.waitClosed(), 0.2));
                graceful = "closed in time";
            } catch (AsyncTimeoutException e) {
                graceful = "timed out";      // the queues never empty: nobody reads them
                server.abortClients();
                await(waitFor(server.waitClosed(), 20));
            }
            for (int i = 0; i < 200 && ends.size() < 2; i++) {
                await(sleep(0.01)); // the handlers' drains see the abort in their next step
            }
            for (Connection c : slow) {
                await(waitFor(readToTheEnd(c.reader(), new long[1]), 20)); // a reset or the end: it is over
                c.writer().close();
            }
            StringBuilder outcome = new StringBuilder(graceful);
            for (Throwable end : ends) {
                assertInstanceOf(SocketException.class, end);
                outcome.append("; ").append(end.getMessage().contains("aborted") ? "drain: aborted" : end.getMessage());
            }
            return Coroutine.completed(outcome.toString());
        }

        @Test
        void slowTcpClientsAreAbortedWhenTheGracefulCloseMissesItsDeadline() throws IOException {
            assertEquals("timed out; drain: aborted; drain: aborted", run(shutDown(true, null)));
        }

        @Test
        void slowUnixClientsAreAbortedWhenTheGracefulCloseMissesItsDeadline() throws IOException {
            assertEquals("timed out; drain: aborted; drain: aborted", run(shutDown(false, dir.resolve("slow.sock"))));
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
            long[] got = new long[1];
            long end = await(waitFor(readToTheEnd(c.reader(), got), 20));
            outcome.add(got[0] < MORE_THAN_THE_KERNEL_HOLDS);
            outcome.add(end == -1 || end == got[0]); // a reset, or an end of stream: both mean "aborted"
            c.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 20));
            return Coroutine.completed(outcome);
        }

        @Test
        void abortDiscardsTheQueueClosesAtOnceAndDrainSaysSo() throws IOException {
            assertEquals(List.of(true, true, true, true, true), run(abortAfterQueueing()));
        }

        @Async
        Coroutine<List<Object>> cancelledInADrain() throws IOException {
            List<Object> outcome = new ArrayList<>();
            Server server = await(startServer((reader, writer) -> sleep(3600), "127.0.0.1", 0)); // never reads
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            StreamWriter writer = c.writer();
            Task<Void> writing = createTask(flood(writer));
            while (writer.bufferedBytes() == 0) {
                await(sleep(0.01)); // until the socket is full and the writer waits in drain()
            }
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
            server.close();
            server.abortClients();
            await(waitFor(server.waitClosed(), 20));
            return Coroutine.completed(outcome);
        }

        @Async
        Coroutine<Void> flood(StreamWriter writer) throws IOException {
            byte[] block = new byte[64 * 1024];
            while (true) {
                writer.write(block);
                await(writer.drain());
            }
        }

        @Test
        void aDrainCancelledLeavesTheConnectionIntactAndAbortThenEndsIt() throws IOException {
            assertEquals(List.of("cancelled in drain", true, 0L), run(cancelledInADrain()));
        }
    }
}
