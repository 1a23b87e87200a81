package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.tests.support.BlockingTlsPeer;
import jasyncio.tests.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TLS connection's life at its edges: what is written while a {@code startTls} handshake is under way (held,
 * then sent in order, with back-pressure), a close or an abort during the handshake, a peer hanging up during it
 * or after it without close_notify, and how each TLS version ends a connection.
 */
@Timeout(60)
class TlsLifecycleTest {
    static SSLContext server;
    static SSLContext client;

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        TestCertificates.LocalhostTls tls = TestCertificates.localhostTls(dir);
        server = tls.server();
        client = tls.client();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * A plain server that upgrades each connection after "STARTTLS\n"/"OK\n" and hands the writer to {@code
     * duringHandshake} while its side of the handshake waits for the client, which starts its own only when
     * {@code go} is done: what the server does meanwhile happens before the handshake can complete.
     */
    @Nested
    class WhileStartTlsHandshakes {
        interface ServerSide {
            Coroutine<String> run(StreamWriter writer, Task<Void> upgrading, Future<Void> go) throws IOException;
        }

        @Async
        Coroutine<String> serve(StreamReader reader, StreamWriter writer, ServerSide duringHandshake,
                                Future<Void> go, Future<String> outcome) throws IOException {
            await(reader.readLine());
            writer.write("OK\n");
            await(writer.drain());
            Task<Void> upgrading = createTask(writer.startTls(server, false, null));
            await(sleep(0));
            try {
                outcome.setResult(await(duringHandshake.run(writer, upgrading, go)));
            } catch (Throwable e) {
                outcome.setResult("server failed: " + e);
            }
            return Coroutine.completed();
        }

        /** What the client read after the upgrade (after "OK" when it does not upgrade), and the server's outcome. */
        @Async
        Coroutine<String[]> talk(ServerSide duringHandshake, boolean clientUpgrades) throws IOException {
            Future<Void> go = getRunningLoop().createFuture();
            Future<String> outcome = getRunningLoop().createFuture();
            Server s = await(startServer((r, w) -> serve(r, w, duringHandshake, go, outcome), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort()));
            c.writer().write("STARTTLS\n");
            await(c.reader().readLine());
            await(go);
            if (clientUpgrades) {
                await(c.writer().startTls(client, true, "127.0.0.1"));
            }
            String read;
            try {
                read = text(await(waitFor(c.reader().read(-1), 10)));
            } catch (SocketException reset) {
                read = reset.toString();
            }
            c.writer().close();
            String atServer = await(waitFor(outcome, 10));
            s.close();
            await(s.waitClosed());
            return Coroutine.completed(new String[] {read, atServer});
        }

        @Async
        Coroutine<String> writeThenEnd(StreamWriter writer, Task<Void> upgrading, Future<Void> go) {
            String during = "session " + writer.getSslSession() + ", " + writer;
            writer.write("early-1\n");
            writer.write("early-2\n");
            long buffered = writer.bufferedBytes();
            writer.writeEof();
            go.setResult(null);
            await(upgrading);
            String after = writer.getSslSession().getProtocol() + ", buffered " + writer.bufferedBytes();
            return Coroutine.completed(during + ", buffered " + buffered + ", then " + after);
        }

        @Test
        void writesMadeDuringTheHandshakeAreHeldThenSentInOrderFollowedByTheEndOfTheStream() throws IOException {
            String[] r = run(talk(this::writeThenEnd, true));
            assertEquals("early-1\nearly-2\n", r[0]);
            assertTrue(r[1].startsWith("session null, <StreamWriter <TlsStream handshaking over"), r[1]);
            assertTrue(r[1].endsWith(", buffered 16, then TLSv1.3, buffered 0"), r[1]);
        }

        /**
         * Writes each of {@code sizes} while the handshake holds the writes, starting a drain after each, then says
         * which drains were done ({@code labels}, one per write) before letting the handshake finish.
         */
        @Async
        Coroutine<String> drainsWhileHeld(StreamWriter writer, Task<Void> upgrading, Future<Void> go,
                                          List<String> labels, int... sizes) throws IOException {
            List<Task<Void>> drains = new ArrayList<>();
            for (int size : sizes) {
                writer.write(new byte[size]);
                drains.add(createTask(writer.drain()));
                await(sleep(0));
            }
            await(sleep(0.05));
            List<String> during = new ArrayList<>();
            for (int i = 0; i < drains.size(); i++) {
                during.add(labels.get(i) + " done " + drains.get(i).done());
            }
            go.setResult(null);
            await(upgrading);
            await(waitFor(drains.get(drains.size() - 1), 10));
            writer.close();
            return Coroutine.completed(String.join(", ", during));
        }

