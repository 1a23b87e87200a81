package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.net.Net.startServer;
import static jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How streams fail, on loopback, each case bounded in time: connections that cannot be made, peers that reset,
 * half-close, slow readers and writers, idle clients, and cancelled reads. (Loads that need a child JVM are in
 * {@link LoadTest}.)
 */
@Timeout(30)
class FailuresTest {
    /** Upper-cases lines until the end of the stream; the common server of these tests. */
    @Async
    static Coroutine<Void> shout(StreamReader reader, StreamWriter writer) throws IOException {
        try {
            for (String line; (line = await(reader.readLine())) != null; ) {
                writer.write(line.toUpperCase() + "\n");
                await(writer.drain());
            }
        } finally {
            writer.close();
        }
        return Coroutine.completed();
    }

    /** One line sent, the answer line read. */
    @Async
    static Coroutine<String> ask(Connection c, String line) throws IOException {
        c.writer().write(line + "\n");
        await(c.writer().drain());
        return Coroutine.completed(await(c.reader().readLine()));
    }

    static int portWithNoListener() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** What the JDK's own blocking connect throws for {@code host:port}, or null if it connects. */
    static IOException blockingConnectFailure(String host, int port) {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    @Nested
    class Connecting {
        /** The failure of connecting to {@code host:port}, caught at the await, then a connection that works. */
        @Async
        Coroutine<List<Object>> connectThenRecover(String host, int port) throws IOException {
            List<Object> seen = new ArrayList<>();
            try {
                await(openConnection(host, port));
                seen.add("connected");
            } catch (IOException e) {
                seen.add(e);
            }
            Server server = await(startServer(FailuresTest::shout, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            seen.add(await(ask(c, "the loop carries on")));
            c.writer().close();
            server.close();
            await(server.waitClosed());
            return Coroutine.completed(seen);
        }

        @Test
        void aRefusedConnectionThrowsConnectExceptionAtTheAwait() throws IOException {
            List<Object> seen = run(connectThenRecover("127.0.0.1", portWithNoListener()));
            assertTrue(seen.get(0) instanceof ConnectException, String.valueOf(seen.get(0)));
            assertEquals("Connection refused", ((ConnectException) seen.get(0)).getMessage());
            assertEquals("THE LOOP CARRIES ON", seen.get(1));
        }

        @Test
        void anUnreachableAddressThrowsTheJdksExceptionAtTheAwait() throws IOException {
            // 127.255.255.255 is loopback's broadcast address: the kernel refuses a TCP connect to it at once
            // (ENETUNREACH), no packet leaves the machine.
            String host = "127.255.255.255";
            int port = portWithNoListener();
            IOException jdk = blockingConnectFailure(host, port);
            assumeTrue(jdk != null && String.valueOf(jdk.getMessage()).contains("unreachable"),
                    "this kernel does not answer a connect to " + host + " with \"unreachable\" but with " + jdk);
            List<Object> seen = run(connectThenRecover(host, port));
            assertEquals(jdk.getClass(), seen.get(0).getClass(), String.valueOf(seen.get(0)));
            assertEquals(jdk.getMessage(), ((IOException) seen.get(0)).getMessage());
            assertEquals("THE LOOP CARRIES ON", seen.get(1));
        }

        @Test
        void theIpv6LoopbackFailsAsTheJdkDoesWhetherIpv6IsEnabledOrNot() throws IOException {
            // With IPv6 enabled the port is refused; with it disabled the address is unusable: either way the
            // same exception as the JDK's blocking connect.
            int port = portWithNoListener();
            IOException jdk = blockingConnectFailure("::1", port);
            assertNotNull(jdk, "nothing listens on [::1]:" + port);
            List<Object> seen = run(connectThenRecover("::1", port));
            assertEquals(jdk.getClass(), seen.get(0).getClass(), String.valueOf(seen.get(0)));
            assertEquals(jdk.getMessage(), ((IOException) seen.get(0)).getMessage());
        }

        /** Open file descriptors of this process. */
        long openFiles() throws IOException {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return fds.count();
            }
        }

        @Async
        Coroutine<List<Object>> connectToAFullAcceptQueue() throws IOException {
            List<Object> seen = new ArrayList<>();
            List<Connection> made = new ArrayList<>();
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                // Never accepted, and a backlog of one: once the kernel's accept queue is full it drops the
                // next SYN, and that connect waits (for SYN retries, minutes) until waitFor gives up on it.
                listener.bind(new InetSocketAddress("127.0.0.1", 0), 1);
                int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
                for (int attempt = 0; attempt < 4 && seen.isEmpty(); attempt++) {
                    long before = openFiles();
                    try {
                        made.add(await(waitFor(openConnection("127.0.0.1", port), 0.3)));
                    } catch (AsyncTimeoutException e) {
                        seen.add("timed out");
                        // waitFor runs the connect in this task, so this runs right after its channel.close(): the
                        // JDK frees a channel registered with a selector at that selector's next poll, one loop
                        // iteration away. A leaked socket would still be open after it.
                        await(sleep(0));
                        seen.add(openFiles() - before);
                    }
                }
                for (Connection c : made) {
                    c.writer().close();
                }
            }
            return Coroutine.completed(seen);
        }

        @Test
        void aConnectThatHangsIsAbandonedByWaitForWithoutLeakingItsSocket() throws IOException {
            assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts descriptors in /proc");
            assertEquals(List.of("timed out", 0L), run(connectToAFullAcceptQueue()));
        }
    }

    /**
     * A peer outside the loop, on a thread of its own with a blocking socket: says {@code greeting}, reads the
     * answer line, sends {@code lastWords} (no newline), then resets the connection. Completes with the answer.
     */
    static CompletableFuture<String> answeredThenResets(int port, String greeting, String lastWords) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                out.write((greeting + "\n").getBytes(StandardCharsets.UTF_8));
                String answer = in.readLine();
                out.write(lastWords.getBytes(StandardCharsets.UTF_8));
                socket.setSoLinger(true, 0); // close() sends RST, not FIN
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Like {@link #answeredThenResets}, a peer that reads {@code bytes} bytes, then resets. */
    static CompletableFuture<Long> readsThenResets(int port, long bytes) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                long read = socket.getInputStream().readNBytes((int) bytes).length;
                socket.setSoLinger(true, 0);
                return read;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Nested
    class PeerReset {
        @Async
        Coroutine<List<Object>> resetWhileTheServerReads() throws IOException {
            Future<Throwable> failure = getRunningLoop().createFuture();
            Server server = await(startServer((reader, writer) -> shoutAndRecord(reader, writer, failure), "127.0.0.1", 0));
            int port = server.getAddress().getPort();
            Connection bystander = await(openConnection("127.0.0.1", port));
            List<Object> seen = new ArrayList<>();
            seen.add(await(ask(bystander, "before")));
            // The peer leaves half a line, so the server's readLine is waiting with bytes buffered when the RST comes.
            seen.add(await(answeredThenResets(port, "hi", "half a li")));
            seen.add(await(waitFor(failure, 10)));
            seen.add(await(ask(bystander, "after")));
            bystander.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<Void> shoutAndRecord(StreamReader reader, StreamWriter writer, Future<Throwable> failure)
                throws IOException {
            try {
                await(shout(reader, writer));
            } catch (IOException e) {
                failure.setResult(e);
            }
            return Coroutine.completed();
        }

        @Test
        void aResetFailsTheServersPendingReadWithTheJdksExceptionAndSparesTheOtherConnections() throws IOException {
            List<Object> seen = run(resetWhileTheServerReads());
            assertEquals("BEFORE", seen.get(0));
            assertEquals("HI", seen.get(1), "the peer was answered before it reset");
            assertTrue(seen.get(2) instanceof IOException, String.valueOf(seen.get(2)));
            assertTrue(((IOException) seen.get(2)).getMessage().contains("reset"), String.valueOf(seen.get(2)));
            assertEquals("AFTER", seen.get(3), "the other connection still works");
        }

        @Async
        Coroutine<Object[]> resetWhileTheServerWrites() throws IOException {
            Future<Object[]> outcome = getRunningLoop().createFuture();
            Server server = await(startServer((reader, writer) -> floodUntilFailure(writer, outcome), "127.0.0.1", 0));
            await(readsThenResets(server.getAddress().getPort(), 100_000));
            Object[] result = await(waitFor(outcome, 10));
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(result);
        }

        @Async
        Coroutine<Void> floodUntilFailure(StreamWriter writer, Future<Object[]> outcome) {
            byte[] block = new byte[16 * 1024];
            long written = 0;
            try {
                while (true) {
                    writer.write(block);
                    written += block.length;
                    await(writer.drain());
                }
            } catch (IOException e) {
                outcome.setResult(new Object[] {e, written, writer.isClosing()});
            }
            return Coroutine.completed();
        }

        @Test
        void aResetFailsTheWritersDrainWithTheJdksException() throws IOException {
            Object[] outcome = run(resetWhileTheServerWrites());
            assertTrue(outcome[0] instanceof IOException, String.valueOf(outcome[0]));
            String message = ((IOException) outcome[0]).getMessage();
            assertTrue(message.contains("reset") || message.contains("Broken pipe"), message);
            assertTrue((long) outcome[1] >= 100_000, "the peer read before resetting: " + outcome[1]);
            assertTrue((boolean) outcome[2], "the lost connection is closed");
        }
    }

    /**
     * A peer that sends {@code bytes} nobody reads (the loop's reader stops watching the socket once it holds twice
     * its limit), resets once {@code go} completes, then completes the result: only a write can notice the reset.
     */
    static CompletableFuture<Void> sendsThenResets(int port, int bytes, CompletableFuture<Void> go) {
        return CompletableFuture.runAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(new byte[bytes]);
                go.join();
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A write is the first to meet a reset: the connection is lost and the drain says so, never hangs. */
    @Nested
    class ResetSeenByAWrite {
        @Async
        Coroutine<String> writeAfterAnUnseenReset(int queued) throws IOException {
            Future<String> outcome = getRunningLoop().createFuture();
            CompletableFuture<Void> go = new CompletableFuture<>();
            Server server = await(startServer((reader, writer) -> {
                while (reader.buffered() <= 2 * StreamReader.DEFAULT_LIMIT) {
                    await(sleep(0.01));
                }
                writer.write(new byte[queued]); // 0: nothing is waiting for the socket when the reset comes
                go.complete(null);
                await(sleep(0.2)); // the reset arrives meanwhile
                try {
                    writer.write(new byte[1000]);
                    await(waitFor(writer.drain(), 10));
                    outcome.setResult("drain returned");
                } catch (AsyncTimeoutException e) {
                    outcome.setResult("drain timed out");
                } catch (IOException e) {
                    boolean reset = e.getMessage().contains("reset") || e.getMessage().contains("Broken pipe");
                    outcome.setResult("lost: " + (reset ? "reset" : e) + ", closing " + writer.isClosing());
                }
                return Coroutine.completed();
            }, "127.0.0.1", 0));
            await(sendsThenResets(server.getAddress().getPort(), 4 * StreamReader.DEFAULT_LIMIT, go));
            String result = await(waitFor(outcome, 20));
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(result);
        }

        @Test
        void aWriteStraightToTheSocketFindsTheReset() throws IOException {
            assertEquals("lost: reset, closing true", run(writeAfterAnUnseenReset(0)));
        }

        @Test
        void aQueueWaitingForTheSocketFindsTheReset() throws IOException {
            assertEquals("lost: reset, closing true", run(writeAfterAnUnseenReset(32 << 20)));
        }
    }

    @Nested
    class HalfClose {
        @Async
        Coroutine<List<String>> clientEndsItsSide() throws IOException {
            Server server = await(startServer((reader, writer) -> countThenReply(reader, writer), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            c.writer().write("one\ntwo\nthree\n");
            c.writer().writeEof();
            List<String> replies = new ArrayList<>();
            for (String line : new String(await(c.reader().read(-1)), StandardCharsets.UTF_8).split("\n")) {
                replies.add(line.length() > 20 ? line.length() + " bytes" : line);
            }
            replies.add("eof=" + c.reader().atEof());
            c.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(replies);
        }

        @Async
        Coroutine<Void> countThenReply(StreamReader reader, StreamWriter writer) throws IOException {
            int lines = 0;
            while (await(reader.readLine()) != null) {
                lines++;
            }
            // A reply well above the high-water mark: draining must still work after the peer's FIN.
            writer.write(lines + " lines\n" + "x".repeat(1 << 20) + "\n");
            await(writer.drain());
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aClientsEndOfStreamStillLetsTheServerReplyInFull() throws IOException {
            assertEquals(List.of("3 lines", (1 << 20) + " bytes", "eof=true"), run(clientEndsItsSide()));
        }

        @Async
        Coroutine<List<String>> serverEndsItsSide() throws IOException {
            Future<List<String>> heard = getRunningLoop().createFuture();
            Server server = await(startServer((reader, writer) -> sayByeThenListen(reader, writer, heard), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            List<String> seen = new ArrayList<>();
            seen.add(await(c.reader().readLine()));
            seen.add(String.valueOf(await(c.reader().readLine())));
            c.writer().write("still\nhere\n");
            await(c.writer().drain());
            c.writer().close();
            seen.addAll(await(waitFor(heard, 10)));
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<Void> sayByeThenListen(StreamReader reader, StreamWriter writer, Future<List<String>> heard)
                throws IOException {
            writer.write("bye\n");
            writer.writeEof();
            List<String> lines = new ArrayList<>();
            for (String line; (line = await(reader.readLine())) != null; ) {
                lines.add(line);
            }
            heard.setResult(lines);
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aServersEndOfStreamLeavesTheClientSending() throws IOException {
            assertEquals(List.of("bye", "null", "still", "here"), run(serverEndsItsSide()));
        }
    }

    @Nested
    class SlowPeers {
        static final int TOTAL = 8 << 20;

        @Async
        Coroutine<long[]> slowReader() throws IOException {
            long[] writerQueuePeak = new long[1];
            Server server = await(startServer((reader, writer) -> flood(writer, writerQueuePeak), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            long readerBufferPeak = 0;
            long received = 0;
            CRC32 crc = new CRC32();
            for (byte[] chunk; (chunk = await(c.reader().read(32 * 1024))).length > 0; ) {
                readerBufferPeak = Math.max(readerBufferPeak, c.reader().buffered() + chunk.length);
                received += chunk.length;
                crc.update(chunk);
                await(sleep(0.001));
            }
            c.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(new long[] {received, crc.getValue(), readerBufferPeak, writerQueuePeak[0]});
        }

        @Async
        Coroutine<Void> flood(StreamWriter writer, long[] queuePeak) throws IOException {
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < TOTAL / block.length; i++) {
                Arrays.fill(block, (byte) i);
                writer.write(block);
                queuePeak[0] = Math.max(queuePeak[0], writer.bufferedBytes());
                await(writer.drain());
            }
            writer.close();
            return Coroutine.completed();
        }

        static long expectedCrc() {
            CRC32 crc = new CRC32();
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < TOTAL / block.length; i++) {
                Arrays.fill(block, (byte) i);
                crc.update(block);
            }
            return crc.getValue();
        }

        @Test
        void aSlowReaderHoldsMemoryFlatOnBothSidesAndGetsEveryByte() throws IOException {
            long[] r = run(slowReader());
            assertEquals(TOTAL, r[0]);
            assertEquals(expectedCrc(), r[1]);
            // The reader stops reading the socket above twice its limit (plus one socket read of 64 KiB)...
            assertTrue(r[2] <= 2 * StreamReader.DEFAULT_LIMIT + 64 * 1024, "reader buffered " + r[2]);
            // ...and the writer, awaiting drain(), never queues more than the high-water mark plus one block.
            assertTrue(r[3] <= 64 * 1024 + 64 * 1024, "writer queued " + r[3]);
        }

        @Async
        Coroutine<List<String>> slowWriter() throws IOException {
            List<String> events = new ArrayList<>();
            Server server = await(startServer((reader, writer) -> readOneLine(reader, writer, events), "127.0.0.1", 0));
            int port = server.getAddress().getPort();
            Connection slow = await(openConnection("127.0.0.1", port));
            byte[] line = "a line sent one byte at a time\n".getBytes(StandardCharsets.UTF_8);
            int half = line.length / 2;
            for (int i = 0; i < half; i++) {
                slow.writer().write(new byte[] {line[i]});
                await(slow.writer().drain());
                await(sleep(0.002));
            }
            // While that line is incomplete, another client is served in full.
            Connection fast = await(openConnection("127.0.0.1", port));
            for (int i = 0; i < 10; i++) {
                await(ask(fast, "fast " + i));
            }
            fast.writer().close();
            events.add("fast client done");
            for (int i = half; i < line.length; i++) {
                slow.writer().write(new byte[] {line[i]});
                await(slow.writer().drain());
                await(sleep(0.002));
            }
            events.add("slow answer: " + await(slow.reader().readLine()));
            slow.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(events);
        }

        @Async
        Coroutine<Void> readOneLine(StreamReader reader, StreamWriter writer, List<String> events) throws IOException {
            for (String line; (line = await(reader.readLine())) != null; ) {
                if (!line.startsWith("fast")) {
                    events.add("server read: " + line);
                }
                writer.write(line.toUpperCase() + "\n");
                await(writer.drain());
            }
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aSlowWritersLineIsReassembledWhileOtherClientsAreServed() throws IOException {
            assertEquals(List.of("fast client done", "server read: a line sent one byte at a time",
                    "slow answer: A LINE SENT ONE BYTE AT A TIME"), run(slowWriter()));
        }
    }

    @Nested
    class IdleClient {
        @Async
        Coroutine<List<String>> silentClient() throws IOException {
            List<String> events = new ArrayList<>();
            Server server = await(startServer((reader, writer) -> lineOrTimeout(reader, writer, events), "127.0.0.1", 0));
            int port = server.getAddress().getPort();
            Connection silent = await(openConnection("127.0.0.1", port));
            Connection talker = await(openConnection("127.0.0.1", port));
            events.add("talker got " + await(ask(talker, "quick")));
            events.add("silent got " + await(silent.reader().readLine()));
            events.add("then " + await(silent.reader().readLine()));
            talker.writer().close();
            silent.writer().close();
            server.close();
            // Both connections are closed on the server's side: waitClosed returns.
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(events);
        }

        @Async
        Coroutine<Void> lineOrTimeout(StreamReader reader, StreamWriter writer, List<String> events) throws IOException {
            try {
                String line = await(waitFor(reader.readLine(), 0.5));
                writer.write(line.toUpperCase() + "\n");
            } catch (AsyncTimeoutException e) {
                events.add("server timed out");
                writer.write("too slow\n");
            }
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aClientThatNeverSendsIsClosedByTheServersReadTimeout() throws IOException {
            assertEquals(List.of("talker got QUICK", "server timed out", "silent got too slow", "then null"),
                    run(silentClient()));
        }
    }

    @Nested
    class CancelledRead {
        @Async
        Coroutine<List<Object>> cancelBlockedReadLine() throws IOException {
            Future<Void> go = getRunningLoop().createFuture();
            Server server = await(startServer((reader, writer) -> halfThenRest(reader, writer, go), "127.0.0.1", 0));
            int port = server.getAddress().getPort();
            Connection c = await(openConnection("127.0.0.1", port));
            Connection other = await(openConnection("127.0.0.1", port));
            List<Object> seen = new ArrayList<>();
            Task<String> blocked = createTask(c.reader().readLine());
            while (c.reader().buffered() < 4) { // "abc " arrived, no newline yet: readLine waits
                await(sleep(0.001));
            }
            seen.add(blocked.done());
            blocked.cancel();
            try {
                await(blocked);
            } catch (CancellationException expected) {
                seen.add("cancelled");
            }
            seen.add(c.reader().buffered());
            seen.add(c.writer().isClosing() || other.writer().isClosing());
            go.setResult(null);
            seen.add(await(waitFor(c.reader().readLine(), 10)));
            seen.add(await(ask(c, "still open")));
            seen.add(await(other.reader().readLine()));
            c.writer().close();
            other.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(seen);
        }

        /** Sends "abc " at once, "def" once told to, then answers lines. */
        @Async
        Coroutine<Void> halfThenRest(StreamReader reader, StreamWriter writer, Future<Void> go) throws IOException {
            writer.write("abc ");
            await(writer.drain());
            await(go);
            writer.write("def\n");
            await(shout(reader, writer));
            return Coroutine.completed();
        }

        @Test
        void cancellingATaskBlockedInReadLineClosesNothingAndLosesNoBufferedBytes() throws IOException {
            assertEquals(List.of(false, "cancelled", 4, false, "abc def", "STILL OPEN", "abc def"),
                    run(cancelBlockedReadLine()));
        }

        @Async
        Coroutine<List<Object>> cancelBlockedReadExactly() throws IOException {
            Future<Void> go = getRunningLoop().createFuture();
            Server server = await(startServer((reader, writer) -> halfThenRest(reader, writer, go), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            List<Object> seen = new ArrayList<>();
            Task<byte[]> blocked = createTask(c.reader().readExactly(8));
            while (c.reader().buffered() < 4) {
                await(sleep(0.001));
            }
            blocked.cancel();
            seen.add(await(isCancelled(blocked)));
            go.setResult(null);
            seen.add(new String(await(waitFor(c.reader().readExactly(8), 10)), StandardCharsets.UTF_8));
            c.writer().close();
            server.close();
            await(waitFor(server.waitClosed(), 10));
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<Boolean> isCancelled(Task<?> task) {
            try {
                await(task);
                return Coroutine.completed(false);
            } catch (CancellationException e) {
                return Coroutine.completed(true);
            }
        }

        @Test
        void cancellingATaskBlockedInReadExactlyKeepsThePartialBytesForTheNextRead() throws IOException {
            assertEquals(List.of(true, "abc def\n"), run(cancelBlockedReadExactly()));
        }
    }

    /**
     * Waits given up by their waiter (a cancel, a {@code waitFor} timeout) must give up only that waiter: the
     * connection or server waited on carries on, and other waiters still see what they wait for.
     */
    @Nested
    class AbandonedWaits {
        /** The loop's error reports during a test: a callback that throws shows up here. */
        final List<String> reported = new ArrayList<>();

        void recordLoopErrors() {
            getRunningLoop().setExceptionHandler((loop, context) -> reported.add(context.get("message") + ": "
                    + context.get("exception")));
        }

        String loopErrors() {
            return reported.isEmpty() ? "no loop errors" : reported.size() + " loop errors, the first: " + reported.get(0);
        }

        /** "ok" if {@code awaitable} completes within {@code timeout} seconds, else what it threw. */
        @Async
        Coroutine<Object> outcome(Awaitable<?> awaitable, double timeout) {
            try {
                await(waitFor(awaitable, timeout));
                return Coroutine.completed("ok");
            } catch (RuntimeException e) {
                return Coroutine.completed(e);
            }
        }

        @Async
        Coroutine<List<Object>> drainTimesOut() throws IOException {
            recordLoopErrors();
            Future<Void> startReading = getRunningLoop().createFuture();
            long[] received = new long[1];
            Server server = await(startServer((reader, writer) -> readAllLater(reader, writer, startReading, received),
                    "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            byte[] block = new byte[1 << 20];
            long sent = 0;
            // More than the kernel can absorb while the server does not read (tcp_rmem may autotune up to 32 MiB,
            // plus the send buffer and the server reader's 2 x 64 KiB), so the drain below must time out.
            while (c.writer().bufferedBytes() <= 48L << 20) {
                c.writer().write(block);
                sent += block.length;
            }
            List<Object> seen = new ArrayList<>();
            seen.add(await(outcome(c.writer().drain(), 0.05)) instanceof AsyncTimeoutException ? "drain timed out" : "drained");
            startReading.setResult(null);
            seen.add(await(outcome(c.writer().drain(), 5)));
            c.writer().write(block);
            sent += block.length;
            c.writer().close();
            seen.add(await(outcome(c.writer().waitClosed(), 5)));
            server.close();
            seen.add(await(outcome(server.waitClosed(), 5)));
            seen.add(received[0] == sent ? "all received" : received[0] + " of " + sent + " received");
            seen.add(loopErrors());
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<Void> readAllLater(StreamReader reader, StreamWriter writer, Future<Void> start, long[] received)
                throws IOException {
            await(start);
            for (byte[] chunk; (chunk = await(reader.read(1 << 16))).length > 0; ) {
                received[0] += chunk.length;
            }
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aDrainTimedOutByWaitForLeavesTheWriterWorking() throws IOException {
            assertEquals(List.of("drain timed out", "ok", "ok", "ok", "all received", "no loop errors"), run(drainTimesOut()));
        }

        @Async
        Coroutine<List<Object>> waitClosedTimesOut() throws IOException {
            recordLoopErrors();
            Server server = await(startServer(FailuresTest::shout, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            List<Object> seen = new ArrayList<>();
            seen.add(await(outcome(c.writer().waitClosed(), 0.02)) instanceof AsyncTimeoutException ? "still open" : "closed early");
            seen.add(await(ask(c, "hello")));
            try {
                c.writer().close();
                seen.add(await(outcome(c.writer().waitClosed(), 5)));
            } catch (RuntimeException e) {
                seen.add("close() threw " + e);
            }
            server.close();
            seen.add(await(outcome(server.waitClosed(), 5)));
            seen.add(loopErrors());
            return Coroutine.completed(seen);
        }

        @Test
        void aWaitClosedTimedOutByWaitForLeavesTheLaterCloseWorking() throws IOException {
            assertEquals(List.of("still open", "HELLO", "ok", "ok", "no loop errors"), run(waitClosedTimesOut()));
        }

        @Async
        Coroutine<List<Object>> cancelServeForever() throws IOException {
            recordLoopErrors();
            Server server = await(startServer(FailuresTest::shout, "127.0.0.1", 0));
            Task<Void> serving = createTask(server.serveForever());
            await(sleep(0.01));
            serving.cancel();
            List<Object> seen = new ArrayList<>();
            Object ended = await(outcome(serving, 5));
            seen.add(ended instanceof CancellationException ? "cancelled" : ended);
            seen.add(server.isServing());
            seen.add(await(outcome(server.waitClosed(), 5)));
            seen.add(loopErrors());
            return Coroutine.completed(seen);
        }

        @Test
        void cancellingServeForeverClosesTheServerAndWaitClosedReturns() throws IOException {
            assertEquals(List.of("cancelled", false, "ok", "no loop errors"), run(cancelServeForever()));
        }

        @Async
        Coroutine<List<Object>> serverWaitClosedTimesOut() throws IOException {
            recordLoopErrors();
            Server server = await(startServer(FailuresTest::shout, "127.0.0.1", 0));
            List<Object> seen = new ArrayList<>();
            seen.add(await(outcome(server.waitClosed(), 0.02)) instanceof AsyncTimeoutException ? "still serving" : "closed early");
            try {
                server.close();
                seen.add(await(outcome(server.waitClosed(), 5)));
            } catch (RuntimeException e) {
                seen.add("close() threw " + e);
            }
            seen.add(loopErrors());
            return Coroutine.completed(seen);
        }

        @Test
        void aServersWaitClosedTimedOutByWaitForLeavesTheLaterCloseWorking() throws IOException {
            assertEquals(List.of("still serving", "ok", "no loop errors"), run(serverWaitClosedTimesOut()));
        }
    }
}
