package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.tests.support.BulkStreams;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.run;
import static jasyncio.net.Net.openUnixConnection;
import static jasyncio.net.Net.startUnixServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unix-domain streams ({@code openUnixConnection}, {@code startUnixServer}): the TCP stream tests over a socket
 * file, and what only a socket file has (its removal, a path in use, a stale file, a path too long).
 */
@Timeout(60)
class UnixStreamsTest {
    /** A short directory of its own (JUnit's, under /tmp): socket paths must stay under ~100 bytes. */
    @TempDir
    Path dir;

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
        Coroutine<List<String>> talk(Path path) throws IOException {
            Server server = await(startUnixServer(UnixStreamsTest::echoLines, path));
            Connection c = await(openUnixConnection(path));
            List<String> replies = new ArrayList<>();
            for (String word : List.of("hello", "unix", "sockets")) {
                c.writer().write(word + "\n");
                await(c.writer().drain());
                replies.add(await(c.reader().readLine()));
            }
            c.writer().writeEof();
            replies.add(String.valueOf(await(c.reader().readLine()))); // the server's end of stream
            c.writer().close();
            server.close();
            await(server.waitClosed());
            return Coroutine.completed(replies);
        }

        @Test
        void aServerAndAClientExchangeLinesOverASocketFile() throws IOException {
            assertEquals(List.of("HELLO", "UNIX", "SOCKETS", "null"), run(talk(dir.resolve("echo.sock"))));
        }

        @Async
        Coroutine<String> client(Path path, int id) throws IOException {
            Connection c = await(openUnixConnection(path));
            c.writer().write("client " + id + "\n");
            String reply = await(c.reader().readLine());
            c.writer().close();
            return Coroutine.completed(reply);
        }