        @Test
        void aDrainWaitsWhileTheWritesHeldForTheHandshakePassTheHighWaterMark() throws IOException {
            String[] r = run(talk((writer, upgrading, go) ->
                    drainsWhileHeld(writer, upgrading, go, List.of("below", "above"), 40_000, 40_000), true));
            assertEquals(80_000, r[0].length());
            assertEquals("below done true, above done false", r[1]);
        }

        @Test
        void writeBufferLimitsSetDuringTheHandshakeApplyToTheWritesItHolds() throws IOException {
            String[] r = run(talk((writer, upgrading, go) -> {
                writer.setWriteBufferLimits(1_000, 0);
                return drainsWhileHeld(writer, upgrading, go, List.of("below", "at", "above"), 800, 200, 600);
            }, true));
            assertEquals(1_600, r[0].length());
            assertEquals("below done true, at done true, above done false", r[1], "a drain waits above the mark only");
        }

        @Async
        Coroutine<String> closeDuringHandshake(StreamWriter writer, Task<Void> upgrading, Future<Void> go) {
            writer.write("never sent\n");
            writer.close();
            go.setResult(null);
            Throwable failure = await(failureOf(upgrading));
            await(waitFor(writer.waitClosed(), 10));
            return Coroutine.completed(failure + ", closing " + writer.isClosing());
        }

        @Test
        void closingDuringTheHandshakeFailsItAndClosesTheConnection() throws IOException {
            String[] r = run(talk(this::closeDuringHandshake, false));
            assertEquals("", r[0], "the client reads the end of the stream, nothing held is sent");
            assertEquals("javax.net.ssl.SSLException: connection closed during the TLS handshake, closing true", r[1]);
        }

        @Async
        Coroutine<String> abortDuringHandshake(StreamWriter writer, Task<Void> upgrading, Future<Void> go)
                throws IOException {
            writer.write(new byte[100_000]);
            Task<Void> draining = createTask(writer.drain());
            await(sleep(0));
            writer.abort();
            go.setResult(null);
            Throwable failure = await(failureOf(upgrading));
            Throwable drained = await(failureOf(draining));
            return Coroutine.completed(failure + "; drain: " + drained + "; buffered " + writer.bufferedBytes());
        }

        @Test
        void abortingDuringTheHandshakeFailsItAndReleasesAWaitingDrain() throws IOException {
            String[] r = run(talk(this::abortDuringHandshake, false));
            assertTrue(r[1].startsWith("javax.net.ssl.SSLException: connection aborted during the TLS handshake;"
                    + " drain: java.net.SocketException: connection aborted by abort()"), r[1]);
            assertTrue(r[1].endsWith("; buffered 0"), r[1]);
        }
    }

    /** What {@code task} fails with; null when it succeeds. */
    @Async
    static Coroutine<Throwable> failureOf(Task<?> task) {
        try {
            await(task);
            return Coroutine.completed(null);
        } catch (Throwable e) {
            return Coroutine.completed(e);
        }
    }

