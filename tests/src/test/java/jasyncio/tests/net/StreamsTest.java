package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.IncompleteReadException;
import jasyncio.net.LimitOverrunException;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.tests.support.BulkStreams;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.net.Net.startServer;
import static jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP streams on the loop, on loopback: servers, clients and their failures, each bounded in time. */
@Timeout(60)
class StreamsTest {
    @Async
    static Coroutine<Void> echoLines(StreamReader reader, StreamWriter writer) throws IOException {
        for (String line; (line = await(reader.readLine())) != null; ) {
            writer.write(line.toUpperCase() + "\n");
            await(writer.drain());
        }
        writer.close();
        return Coroutine.completed();
    }

    @Nested
    class Echo {
        @Async
        Coroutine<List<String>> talk() throws IOException {
            Server server = await(startServer(StreamsTest::echoLines, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            List<String> replies = new ArrayList<>();
            for (String word : List.of("hello", "jasyncio", "streams")) {
                c.writer().write(word + "\r\n");
                await(c.writer().drain());
                replies.add(await(c.reader().readLine()));
            }
            c.writer().writeEof();
            replies.add(String.valueOf(await(c.reader().readLine())));
            c.writer().close();
            server.close();
            await(server.waitClosed());
            return Coroutine.completed(replies);
        }

        @Test
        void aServerAndAClientExchangeLines() throws IOException {
            assertEquals(List.of("HELLO", "JASYNCIO", "STREAMS", "null"), run(talk()));
        }

        @Async
        Coroutine<List<String>> writeLinesAndLimits() throws IOException {
            Server server = await(startServer(StreamsTest::echoLines, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            StreamWriter writer = c.writer();
            List<String> seen = new ArrayList<>();
            writer.setWriteBufferLimits(100, 100); // equal marks are allowed
            for (int[] limits : new int[][] {{99, 100}, {100, -1}}) {
                seen.add(assertThrows(IllegalArgumentException.class,
                        () -> writer.setWriteBufferLimits(limits[0], limits[1])).getMessage());
            }
            writer.writeLines(List.of("one\n".getBytes(StandardCharsets.UTF_8), "two\n".getBytes(StandardCharsets.UTF_8)));
            await(writer.drain());
            seen.add(await(c.reader().readLine()));
            seen.add(await(c.reader().readLine()));
            writer.close();
            server.close();
            await(server.waitClosed());
            return Coroutine.completed(seen);
        }

        @Test
        void writeLinesSendsEachChunkInOrderAndBufferLimitsAreChecked() throws IOException {
            assertEquals(List.of("need 0 <= low <= high, not low=100 high=99", "need 0 <= low <= high, not low=-1 high=100",
                    "ONE", "TWO"), run(writeLinesAndLimits()));
        }

        @Async
        Coroutine<Long> transfer(int megabytes) throws IOException {
            Server server = await(startServer(BulkStreams::echo, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            Task<Long> receiving = createTask(BulkStreams.checksumOf(c.reader(), megabytes << 20));
            byte[] block = new byte[64 * 1024];
            CRC32 sent = new CRC32();
            for (int i = 0; i < (megabytes << 20) / block.length; i++) {
                java.util.Arrays.fill(block, (byte) i);
                block[i % block.length] = (byte) (i * 31);
                sent.update(block);
                c.writer().write(block);
                await(c.writer().drain());
            }
            long received = await(receiving);
            c.writer().close();
            server.close();
            return Coroutine.completed(received == sent.getValue() ? megabytes : -1L);
        }

        @Test
        void sixtyFourMegabytesThroughAnEchoServerArriveIntact() throws IOException {
            assertEquals(64L, run(transfer(64)));
        }

        /**
         * Writes from one byte to a megabyte, in a seeded mix, draining only at the high-water mark: small writes
         * join the last queued buffer (only while none of it is sent), a megabyte is offered to the socket alone.
         */
        @Async
        Coroutine<Boolean> mixedSizes(long seed) throws IOException {
            Server server = await(startServer(BulkStreams::echo, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            Random random = new Random(seed);
            int[] sizes = {1, 7, 100, 3000, 4096, 5000, 70_000, 1 << 20};
            List<byte[]> chunks = new ArrayList<>();
            long total = 0;
            while (total < (16 << 20)) {
                byte[] chunk = new byte[sizes[random.nextInt(sizes.length)]];
                random.nextBytes(chunk);
                chunks.add(chunk);
                total += chunk.length;
            }
            CRC32 sent = new CRC32();
            Task<Long> receiving = createTask(BulkStreams.checksumOf(c.reader(), total));
            for (byte[] chunk : chunks) {
                sent.update(chunk);
                c.writer().write(chunk);
                await(c.writer().drain());
            }
            long received = await(receiving);
            c.writer().close();
            server.close();
            return Coroutine.completed(received == sent.getValue());
        }

        @Test
        void writesOfEverySizeFromAByteToAMegabyteArriveInOrder() throws IOException {
            for (long seed = 1; seed <= 3; seed++) {
                assertTrue(run(mixedSizes(seed)), "seed " + seed);
            }
        }
    }

    @Nested
    class Failures {
        @Async
        Coroutine<Void> connectTo(int port) throws IOException {
            await(openConnection("127.0.0.1", port));
            return Coroutine.completed();
        }

        @Test
        void aRefusedConnectionThrowsTheJdksExceptionAtTheAwait() throws IOException {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            assertThrows(ConnectException.class, () -> run(connectTo(port)));
        }

        @Async
        Coroutine<Void> readAll(StreamReader reader) throws IOException {
            await(reader.read(-1));
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> halfClose() throws IOException {
            Server server = await(startServer((reader, writer) -> replyAfterEof(reader, writer), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            c.writer().write("question");
            c.writer().writeEof();
            byte[] answer = await(c.reader().read(-1));
            boolean eof = c.reader().atEof();
            c.writer().close();
            server.close();
            return Coroutine.completed(new String(answer, StandardCharsets.UTF_8) + " eof=" + eof);
        }

        @Async
        Coroutine<Void> replyAfterEof(StreamReader reader, StreamWriter writer) throws IOException {
            byte[] question = await(reader.read(-1));
            writer.write("answer to " + new String(question, StandardCharsets.UTF_8));
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aHalfClosedConnectionStillCarriesTheReply() throws IOException {
            assertEquals("answer to question eof=true", run(halfClose()));
        }

        @Async
        Coroutine<String> cancelARead() throws IOException {
            Server server = await(startServer((reader, writer) -> sendLater(writer), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            Task<byte[]> blocked = createTask(c.reader().readExactly(10));
            await(sleep(0.01));
            blocked.cancel();
            try {
                await(blocked);
            } catch (CancellationException expected) {
                // the read gave up; the bytes must still be there for the next one
            }
            byte[] next = await(waitFor(c.reader().readExactly(10), 5));
            c.writer().close();
            server.close();
            return Coroutine.completed(new String(next, StandardCharsets.UTF_8));
        }

        @Async
        Coroutine<Void> sendLater(StreamWriter writer) throws IOException {
            await(sleep(0.05));
            writer.write("0123456789");
            await(writer.drain());
            return Coroutine.completed();
        }

        @Test
        void cancellingABlockedReadLosesNoBytes() throws IOException {
            assertEquals("0123456789", run(cancelARead()));
        }

        @Async
        Coroutine<Throwable> peerResets() throws IOException {
            jasyncio.Future<Throwable> seen = jasyncio.Asyncio.getRunningLoop().createFuture();
            Server server = await(startServer((reader, writer) -> recordFailure(reader, seen), "127.0.0.1", 0));
            try (java.nio.channels.SocketChannel raw = java.nio.channels.SocketChannel.open(server.getAddress())) {
                raw.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
                raw.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            Throwable failure = await(waitFor(seen, 5));
            server.close();
            return Coroutine.completed(failure);
        }

        @Async
        Coroutine<Void> recordFailure(StreamReader reader, jasyncio.Future<Throwable> seen) {
            try {
                await(reader.read(-1));
                seen.setResult(null);
            } catch (IOException e) {
                seen.setResult(e);
            }
            return Coroutine.completed();
        }

        @Test
        void aPeerResetMidStreamThrowsTheJdksExceptionAtTheRead() throws IOException {
            Throwable failure = run(peerResets());
            assertTrue(failure instanceof IOException, String.valueOf(failure));
            assertTrue(String.valueOf(failure.getMessage()).contains("reset"), String.valueOf(failure));
        }
    }

    @Nested
    class Reader {
        @Async
        Coroutine<List<Object>> parse() throws IOException {
            StreamReader reader = new StreamReader(16);
            reader.feedData("ab\ncd\r\nef|gh".getBytes(StandardCharsets.UTF_8));
            List<Object> out = new ArrayList<>();
            out.add(await(reader.readLine()));
            out.add(await(reader.readLine()));
            out.add(new String(await(reader.readUntil(new byte[] {'|'})), StandardCharsets.UTF_8));
            reader.feedEof();
            try {
                await(reader.readExactly(5));
            } catch (IncompleteReadException e) {
                out.add(new String(e.getPartial(), StandardCharsets.UTF_8) + "/" + e.getExpected());
            }
            out.add(reader.atEof());
            return Coroutine.completed(out);
        }

        @Test
        void linesSeparatorsAndIncompleteReads() throws IOException {
            assertEquals(List.of("ab", "cd", "ef|", "gh/5", true), run(parse()));
        }

        @Async
        Coroutine<String> overrun() throws IOException {
            StreamReader reader = new StreamReader(8);
            reader.feedData("0123456789abcdef\nrest\n".getBytes(StandardCharsets.UTF_8));
            try {
                await(reader.readLine());
                return Coroutine.completed("no overrun");
            } catch (LimitOverrunException e) {
                return Coroutine.completed(await(reader.readLine()));
            }
        }

        @Test
        void aLineLongerThanTheLimitIsSkippedWithAnError() throws IOException {
            assertEquals("rest", run(overrun()));
        }

        /** How far the separator is (found past the limit), or how much was searched (not found), as asyncio's. */
        @Async
        Coroutine<List<Integer>> overrunOffsets() throws IOException {
            List<Integer> seen = new ArrayList<>();
            StreamReader found = new StreamReader(8);
            seen.add(found.limit());
            found.feedData("0123456789abcdef\nrest\n".getBytes(StandardCharsets.UTF_8));
            seen.add(await(consumedAtOverrun(found)));
            StreamReader notFound = new StreamReader(8);
            notFound.feedData("0123456789".getBytes(StandardCharsets.UTF_8));
            seen.add(await(consumedAtOverrun(notFound)));
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<Integer> consumedAtOverrun(StreamReader reader) throws IOException {
            try {
                await(reader.readUntil(new byte[] {'\n'}));
                return Coroutine.completed(-1);
            } catch (LimitOverrunException e) {
                return Coroutine.completed(e.getConsumed());
            }
        }

        @Test
        void anOverrunSaysHowFarTheSeparatorIsOrHowMuchWasSearched() throws IOException {
            assertEquals(List.of(8, 16, 10), run(overrunOffsets()));
        }

        @Async
        Coroutine<byte[]> readWhileFed() throws IOException {
            StreamReader reader = new StreamReader();
            jasyncio.Asyncio.getRunningLoop().callLater(0.01, () -> reader.feedData(new byte[] {1, 2}));
            jasyncio.Asyncio.getRunningLoop().callLater(0.02, () -> reader.feedData(new byte[] {3}));
            return Coroutine.completed(await(reader.readExactly(3)));
        }

        @Test
        void readExactlyWaitsForEnoughBytes() throws IOException {
            assertArrayEquals(new byte[] {1, 2, 3}, run(readWhileFed()));
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Async
        Coroutine<List<String>> severalSeparators() throws IOException {
            StreamReader reader = new StreamReader();
            reader.feedData(bytes("key=value;next"));
            List<String> out = new ArrayList<>();
            out.add(new String(await(reader.readUntil(bytes(";"), bytes("="))), StandardCharsets.UTF_8));
            out.add(new String(await(reader.readUntil(bytes("ue;"), bytes(";"))), StandardCharsets.UTF_8));
            jasyncio.Asyncio.getRunningLoop().callLater(0.01, () -> reader.feedData(bytes("-line\r")));
            jasyncio.Asyncio.getRunningLoop().callLater(0.02, () -> reader.feedData(bytes("\nrest")));
            out.add(new String(await(reader.readUntil(bytes("\r\n"), bytes("\n\n"))), StandardCharsets.UTF_8));
            return Coroutine.completed(out);
        }

        @Test
        void readUntilSeveralSeparatorsReturnsTheShortestChunkEndingInAnyOfThem() throws IOException {
            assertEquals(List.of("key=", "value;", "next-line\r\n"), run(severalSeparators()));
        }

        @Async
        Coroutine<List<String>> refusedSeparators() throws IOException {
            StreamReader reader = new StreamReader();
            reader.feedData(bytes("data"));
            List<String> out = new ArrayList<>();
            for (byte[][] separators : List.of(new byte[0][], new byte[][] {bytes(";"), new byte[0]})) {
                try {
                    await(reader.readUntil(separators));
                    out.add("accepted");
                } catch (IllegalArgumentException e) {
                    out.add(e.getMessage());
                }
            }
            return Coroutine.completed(out);
        }

        @Test
        void readUntilRefusesNoSeparatorsAndAnEmptyOne() throws IOException {
            assertEquals(List.of("readUntil needs at least one separator", "separator should be at least one byte"),
                    run(refusedSeparators()));
        }

        @Test
        void exceptionIsWhatTheStreamFailedWith() {
            StreamReader reader = new StreamReader();
            assertNull(reader.exception());
            IOException reset = new IOException("connection reset");
            reader.setException(reset);
            assertSame(reset, reader.exception());
        }
    }

    /**
     * Writing to a connection closed on this side sends nothing and fails the next {@code drain()} with the JDK's
     * {@link ClosedChannelException} (asyncio's write + drain raise a connection error there).
     */
    @Nested
    class WriteAfterClose {
        @Async
        Coroutine<String> writeAfter(boolean closeFirst) throws IOException {
            Server server = await(startServer(StreamsTest::echoLines, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            c.writer().write("sent\n");
            await(c.writer().drain());
            String reply = await(c.reader().readLine());
            if (closeFirst) {
                c.writer().close();
            } else {
                c.writer().writeEof();
            }
            await(c.writer().drain());
            c.writer().write("too late\n");
            try {
                await(c.writer().drain());
                return Coroutine.completed(reply + ", then drained");
            } catch (ClosedChannelException e) {
                return Coroutine.completed(reply + ", then " + e.getMessage());
            } finally {
                c.writer().close();
                server.close();
                await(server.waitClosed());
            }
        }

        @Test
        void aWriteAfterCloseFailsTheNextDrainWithClosedChannelException() throws IOException {
            String outcome = run(writeAfter(true));
            assertTrue(outcome.startsWith("SENT, then write after close()"), outcome);
        }

        @Test
        void aWriteAfterWriteEofFailsTheNextDrainWithClosedChannelException() throws IOException {
            String outcome = run(writeAfter(false));
            assertTrue(outcome.startsWith("SENT, then write after writeEof()"), outcome);
        }
    }

    /** What a connection, its writer and its socket say of themselves, as the socket fills, closes and is aborted. */
    @Nested
    class Descriptions {
        @Async
        Coroutine<List<String>> describe() throws IOException {
            Server server = await(startServer((reader, writer) -> sleep(3600), "127.0.0.1", 0)); // never reads
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            StreamWriter writer = c.writer();
            assertEquals("<Connection " + c.reader() + " " + writer + ">", c.toString());
            List<String> seen = new ArrayList<>();
            seen.add(writer.toString());
            writer.write(new byte[32 << 20]); // more than both sockets hold
            seen.add(writer.toString().replace(" pending=" + writer.bufferedBytes() + ">", " pending=QUEUED>"));
            writer.close();
            seen.add(writer.toString().replace(" pending=" + writer.bufferedBytes() + ">", " pending=QUEUED>"));
            writer.abort();
            seen.add(writer.toString());
            server.close();
            server.abortClients();
            await(waitFor(server.waitClosed(), 20));
            List<String> shapes = new ArrayList<>();
            for (String s : seen) {
                shapes.add(s.replaceAll("\\[connected local=/127\\.0\\.0\\.1:\\d+ remote=/127\\.0\\.0\\.1:\\d+]", "[connected]"));
            }
            return Coroutine.completed(shapes);
        }

        @Test
        void theSocketSaysWhetherItIsClosingAndHowManyBytesItHasQueued() throws IOException {
            assertEquals(List.of(
                    "<StreamWriter <SocketStream java.nio.channels.SocketChannel[connected]>>",
                    "<StreamWriter <SocketStream java.nio.channels.SocketChannel[connected] pending=QUEUED>>",
                    "<StreamWriter <SocketStream java.nio.channels.SocketChannel[connected] closing pending=QUEUED>>",
                    "<StreamWriter <SocketStream java.nio.channels.SocketChannel[closed] closing>>"), run(describe()));
        }
    }

    @Nested
    class BackPressure {
        @Async
        Coroutine<long[]> slowReader() throws IOException {
            long[] maxBuffered = new long[2];
            Server server = await(startServer((reader, writer) -> flood(writer, maxBuffered), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            await(sleep(0.3));
            long unread = c.reader().buffered();
            byte[] all = await(c.reader().read(-1));
            c.writer().close();
            server.close();
            return Coroutine.completed(new long[] {unread, maxBuffered[0], all.length});
        }

        /** Whether a drain() right after {@code writes} waits: the socket is full, the peer reads nothing. */
        @Async
        Coroutine<List<Boolean>> drainAroundTheMark() throws IOException {
            Server server = await(startServer((reader, writer) -> sleep(3600), "127.0.0.1", 0)); // never reads
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            StreamWriter writer = c.writer();
            writer.setWriteBufferLimits(Integer.MAX_VALUE, 0);
            writer.write(new byte[32 << 20]); // more than both sockets hold: the rest is queued
            // From here on nothing yields to the loop before the drain: the queue only grows, by the bytes written.
            writer.setWriteBufferLimits((int) writer.bufferedBytes() + 10, 0);
            writer.write(new byte[10]); // exactly at the high-water mark
            List<Boolean> waited = new ArrayList<>();
            waited.add(await(drainWaits(writer)));
            writer.write(new byte[1]); // above it
            waited.add(await(drainWaits(writer)));
            writer.abort();
            server.close();
            server.abortClients();
            await(waitFor(server.waitClosed(), 20));
            return Coroutine.completed(waited);
        }

        @Async
        Coroutine<Boolean> drainWaits(StreamWriter writer) throws IOException {
            try {
                await(waitFor(writer.drain(), 0.5));
                return Coroutine.completed(false);
            } catch (AsyncTimeoutException e) {
                return Coroutine.completed(true);
            }
        }

        @Test
        void drainWaitsAboveTheHighWaterMarkNotAtIt() throws IOException {
            assertEquals(List.of(false, true), run(drainAroundTheMark()));
        }

        @Async
        Coroutine<Void> flood(StreamWriter writer, long[] maxBuffered) throws IOException {
            byte[] block = new byte[16 * 1024];
            for (int i = 0; i < 1024; i++) {
                writer.write(block);
                maxBuffered[0] = Math.max(maxBuffered[0], writer.bufferedBytes());
                await(writer.drain());
            }
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aSlowReaderHoldsMemoryFlatOnBothSides() throws IOException {
            long[] r = run(slowReader());
            assertTrue(r[0] <= 2 * StreamReader.DEFAULT_LIMIT + 64 * 1024, "reader buffered " + r[0]);
            assertTrue(r[1] <= 64 * 1024 + 16 * 1024, "writer queued " + r[1]);
            assertEquals(16L * 1024 * 1024, r[2], "every byte arrives once the reader reads");
        }
    }
}
