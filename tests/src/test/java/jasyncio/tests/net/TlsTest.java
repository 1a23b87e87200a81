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
import jasyncio.tests.support.BulkStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import jasyncio.tests.support.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.net.Net.startServer;
import static jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS streams on loopback, with certificates made for the test by the JDK's keytool: a self-signed one for
 * localhost and 127.0.0.1 that the client trusts, and one for example.com.
 */
@Timeout(60)
class TlsTest {
    static SSLContext server;
    static SSLContext client;
    /** A server whose certificate names example.com. */
    static SSLContext otherServer;
    /** A client that trusts only the example.com certificate. */
    static SSLContext untrustingClient;
    /** A client that trusts both certificates, so that only the host name can fail. */
    static SSLContext clientTrustingBoth;
    static KeyStore localhostCertificate;

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        KeyStore local = TestCertificates.localhost(dir);
        KeyStore other = TestCertificates.keyStore(dir.resolve("other.p12"), "example.com", "dns:example.com");
        KeyStore both = KeyStore.getInstance("PKCS12");
        both.load(null, null);
        both.setCertificateEntry("local", local.getCertificate("key"));
        both.setCertificateEntry("other", other.getCertificate("key"));
        localhostCertificate = local;
        server = TestCertificates.context("TLS", local, null);
        client = TestCertificates.context("TLS", null, local);
        otherServer = TestCertificates.context("TLS", other, null);
        untrustingClient = TestCertificates.context("TLS", null, other);
        clientTrustingBoth = TestCertificates.context("TLS", null, both);
    }

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
            Server s = await(startServer(TlsTest::echoLines, "127.0.0.1", 0, server));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
            List<String> replies = new ArrayList<>();
            replies.add(c.writer().getSslSession().getProtocol());
            for (String word : List.of("hello", "jasyncio", "tls")) {
                c.writer().write(word + "\r\n");
                await(c.writer().drain());
                replies.add(await(c.reader().readLine()));
            }
            c.writer().close();
            await(c.writer().waitClosed());
            s.close();
            await(s.waitClosed());
            return Coroutine.completed(replies);
        }

        @Test
        void linesGoBothWaysOverTls13() throws IOException {
            assertEquals(List.of("TLSv1.3", "HELLO", "JASYNCIO", "TLS"), run(talk()));
        }

        @Async
        Coroutine<Boolean> transfer(int megabytes) throws IOException {
            Server s = await(startServer(BulkStreams::echo, "127.0.0.1", 0, server));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
            Task<Long> receiving = createTask(BulkStreams.checksumOf(c.reader(), (long) megabytes << 20));
            byte[] block = new byte[40_000];
            CRC32 sent = new CRC32();
            long left = (long) megabytes << 20;
            for (int i = 0; left > 0; i++) {
                int n = (int) Math.min(block.length, left);
                Arrays.fill(block, (byte) i);
                block[i % n] = (byte) (i * 31);
                sent.update(block, 0, n);
                c.writer().write(java.nio.ByteBuffer.wrap(block, 0, n));
                await(c.writer().drain());
                left -= n;
            }
            long received = await(receiving);
            c.writer().close();
            s.close();
            return Coroutine.completed(received == sent.getValue());
        }

        @Test
        void eightMegabytesThroughATlsEchoServerArriveIntact() throws IOException {
            assertTrue(run(transfer(8)));
        }
    }

    @Nested
    class Closing {
        @Async
        Coroutine<String> halfClose() throws IOException {
            Server s = await(startServer((reader, writer) -> replyAfterEof(reader, writer), "127.0.0.1", 0, server));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
            c.writer().write("question");
            c.writer().writeEof();
            byte[] answer = await(c.reader().read(-1));
            boolean eof = c.reader().atEof();
            c.writer().close();
            s.close();
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
        void closeNotifyIsTheEndOfTheStreamAndTheOtherDirectionCarriesOn() throws IOException {
            assertEquals("answer to question eof=true", run(halfClose()));
        }

        @Async
        Coroutine<String> cancelARead() throws IOException {
            Server s = await(startServer((reader, writer) -> sendLater(writer), "127.0.0.1", 0, server));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
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
            s.close();
            return Coroutine.completed(new String(next, StandardCharsets.UTF_8));
        }

        @Async
        Coroutine<Void> sendLater(StreamWriter writer) throws IOException {
            await(sleep(0.05));
            writer.write("01234");
            await(sleep(0.01));
            writer.write("56789");
            await(writer.drain());
            await(sleep(1));
            return Coroutine.completed();
        }

        @Test
        void cancellingABlockedReadLosesNoDecryptedBytes() throws IOException {
            assertEquals("0123456789", run(cancelARead()));
        }
    }

    @Nested
    class StartTls {
        @Async
        Coroutine<Void> upgradeOnRequest(StreamReader reader, StreamWriter writer, List<String> seen)
                throws IOException {
            seen.add(await(reader.readLine()));
            writer.write("OK\n");
            await(writer.startTls(server, false, null));
            seen.add(writer.getSslSession().getProtocol());
            return echoLines(reader, writer);
        }

        @Async
        Coroutine<List<String>> upgrade() throws IOException {
            List<String> seen = new ArrayList<>();
            Server s = await(startServer((r, w) -> upgradeOnRequest(r, w, seen), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort()));
            c.writer().write("STARTTLS\n");
            seen.add(await(c.reader().readLine()));
            seen.add(String.valueOf(c.writer().getSslSession()));
            await(c.writer().startTls(client, true, "127.0.0.1"));
            seen.add(c.writer().getSslSession().getProtocol());
            c.writer().write("secret\n");
            seen.add(await(c.reader().readLine()));
            c.writer().close();
            await(c.writer().waitClosed());
            s.close();
            await(s.waitClosed());
            return Coroutine.completed(seen);
        }

        @Test
        void aPlainConnectionIsUpgradedInPlaceOnBothSides() throws IOException {
            List<String> seen = run(upgrade());
            assertTrue(seen.containsAll(List.of("STARTTLS", "OK", "null", "SECRET")), seen.toString());
            assertEquals(2, seen.stream().filter("TLSv1.3"::equals).count(), seen.toString());
        }
    }

    @Nested
    class ServerNameIndication {
        @Async
        Coroutine<List<String>> namesTheServerWasAskedFor(String host) throws IOException {
            Future<List<String>> asked = getRunningLoop().createFuture();
            Server s = await(startServer((reader, writer) -> {
                List<String> names = new ArrayList<>();
                for (SNIServerName name : ((ExtendedSSLSession) writer.getSslSession()).getRequestedServerNames()) {
                    names.add(((SNIHostName) name).getAsciiName());
                }
                asked.setResult(names);
                writer.close();
                return Coroutine.completed();
            }, "127.0.0.1", 0, server));
            Connection c = await(openConnection(host, s.getAddress().getPort(), client));
            List<String> names = await(waitFor(asked, 10));
            c.writer().close();
            s.close();
            return Coroutine.completed(names);
        }

        @Test
        void aHostNameGoesOutAsSni() throws IOException {
            assertEquals(List.of("localhost"), run(namesTheServerWasAskedFor("localhost")));
        }

        @Test
        void anIpAddressDoesNot() throws IOException {
            assertEquals(List.of(), run(namesTheServerWasAskedFor("127.0.0.1")));
        }
    }

    @Nested
    class HandshakeFailures {
        @Async
        Coroutine<Throwable[]> untrusted() throws IOException {
            Future<Throwable> reported = getRunningLoop().createFuture();
            getRunningLoop().setExceptionHandler((loop, context) -> {
                if (!reported.done()) {
                    reported.setResult((Throwable) context.get("exception"));
                }
            });
            Server s = await(startServer(TlsTest::echoLines, "127.0.0.1", 0, server));
            Throwable atClient = null;
            try {
                await(openConnection("127.0.0.1", s.getAddress().getPort(), untrustingClient));
            } catch (IOException e) {
                atClient = e;
            }
            Throwable atServer = await(waitFor(reported, 10));
            s.close();
            return Coroutine.completed(new Throwable[] {atClient, atServer});
        }

        @Test
        void aClientThatDoesNotTrustTheCertificateFailsAtTheAwaitAndTheServerReportsIt() throws IOException {
            Throwable[] failures = run(untrusted());
            assertInstanceOf(SSLHandshakeException.class, failures[0]);
            assertInstanceOf(SSLException.class, failures[1]);
            assertTrue(String.valueOf(failures[1].getMessage()).contains("Received fatal alert: certificate_unknown"),
                    "the client's alert reached the server: " + failures[1]);
        }

        @Async
        Coroutine<Void> connect(SSLContext serverContext, SSLContext clientContext) throws IOException {
            getRunningLoop().setExceptionHandler((loop, context) -> { });
            Server s = await(startServer(TlsTest::echoLines, "127.0.0.1", 0, serverContext));
            try {
                await(openConnection("127.0.0.1", s.getAddress().getPort(), clientContext));
            } finally {
                s.close();
            }
            return Coroutine.completed();
        }

        @Test
        void aCertificateForAnotherHostFailsTheHandshake() {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> run(connect(otherServer, clientTrustingBoth)));
            assertTrue(String.valueOf(e.getMessage()).contains("127.0.0.1"), e.toString());
        }

        @Test
        void theSameCertificateForTheRightHostPasses() throws IOException {
            run(connect(server, clientTrustingBoth));
        }

        @Test
        void noProtocolInCommonFailsTheHandshake() throws Exception {
            try (BlockingTlsPeer peer = BlockingTlsPeer.server(server, "TLSv1.3",
                    (socket, tcp) -> socket.startHandshake())) {
                SSLContext onlyTls12 = clientOnly("TLSv1.2");
                assertThrows(SSLHandshakeException.class, () -> run(connectTo(peer.port(), onlyTls12)));
            }
        }

        @Async
        Coroutine<Void> connectTo(int port, SSLContext context) throws IOException {
            await(openConnection("127.0.0.1", port, context));
            return Coroutine.completed();
        }
    }

    @Nested
    class Renegotiation {
        @Async
        Coroutine<String> readThroughRenegotiation(int port) throws IOException {
            Connection c = await(openConnection("127.0.0.1", port, client));
            String protocol = c.writer().getSslSession().getProtocol();
            String first = await(c.reader().readLine());
            c.writer().write("ready\n");
            try {
                await(waitFor(c.reader().readLine(), 10));
                return Coroutine.completed("read past the renegotiation");
            } catch (SSLException e) {
                return Coroutine.completed(protocol + " " + first + " " + e.getMessage());
            } finally {
                c.writer().close();
            }
        }

        @Test
        void aServerAskingToRenegotiateFailsTheReadWithSslException() throws Exception {
            try (BlockingTlsPeer peer = BlockingTlsPeer.server(server, "TLSv1.2", (socket, tcp) -> {
                socket.startHandshake();
                socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                skipLine(socket.getInputStream());
                socket.startHandshake();
                socket.getInputStream().read();
            })) {
                String outcome = run(readThroughRenegotiation(peer.port()));
                assertTrue(outcome.startsWith("TLSv1.2 hello "), outcome);
                assertTrue(outcome.contains("renegotiation refused"), outcome);
            }
        }

        @Async
        Coroutine<String> serveARenegotiatingClient() throws Exception {
            Future<String> outcome = getRunningLoop().createFuture();
            Server s = await(startServer((r, w) -> readTwice(r, w, outcome), "127.0.0.1", 0, server));
            Thread peer = new Thread(() -> {
                SSLContext tls12 = clientOnly("TLSv1.2");
                try (SSLSocket socket = (SSLSocket) tls12.getSocketFactory().createSocket("127.0.0.1",
                        s.getAddress().getPort())) {
                    socket.setSoTimeout(10_000);
                    socket.startHandshake();
                    OutputStream out = socket.getOutputStream();
                    out.write("hi\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    skipLine(socket.getInputStream());
                    socket.startHandshake();
                    socket.getInputStream().read();
                } catch (IOException expected) {
                    // the server fails the connection
                }
            }, "renegotiating-client");
            peer.setDaemon(true);
            peer.start();
            String result = await(waitFor(outcome, 10));
            s.close();
            return Coroutine.completed(result);
        }

        @Async
        Coroutine<Void> readTwice(StreamReader reader, StreamWriter writer, Future<String> outcome)
                throws IOException {
            String first = await(reader.readLine());
            writer.write("ready\n");
            try {
                await(reader.readLine());
                outcome.setResult("read past the renegotiation");
            } catch (SSLException e) {
                outcome.setResult(first + " " + e.getMessage());
            }
            return Coroutine.completed();
        }

        @Test
        void aClientAskingToRenegotiateFailsTheServersReadWithSslException() throws Exception {
            String outcome = run(serveARenegotiatingClient());
            assertTrue(outcome.startsWith("hi "), outcome);
            assertTrue(outcome.contains("renegotiation refused"), outcome);
        }
    }

    @Nested
    class BackPressure {
        @Async
        Coroutine<long[]> slowReader() throws IOException {
            long[] maxQueued = new long[1];
            Server s = await(startServer((reader, writer) -> flood(writer, maxQueued), "127.0.0.1", 0, server));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort(), client));
            await(sleep(0.3));
            long unread = c.reader().buffered();
            byte[] all = await(c.reader().read(-1));
            c.writer().close();
            s.close();
            return Coroutine.completed(new long[] {unread, maxQueued[0], all.length});
        }

        @Async
        Coroutine<Void> flood(StreamWriter writer, long[] maxQueued) throws IOException {
            byte[] block = new byte[16 * 1024];
            for (int i = 0; i < 1024; i++) {
                writer.write(block);
                maxQueued[0] = Math.max(maxQueued[0], writer.bufferedBytes());
                await(writer.drain());
            }
            writer.close();
            return Coroutine.completed();
        }

        @Test
        void aSlowReaderHoldsMemoryFlatThroughTls() throws IOException {
            long[] r = run(slowReader());
            // the reader stops taking records above twice its limit; one batch of records may be on the way
            assertTrue(r[0] <= 2 * StreamReader.DEFAULT_LIMIT + 96 * 1024, "reader buffered " + r[0]);
            // the writer's queue holds encrypted records: high-water mark plus one block and its record overhead
            assertTrue(r[1] <= 64 * 1024 + 32 * 1024, "writer queued " + r[1]);
            assertEquals(16L * 1024 * 1024, r[2], "every byte arrives once the reader reads");
        }
    }

    /** Reads up to a newline: the jasyncio side has read what came before (a failure is read before data). */
    private static void skipLine(InputStream in) throws IOException {
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new java.io.EOFException();
            }
        }
    }

    /** A client trusting the localhost certificate that offers {@code protocol} and older ones only. */
    private static SSLContext clientOnly(String protocol) {
        try {
            return TestCertificates.context(protocol, null, localhostCertificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