    @Nested
    class ASilentClient {
        @Async
        Coroutine<String> connectAndSayNothing(List<String> handled) throws IOException {
            Future<Throwable> reported = getRunningLoop().createFuture();
            getRunningLoop().setExceptionHandler((loop, context) -> {
                if (!reported.done()) {
                    reported.setResult((Throwable) context.get("exception"));
                }
            });
            Server s = await(startServer((reader, writer) -> {
                handled.add("handler ran");
                return Coroutine.completed();
            }, "127.0.0.1", 0, server, Duration.ofMillis(200)));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort()));
            Throwable failure = await(waitFor(reported, 10));
            byte[] read = await(waitFor(c.reader().read(-1), 10));
            s.close();
            await(waitFor(s.waitClosed(), 10));
            c.writer().close();
            return Coroutine.completed(failure + "; the client read " + read.length + " bytes; " + s);
        }

        @Test
        void isCutOffAfterTheServersHandshakeTimeoutAndReported() throws IOException {
            List<String> handled = new ArrayList<>();
            String outcome = run(connectAndSayNothing(handled));
            assertTrue(outcome.startsWith("javax.net.ssl.SSLHandshakeException: no TLS handshake within 0.2 s;"
                    + " the client read 0 bytes; <Server /127.0.0.1:"), outcome);
            assertTrue(outcome.endsWith(" closed connections=0>"), outcome);
            assertEquals(List.of(), handled);
        }

        @Async
        Coroutine<String> handshakeThenTalkLater() throws IOException {
            Server s = await(startServer(TlsTest::echoLines, "127.0.0.1", 0, server, Duration.ofMillis(200)));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
            await(sleep(0.5));
            c.writer().write("still here\n");
            String reply = await(waitFor(c.reader().readLine(), 10));
            c.writer().close();
            s.close();
            return Coroutine.completed(reply);
        }

        @Test
        void aClientThatCompletedItsHandshakeIsNotCutOffWhenTheTimeoutWouldHaveExpired() throws IOException {
            assertEquals("STILL HERE", run(handshakeThenTalkLater()));
        }

        @Async
        Coroutine<Void> startWithTimeout(Duration timeout) throws IOException {
            await(startServer((reader, writer) -> Coroutine.completed(), "127.0.0.1", 0, server, timeout));
            return Coroutine.completed();
        }

        @Test
        void aHandshakeTimeoutMustBePositive() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> run(startWithTimeout(Duration.ZERO)));
            assertEquals("handshakeTimeout must be positive, not PT0S", e.getMessage());
        }
    }

    @Nested
    class PeerHangsUp {
        @Async
        Coroutine<Void> readSomeThenHangUp(StreamReader reader, StreamWriter writer) throws IOException {
            await(reader.read(1));
            writer.close();
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> connectToAHangingUpServer() throws IOException {
            Server s = await(startServer(this::readSomeThenHangUp, "127.0.0.1", 0));
            try {
                await(waitFor(openConnection("127.0.0.1", s.getAddress().getPort(), client), 10));
            } finally {
                s.close();
            }
            return Coroutine.completed();
        }

        @Test
        void duringTheHandshakeItFailsWithSslHandshakeException() {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> run(connectToAHangingUpServer()));
            assertEquals("Remote host terminated the handshake", e.getMessage());
        }

        @Async
        Coroutine<String> readToTheEnd(int port) throws IOException {
            Connection c = await(openConnection("127.0.0.1", port, client));
            byte[] all = await(waitFor(c.reader().read(-1), 10));
            String outcome = text(all) + " eof=" + c.reader().atEof();
            c.writer().close();
            await(waitFor(c.writer().waitClosed(), 10));
            return Coroutine.completed(outcome);
        }

        @Async
        Coroutine<String> readUntilReset(int port) throws IOException {
            Connection c = await(openConnection("127.0.0.1", port, client));
            String seen = "canWriteEof " + c.writer().canWriteEof() + ", peer "
                    + c.writer().getPeerAddress().equals(new InetSocketAddress("127.0.0.1", port)) + ", local "
                    + (c.writer().getLocalAddress() instanceof InetSocketAddress);
            try {
                await(waitFor(c.reader().read(-1), 10));
                return Coroutine.completed(seen + ", read to the end");
            } catch (SocketException e) {
                return Coroutine.completed(seen + ", " + e.getClass().getSimpleName());
            } finally {
                c.writer().close();
            }
        }

        @Test
        void withAResetAfterTheHandshakeTheReadFailsWithTheJdksException() throws Exception {
            try (BlockingTlsPeer peer = BlockingTlsPeer.server(server, "TLSv1.3", (tls, tcp) -> {
                tls.startHandshake();
                tcp.setSoLinger(true, 0);
                tcp.close();
            })) {
                assertEquals("canWriteEof true, peer true, local true, SocketException",
                        run(readUntilReset(peer.port())));
            }
        }

        @Test
        void afterTheHandshakeWithoutCloseNotifyItIsTheEndOfTheStream() throws Exception {
            try (BlockingTlsPeer peer = BlockingTlsPeer.server(server, "TLSv1.3", (tls, tcp) -> {
                tls.getOutputStream().write("last words\n".getBytes(StandardCharsets.UTF_8));
                tls.getOutputStream().flush();
                tcp.close();
            })) {
                assertEquals("last words\n eof=true", run(readToTheEnd(peer.port())));
            }
        }
    }

    @Nested
    class EndingAConnection {
        @Async
        Coroutine<String> readUntilThePeerCloses(int port) throws IOException {
            Connection c = await(openConnection("127.0.0.1", port, client));
            String protocol = c.writer().getSslSession().getProtocol();
            byte[] all = await(waitFor(c.reader().read(-1), 10));
            await(waitFor(c.writer().waitClosed(), 10));
            return Coroutine.completed(protocol + " " + text(all) + " closing=" + c.writer().isClosing());
        }

        @Test
        void overTls12ThePeersCloseNotifyClosesBothDirections() throws Exception {
            try (BlockingTlsPeer peer = BlockingTlsPeer.server(server, "TLSv1.2", (tls, tcp) -> {
                tls.getOutputStream().write("bye\n".getBytes(StandardCharsets.UTF_8));
                tls.close();
                tcp.getInputStream().readAllBytes();
            })) {
                assertEquals("TLSv1.2 bye\n closing=true", run(readUntilThePeerCloses(peer.port())));
            }
        }

        @Async
        Coroutine<String> sendThenWriteEof(int port) throws IOException {
            Connection c = await(openConnection("127.0.0.1", port, client));
            await(sleep(0.2)); // the peer's session tickets have come: nothing more arrives before its answer
            c.writer().write("data");
            c.writer().writeEof();
            String answer = text(await(waitFor(c.reader().read(-1), 10)));
            c.writer().close();
            return Coroutine.completed(answer);
        }

        @Test
        void writeEofReachesAPeerThatSendsNothingMoreUntilItHasIt() throws Exception {
            try (BlockingTlsPeer peer = BlockingTlsPeer.server(server, "TLSv1.3", (tls, tcp) -> {
                int n = tls.getInputStream().readAllBytes().length;
                tls.getOutputStream().write(("got " + n + " bytes\n").getBytes(StandardCharsets.UTF_8));
                tls.close();
            })) {
                assertEquals("got 4 bytes\n", run(sendThenWriteEof(peer.port())));
            }
        }

        @Async
        Coroutine<Void> sendThenClose(int port) throws IOException {
            Connection c = await(openConnection("127.0.0.1", port, client));
            c.writer().write("abc");
            c.writer().close();
            await(waitFor(c.writer().waitClosed(), 10));
            return Coroutine.completed();
        }

        @Test
        void closeGivesAJdkPeerACleanEndOfTheStream() throws Exception {
            CompletableFuture<String> end = new CompletableFuture<>();
            try (BlockingTlsPeer peer = BlockingTlsPeer.server(server, "TLSv1.3", (tls, tcp) -> {
                try {
                    end.complete("a clean end after " + tls.getInputStream().readAllBytes().length + " bytes");
                } catch (IOException e) {
                    end.complete(e.toString());
                    throw e;
                }
            })) {
                run(sendThenClose(peer.port()));
                assertEquals("a clean end after 3 bytes", end.get(10, TimeUnit.SECONDS));
            }
        }

        @Async
        Coroutine<Void> holdOpen(StreamReader reader, StreamWriter writer) {
            await(sleep(30));
            return Coroutine.completed();
        }

        @Async
        Coroutine<List<String>> writeEofThenClose() throws IOException {
            Server s = await(startServer(this::holdOpen, "127.0.0.1", 0, server));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
            List<String> seen = new ArrayList<>();
            c.writer().writeEof();
            seen.add("after writeEof closing=" + c.writer().isClosing());
            c.writer().writeEof();
            c.writer().close();
            await(waitFor(c.writer().waitClosed(), 10));
            seen.add("closed");
            s.close();
            return Coroutine.completed(seen);
        }

        @Test
        void closeAfterWriteEofClosesTheSocketWhileThePeerStaysOpen() throws IOException {
            assertEquals(List.of("after writeEof closing=false", "closed"), run(writeEofThenClose()));
        }

        @Async
        Coroutine<Void> sayByeAndClose(StreamReader reader, StreamWriter writer) {
            writer.write("bye\n");
            writer.close();
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> writeEofAfterThePeerClosed() throws IOException {
            Server s = await(startServer(this::sayByeAndClose, "127.0.0.1", 0, server));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
            byte[] all = await(waitFor(c.reader().read(-1), 10));
            c.writer().writeEof();
            await(waitFor(c.writer().waitClosed(), 10));
            s.close();
            return Coroutine.completed(text(all));
        }

        @Test
        void writeEofOnceThePeerHasClosedClosesTheSocket() throws IOException {
            assertEquals("bye\n", run(writeEofAfterThePeerClosed()));
        }
    }
}