        @Async
        Coroutine<List<String>> manyClients(Path path, int n) throws IOException {
            Server server = await(startUnixServer(UnixStreamsTest::echoLines, path));
            List<Task<String>> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(createTask(client(path, i)));
            }
            List<String> replies = await(gather(clients));
            server.close();
            await(server.waitClosed());
            return Coroutine.completed(replies);
        }

        @Test
        void twoHundredClientsAreServedAtOnce() throws IOException {
            List<String> replies = run(manyClients(dir.resolve("many.sock"), 200));
            assertEquals(200, replies.size());
            for (int i = 0; i < replies.size(); i++) {
                assertEquals("CLIENT " + i, replies.get(i));
            }
        }

        @Async
        Coroutine<String> halfClose(Path path) throws IOException {
            Server server = await(startUnixServer((reader, writer) -> replyAfterEof(reader, writer), path));
            Connection c = await(openUnixConnection(path));
            assertTrue(c.writer().canWriteEof());
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
            byte[] question = await(reader.read(-1)); // up to the client's writeEof
            writer.write("answer to " + new String(question, StandardCharsets.UTF_8));
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aHalfClosedConnectionStillCarriesTheReplyAndThenTheEnd() throws IOException {
            assertEquals("answer to question eof=true", run(halfClose(dir.resolve("half.sock"))));
        }

        @Async
        Coroutine<Long> transfer(Path path, int megabytes) throws IOException {
            Server server = await(startUnixServer(BulkStreams::echo, path));
            Connection c = await(openUnixConnection(path));
            Task<Long> receiving = createTask(BulkStreams.checksumOf(c.reader(), (long) megabytes << 20));
            byte[] block = new byte[64 * 1024];
            CRC32 sent = new CRC32();
            long mostQueued = 0;
            for (int i = 0; i < (megabytes << 20) / block.length; i++) {
                java.util.Arrays.fill(block, (byte) i);
                block[i % block.length] = (byte) (i * 31);
                sent.update(block);
                c.writer().write(block);
                mostQueued = Math.max(mostQueued, c.writer().bufferedBytes());
                await(c.writer().drain());
            }
            long received = await(receiving);
            c.writer().close();
            server.close();
            await(server.waitClosed());
            // drain() held the writer back: never more than the high-water mark plus one block was queued
            assertTrue(mostQueued <= 64 * 1024 + block.length, "queued at most " + mostQueued);
            return Coroutine.completed(received == sent.getValue() ? megabytes : -1L);
        }

        @Test
        void thirtyTwoMegabytesThroughAnEchoServerArriveIntact() throws IOException {
            assertEquals(32L, run(transfer(dir.resolve("bulk.sock"), 32)));
        }

        @Async
        Coroutine<List<Object>> addresses(Path path) throws IOException {
            List<Object> serverSide = new ArrayList<>();
            Server server = await(startUnixServer((reader, writer) -> {
                serverSide.add(writer.getLocalAddress());
                serverSide.add(writer.getPeerAddress());
                writer.close();
                return Coroutine.completed();
            }, path));
            Connection c = await(openUnixConnection(path));
            assertEquals(0, await(c.reader().read(-1)).length); // the handler ran, then closed
            List<Object> seen = new ArrayList<>(serverSide);
            seen.add(c.writer().getLocalAddress());
            seen.add(c.writer().getPeerAddress());
            c.writer().close();
            seen.add(server.getSocketAddress());
            seen.add(server.getPath());
            server.close();
            return Coroutine.completed(seen);
        }

        @Test
        void bothEndsKnowTheirAddressesAndTheServerItsPath() throws IOException {
            Path path = dir.resolve("addr.sock");
            List<Object> seen = run(addresses(path));
            UnixDomainSocketAddress bound = UnixDomainSocketAddress.of(path);
            // The JDK names an accepted connection's own end as the file, or leaves it unnamed (Linux does)
            assertInstanceOf(UnixDomainSocketAddress.class, seen.get(0), "the server's end of the connection");
            assertEquals(UnixDomainSocketAddress.of(""), seen.get(1), "the server's peer: an unnamed client");
            assertEquals(UnixDomainSocketAddress.of(""), seen.get(2), "the client's own end: unnamed");
            assertEquals(bound, seen.get(3), "the client's peer is the socket file");
            assertEquals(bound, seen.get(4));
            assertEquals(path, seen.get(5));
        }
    }

    @Nested
    class TheSocketFile {
        @Async
        Coroutine<Boolean> openThenClose(Path path) throws IOException {
            Server server = await(startUnixServer(UnixStreamsTest::echoLines, path));
            boolean existed = Files.exists(path);
            server.close();
            return Coroutine.completed(existed);
        }

        @Test
        void closingTheServerRemovesItsSocketFile() throws IOException {
            Path path = dir.resolve("gone.sock");
            assertTrue(run(openThenClose(path)), "the file exists while the server listens");
            assertFalse(Files.exists(path), "and is removed when it closes");
        }

        @Async
        Coroutine<String> secondServerOn(Path path) throws IOException {
            Server first = await(startUnixServer(UnixStreamsTest::echoLines, path));
            try {
                await(startUnixServer(UnixStreamsTest::echoLines, path));
                return Coroutine.completed("the second server started");
            } catch (BindException e) {
                // the first still serves, and still has its file
                Connection c = await(openUnixConnection(path));
                c.writer().write("still here\n");
                String reply = await(c.reader().readLine());
                c.writer().close();
                first.close();
                return Coroutine.completed(reply + ": " + e.getMessage());
            }
        }

        @Test
        void aPathWhereALiveServerListensIsRefusedClearlyAndLeftToIt() throws IOException {
            String outcome = run(secondServerOn(dir.resolve("busy.sock")));
            assertTrue(outcome.startsWith("STILL HERE: "), outcome);
            assertTrue(outcome.contains("busy.sock") && outcome.contains("a live server listens there"), outcome);
        }

        @Async
        Coroutine<String> serveOnce(Path path) throws IOException {
            Server server = await(startUnixServer(UnixStreamsTest::echoLines, path.toString())); // the paths as names
            Connection c = await(openUnixConnection(path.toString()));
            c.writer().write("fresh\n");
            String reply = await(c.reader().readLine());
            c.writer().close();
            server.close();
            return Coroutine.completed(reply);
        }

        @Test
        void aStaleSocketFileLeftByADeadServerIsReplaced() throws IOException {
            Path path = dir.resolve("stale.sock");
            // A server that dies without closing leaves its file: bound, then closed, the file stays
            ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            dead.bind(UnixDomainSocketAddress.of(path));
            dead.close();
            assertTrue(Files.exists(path));
            assertEquals("FRESH", run(serveOnce(path)));
            assertFalse(Files.exists(path));
        }

        @Test
        void aFileThatIsNotASocketIsNeverDeleted() throws IOException {
            Path path = dir.resolve("notes.txt");
            Files.writeString(path, "precious");
            BindException e = assertThrows(BindException.class, () -> run(serveOnce(path)));
            assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
            assertEquals("precious", Files.readString(path));
        }

        @Test
        void aNamedPipeIsNotASocketEitherAndIsNeverDeleted() throws Exception {
            Path path = dir.resolve("fifo");
            assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor());
            BindException e = assertThrows(BindException.class, () -> run(serveOnce(path)));
            assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
            assertTrue(Files.exists(path) && !Files.isRegularFile(path), "the named pipe is still there");
        }

        @Async
        Coroutine<Void> connectTo(Path path) throws IOException {
            await(openUnixConnection(path));
            return Coroutine.completed();
        }

        @Test
        void aPathTooLongIsRefusedWithItsLengthAndWhatToDo() {
            Path path = dir.resolve("x".repeat(120) + ".sock");
            SocketException listening = assertThrows(SocketException.class, () -> run(serveOnce(path)));
            assertTrue(listening.getMessage().contains("too long") && listening.getMessage().contains("shorter"),
                    listening.getMessage());
            SocketException connecting = assertThrows(SocketException.class, () -> run(connectTo(path)));
            assertTrue(connecting.getMessage().contains("too long"), connecting.getMessage());
        }

        @Test
        void connectingWhereNoSocketIsThrowsConnectExceptionNamingThePath() {
            Path path = dir.resolve("nobody.sock");
            ConnectException e = assertThrows(ConnectException.class, () -> run(connectTo(path)));
            assertTrue(e.getMessage().contains("nobody.sock"), e.getMessage());
        }

        @Test
        void connectingToAStaleSocketFileIsRefused() throws IOException {
            Path path = dir.resolve("refusing.sock");
            ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            dead.bind(UnixDomainSocketAddress.of(path));
            dead.close();
            ConnectException e = assertThrows(ConnectException.class, () -> run(connectTo(path)));
            assertEquals("connection refused by " + path + ": no server listens there (a stale socket file)", e.getMessage());
        }

        @Async
        Coroutine<String> askForTheAddress(Path path) throws IOException {
            Server server = await(startUnixServer(UnixStreamsTest::echoLines, path));
            try {
                server.getAddress();
                return Coroutine.completed("an InetSocketAddress");
            } catch (IllegalStateException e) {
                return Coroutine.completed(e.getMessage());
            } finally {
                server.close();
            }
        }

        @Test
        void aUnixServerHasNoIpAddressAndSaysWhereToLook() throws IOException {
            String message = run(askForTheAddress(dir.resolve("noip.sock")));
            assertTrue(message.contains("getPath()"), message);
        }
    }
}
