package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.ReturnWhen;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionHandler;
import jasyncio.net.IncompleteReadException;
import jasyncio.net.LimitOverrunException;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.sync.Event;
import jasyncio.tests.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_streams.py}, ported test by test. asyncio's {@code readline()}
 * is {@code readLine()}, which (as the README says) returns the text without its terminator and null at the end;
 * {@code read()} is {@code read(-1)}. CPython's threaded HTTP test server is a jasyncio server on the test's loop
 * that answers any request with "Test message" and closes.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamsTest {
    static final byte[] DATA = bytes("line1\nline2\nline3\n");
    static SSLContext serverTls;
    static SSLContext clientTls;

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        TestCertificates.LocalhostTls tls = TestCertificates.localhostTls(dir);
        serverTls = tls.server();
        clientTls = tls.client();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The test server's client handler: reads the request up to its empty line, answers, closes. */
    @Async
    static Coroutine<Void> answerHttp(StreamReader reader, StreamWriter writer) throws IOException {
        for (String line; (line = await(reader.readLine())) != null && !line.isEmpty(); ) {
            assertNotNull(line);
        }
        writer.write("HTTP/1.0 200 OK\r\nContent-type: text/plain\r\n\r\nTest message");
        await(writer.drain());
        writer.close();
        return Coroutine.completed();
    }

    @Nested
    class StreamTests extends WithLoop {
        /** CPython's {@code stream._buffer}: the bytes buffered and not read yet, read out to compare them. */
        String takeBuffer(StreamReader stream) throws IOException {
            return text(loop.runUntilComplete(stream.readExactly(stream.buffered())));
        }

        /** {@code test_utils.run_test_server()}: an HTTP server on this test's loop; close it when done. */
        Server httpServer() throws IOException {
            return loop.runUntilComplete(startServer(StreamsTest::answerHttp, "127.0.0.1", 0));
        }

        void stop(Server server) {
            server.close();
            loop.runUntilComplete(server.waitClosed());
        }

        Connection connect(Server server) throws IOException {
            return loop.runUntilComplete(openConnection("127.0.0.1", server.getAddress().getPort()));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_open_connection")
        void openConnectionToServer() throws IOException {
            Server httpd = httpServer();
            Connection c = connect(httpd);
            c.writer().write("GET / HTTP/1.0\r\n\r\n");
            assertEquals("HTTP/1.0 200 OK", loop.runUntilComplete(c.reader().readLine()));
            assertTrue(text(loop.runUntilComplete(c.reader().read(-1))).endsWith("\r\n\r\nTest message"));
            c.writer().close();
            stop(httpd);
            assertEquals(List.of(), logged);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_open_connection_no_loop_ssl")
        void openConnectionNoLoopSsl() throws IOException {
            Server httpd = loop.runUntilComplete(startServer(StreamsTest::answerHttp, "127.0.0.1", 0, serverTls));
            Connection c = loop.runUntilComplete(openConnection("127.0.0.1", httpd.getAddress().getPort(), clientTls));
            c.writer().write("GET / HTTP/1.0\r\n\r\n");
            assertTrue(text(loop.runUntilComplete(c.reader().read(-1))).endsWith("\r\n\r\nTest message"));
            c.writer().close();
            stop(httpd);
            assertEquals(List.of(), logged);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_feed_empty_data")
        void feedEmptyData() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes(""));
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_feed_nonempty_data")
        void feedNonemptyData() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(DATA);
            assertEquals(text(DATA), takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_read_zero")
        void readZero() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(DATA);
            assertEquals("", text(loop.runUntilComplete(stream.read(0))));
            assertEquals(text(DATA), takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_read")
        void read() throws IOException {
            StreamReader stream = new StreamReader();
            Task<byte[]> readTask = loop.createTask(stream.read(30));
            loop.callSoon(() -> stream.feedData(DATA));
            assertEquals(text(DATA), text(loop.runUntilComplete(readTask)));
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_read_line_breaks")
        void readLineBreaks() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("line1"));
            stream.feedData(bytes("line2"));
            assertEquals("line1", text(loop.runUntilComplete(stream.read(5))));
            assertEquals("line2", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_read_eof")
        void readEof() throws IOException {
            StreamReader stream = new StreamReader();
            Task<byte[]> readTask = loop.createTask(stream.read(1024));
            loop.callSoon(stream::feedEof);
            assertEquals("", text(loop.runUntilComplete(readTask)));
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_read_until_eof")
        void readUntilEof() throws IOException {
            StreamReader stream = new StreamReader();
            Task<byte[]> readTask = loop.createTask(stream.read(-1));
            loop.callSoon(() -> {
                stream.feedData(bytes("chunk1\n"));
                stream.feedData(bytes("chunk2"));
                stream.feedEof();
            });
            assertEquals("chunk1\nchunk2", text(loop.runUntilComplete(readTask)));
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_read_exception")
        void readException() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("line\n"));
            assertEquals("li", text(loop.runUntilComplete(stream.read(2))));
            stream.setException(new IllegalArgumentException());
            assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(stream.read(2)));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_invalid_limit")
        void invalidLimit() throws IOException {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StreamReader(0));
            assertTrue(e.getMessage().contains("imit"), e::getMessage);
            e = assertThrows(IllegalArgumentException.class, () -> new StreamReader(-1));
            assertTrue(e.getMessage().contains("imit"), e::getMessage);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_read_limit")
        void readLimit() throws IOException {
            StreamReader stream = new StreamReader(3);
            stream.feedData(bytes("chunk"));
            assertEquals("chunk", text(loop.runUntilComplete(stream.read(5))));
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline")
        void readline() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("chunk1 "));
            Task<String> readTask = loop.createTask(stream.readLine());
            loop.callSoon(() -> {
                stream.feedData(bytes("chunk2 "));
                stream.feedData(bytes("chunk3 "));
                stream.feedData(bytes("\n chunk4"));
            });
            assertEquals("chunk1 chunk2 chunk3 ", loop.runUntilComplete(readTask));
            assertEquals(" chunk4", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline_limit_with_existing_data")
        void readlineLimitWithExistingData() throws IOException {
            StreamReader stream = new StreamReader(3);
            stream.feedData(bytes("li"));
            stream.feedData(bytes("ne1\nline2\n"));
            assertThrows(LimitOverrunException.class, () -> loop.runUntilComplete(stream.readLine()));
            assertEquals("line2\n", takeBuffer(stream), "the buffer keeps what follows the long line");

            StreamReader second = new StreamReader(3);
            second.feedData(bytes("li"));
            second.feedData(bytes("ne1"));
            second.feedData(bytes("li"));
            assertThrows(LimitOverrunException.class, () -> loop.runUntilComplete(second.readLine()));
            // no newline, and more than the limit: readLine consumed the whole buffer
            assertEquals(0, second.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_at_eof")
        void atEof() throws IOException {
            StreamReader stream = new StreamReader();
            assertFalse(stream.atEof());
            stream.feedData(bytes("some data\n"));
            assertFalse(stream.atEof());
            loop.runUntilComplete(stream.readLine());
            assertFalse(stream.atEof());
            stream.feedData(bytes("some data\n"));
            stream.feedEof();
            loop.runUntilComplete(stream.readLine());
            assertTrue(stream.atEof());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline_limit")
        void readlineLimit() throws IOException {
            StreamReader stream = new StreamReader(7);
            loop.callSoon(() -> {
                stream.feedData(bytes("chunk1"));
                stream.feedData(bytes("chunk2"));
                stream.feedData(bytes("chunk3\n"));
                stream.feedEof();
            });
            assertThrows(LimitOverrunException.class, () -> loop.runUntilComplete(stream.readLine()));
            assertEquals(0, stream.buffered(), "one line of data, dropped with the error");

            StreamReader second = new StreamReader(7);
            loop.callSoon(() -> {
                second.feedData(bytes("chunk1"));
                second.feedData(bytes("chunk2\n"));
                second.feedData(bytes("chunk3\n"));
                second.feedEof();
            });
            assertThrows(LimitOverrunException.class, () -> loop.runUntilComplete(second.readLine()));
            assertEquals("chunk3\n", takeBuffer(second));

            // the limit is strict
            StreamReader third = new StreamReader(7);
            third.feedData(bytes("1234567\n"));
            assertEquals("1234567", loop.runUntilComplete(third.readLine()));
            assertEquals(0, third.buffered());
            third.feedData(bytes("12345678\n"));
            assertThrows(LimitOverrunException.class, () -> loop.runUntilComplete(third.readLine()));
            assertEquals(0, third.buffered());
            third.feedData(bytes("12345678"));
            assertThrows(LimitOverrunException.class, () -> loop.runUntilComplete(third.readLine()));
            assertEquals(0, third.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline_nolimit_nowait")
        void readlineNolimitNowait() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(java.util.Arrays.copyOfRange(DATA, 0, 6));
            stream.feedData(java.util.Arrays.copyOfRange(DATA, 6, DATA.length));
            assertEquals("line1", loop.runUntilComplete(stream.readLine()));
            assertEquals("line2\nline3\n", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline_eof")
        void readlineEof() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("some data"));
            stream.feedEof();
            assertEquals("some data", loop.runUntilComplete(stream.readLine()));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline_empty_eof")
        void readlineEmptyEof() throws IOException {
            // readLine returns null at the end of the stream, where asyncio's readline returns b''
            StreamReader stream = new StreamReader();
            stream.feedEof();
            assertNull(loop.runUntilComplete(stream.readLine()));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline_read_byte_count")
        void readlineReadByteCount() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(DATA);
            loop.runUntilComplete(stream.readLine());
            assertEquals("line2\nl", text(loop.runUntilComplete(stream.read(7))));
            assertEquals("ine3\n", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readline_exception")
        void readlineException() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("line\n"));
            assertEquals("line", loop.runUntilComplete(stream.readLine()));
            stream.setException(new IllegalArgumentException());
            assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(stream.readLine()));
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_separator")
        void readuntilSeparator() throws IOException {
            StreamReader stream = new StreamReader();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.runUntilComplete(stream.readUntil(bytes(""))));
            assertTrue(e.getMessage().toLowerCase().contains("separator should be"), e::getMessage);
            e = assertThrows(IllegalArgumentException.class,
                    () -> loop.runUntilComplete(stream.readUntil(bytes("A"), bytes(""))));
            assertTrue(e.getMessage().toLowerCase().contains("separator should be"), e::getMessage);
            assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(stream.readUntil(new byte[0][])));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_multi_separator")
        void readuntilMultiSeparator() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("line 1\nline 2\r"));
            assertEquals("line 1\n", text(loop.runUntilComplete(stream.readUntil(bytes("\r"), bytes("\n")))));
            assertEquals("line 2\r", text(loop.runUntilComplete(stream.readUntil(bytes("\r"), bytes("\n")))));
            assertEquals(0, stream.buffered());
            // the first end position wins, even where a longer separator matches
            stream.feedData(bytes("ABCDEFG"));
            assertEquals("ABCDEF", text(loop.runUntilComplete(stream.readUntil(bytes("DEF"), bytes("BCDEF")))));
            assertEquals("G", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_multi_separator_limit")
        void readuntilMultiSeparatorLimit() throws IOException {
            StreamReader stream = new StreamReader(3);
            stream.feedData(bytes("TheLineBBB\n"));
            LimitOverrunException e = assertThrows(LimitOverrunException.class,
                    () -> loop.runUntilComplete(stream.readUntil(bytes("A"), bytes("ineB"))));
            assertTrue(e.getMessage().contains("limit"), e::getMessage);
            assertEquals("TheLineBBB\n", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_multi_separator_negative_offset")
        void readuntilMultiSeparatorNegativeOffset() throws IOException {
            // buffered: more than the shortest separator, less than the longest, and neither in it
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("data"));
            Task<byte[]> readUntil = loop.createTask(stream.readUntil(bytes("A"), bytes("long sep")));
            loop.callSoon(() -> stream.feedData(bytes("Z")));
            loop.callSoon(() -> stream.feedData(bytes("Aaaa")));
            assertEquals("dataZA", text(loop.runUntilComplete(readUntil)));
            assertEquals("aaa", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_exception")
        void exception() {
            StreamReader stream = new StreamReader();
            assertNull(stream.exception());
            IllegalArgumentException exc = new IllegalArgumentException();
            stream.setException(exc);
            assertSame(exc, stream.exception());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_multi_chunks")
        void readuntilMultiChunks() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("lineAAA"));
            assertEquals("lineAAA", text(loop.runUntilComplete(stream.readUntil(bytes("AAA")))));
            assertEquals(0, stream.buffered());
            stream.feedData(bytes("lineAAA"));
            assertEquals("lineAAA", text(loop.runUntilComplete(stream.readUntil(bytes("AAA")))));
            assertEquals(0, stream.buffered());
            stream.feedData(bytes("lineAAAxxx"));
            assertEquals("lineAAA", text(loop.runUntilComplete(stream.readUntil(bytes("AAA")))));
            assertEquals("xxx", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_multi_chunks_1")
        void readuntilMultiChunks1() throws IOException {
            StreamReader stream = new StreamReader();
            String[][] cases = {
                    {"QWEaa", "XYaa", "a"}, {"QWEaa", "XYa", "aa"}, {"aaa"}, {"Xaaa"}, {"XXX", "a", "a", "a"}};
            String[] expected = {"QWEaaXYaaa", "QWEaaXYaaa", "aaa", "Xaaa", "XXXaaa"};
            for (int i = 0; i < cases.length; i++) {
                for (String chunk : cases[i]) {
                    stream.feedData(bytes(chunk));
                }
                assertEquals(expected[i], text(loop.runUntilComplete(stream.readUntil(bytes("aaa")))));
                assertEquals(0, stream.buffered());
            }
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_eof")
        void readuntilEof() throws IOException {
            StreamReader stream = new StreamReader();
            byte[] data = bytes("some dataAA");
            stream.feedData(data);
            stream.feedEof();
            IncompleteReadException e = assertThrows(IncompleteReadException.class,
                    () -> loop.runUntilComplete(stream.readUntil(bytes("AAA"))));
            assertTrue(e.getMessage().contains("undefined expected bytes"), e::getMessage);
            assertArrayEquals(data, e.getPartial());
            assertEquals(-1, e.getExpected(), "asyncio's expected is None");
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readuntil_limit_found_sep")
        void readuntilLimitFoundSep() throws IOException {
            StreamReader stream = new StreamReader(3);
            stream.feedData(bytes("some dataAA"));
            LimitOverrunException e = assertThrows(LimitOverrunException.class,
                    () -> loop.runUntilComplete(stream.readUntil(bytes("AAA"))));
            assertTrue(e.getMessage().contains("not found"), e::getMessage);
            assertEquals(11, stream.buffered());
            stream.feedData(bytes("A"));
            e = assertThrows(LimitOverrunException.class, () -> loop.runUntilComplete(stream.readUntil(bytes("AAA"))));
            assertTrue(e.getMessage().contains("is found"), e::getMessage);
            assertEquals("some dataAAA", takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readexactly_zero_or_less")
        void readexactlyZeroOrLess() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(DATA);
            assertEquals("", text(loop.runUntilComplete(stream.readExactly(0))));
            assertEquals(DATA.length, stream.buffered());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.runUntilComplete(stream.readExactly(-1)));
            assertTrue(e.getMessage().contains("less than zero"), e::getMessage);
            assertEquals(text(DATA), takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readexactly")
        void readexactly() throws IOException {
            StreamReader stream = new StreamReader();
            int n = 2 * DATA.length;
            Task<byte[]> readTask = loop.createTask(stream.readExactly(n));
            loop.callSoon(() -> {
                stream.feedData(DATA);
                stream.feedData(DATA);
                stream.feedData(DATA);
            });
            assertEquals(text(DATA) + text(DATA), text(loop.runUntilComplete(readTask)));
            assertEquals(text(DATA), takeBuffer(stream));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readexactly_limit")
        void readexactlyLimit() throws IOException {
            StreamReader stream = new StreamReader(3);
            stream.feedData(bytes("chunk"));
            assertEquals("chunk", text(loop.runUntilComplete(stream.readExactly(5))));
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readexactly_eof")
        void readexactlyEof() throws IOException {
            StreamReader stream = new StreamReader();
            int n = 2 * DATA.length;
            Task<byte[]> readTask = loop.createTask(stream.readExactly(n));
            loop.callSoon(() -> {
                stream.feedData(DATA);
                stream.feedEof();
            });
            IncompleteReadException e = assertThrows(IncompleteReadException.class,
                    () -> loop.runUntilComplete(readTask));
            assertArrayEquals(DATA, e.getPartial());
            assertEquals(n, e.getExpected());
            assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
            assertEquals(0, stream.buffered());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_readexactly_exception")
        void readexactlyException() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("line\n"));
            assertEquals("li", text(loop.runUntilComplete(stream.readExactly(2))));
            stream.setException(new IllegalArgumentException());
            assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(stream.readExactly(2)));
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_exception_waiter")
        void exceptionWaiter() throws IOException {
            StreamReader stream = new StreamReader();
            Task<String> t1 = loop.createTask(stream.readLine());
            Task<Void> t2 = loop.createTask(call(() -> {
                await(sleep(0));
                stream.setException(new IllegalArgumentException());
                return Coroutine.completed();
            }));
            loop.runUntilComplete(waitUntil(List.of(t1, t2), ReturnWhen.ALL_COMPLETED));
            assertThrows(IllegalArgumentException.class, t1::result);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_exception_cancel")
        void exceptionCancel() throws IOException {
            // CPython checks the private stream._waiter; here a later read sees the exception instead.
            StreamReader stream = new StreamReader();
            Task<String> t = loop.createTask(stream.readLine());
            runBriefly(loop);
            t.cancel();
            runBriefly(loop);
            stream.setException(new IllegalStateException("message")); // must be careful with the cancelled read
            runBriefly(loop);
            assertTrue(t.cancelled());
            assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(stream.readLine()));
        }

        @Async
        Coroutine<Void> echoOneLine(StreamReader clientReader, StreamWriter clientWriter) throws IOException {
            String data = await(clientReader.readLine());
            clientWriter.write(data + "\n");
            await(clientWriter.drain());
            clientWriter.close();
            await(clientWriter.waitClosed());
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> sendOneLine(int port) throws IOException {
            Connection c = await(openConnection("127.0.0.1", port));
            c.writer().write("hello world!\n");
            String msgback = await(c.reader().readLine());
            c.writer().close();
            await(c.writer().waitClosed());
            return Coroutine.completed(msgback);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_start_server")
        void startServerAndConnect() throws IOException {
            // CPython passes its own listening socket (sock=); here the server picks the port.
            Server server = loop.runUntilComplete(startServer(this::echoOneLine, "127.0.0.1", 0));
            String msg = loop.runUntilComplete(loop.createTask(sendOneLine(server.getAddress().getPort())));
            stop(server);
            assertEquals("hello world!", msg);
            // the callback variant: a handler that starts a task of its own and returns
            Server callbackServer = loop.runUntilComplete(startServer((r, w) -> {
                loop.createTask(echoOneLine(r, w));
                return Coroutine.completed();
            }, "127.0.0.1", 0));
            msg = loop.runUntilComplete(loop.createTask(sendOneLine(callbackServer.getAddress().getPort())));
            stop(callbackServer);
            assertEquals("hello world!", msg);
            assertEquals(List.of(), logged);
        }

        @Async
        Coroutine<Void> upgradeMidway(StreamReader clientReader, StreamWriter clientWriter) throws IOException {
            String data1 = await(clientReader.readLine());
            clientWriter.write(data1 + "\n");
            await(clientWriter.drain());
            assertNull(clientWriter.getSslSession());
            await(clientWriter.startTls(serverTls, false, null));
            assertNotNull(clientWriter.getSslSession());
            String data2 = await(clientReader.readLine());
            clientWriter.write(data2 + "\n");
            await(clientWriter.drain());
            clientWriter.close();
            await(clientWriter.waitClosed());
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_start_tls")
        void startTls() throws IOException {
            Server server = loop.runUntilComplete(startServer(this::upgradeMidway, "127.0.0.1", 0));
            int port = server.getAddress().getPort();
            List<String> msgs = loop.runUntilComplete(call(() -> {
                Connection c = await(openConnection("127.0.0.1", port));
                c.writer().write("hello world 1!\n");
                await(c.writer().drain());
                String msgback1 = await(c.reader().readLine());
                assertNull(c.writer().getSslSession());
                await(c.writer().startTls(clientTls, true, "127.0.0.1"));
                assertNotNull(c.writer().getSslSession());
                c.writer().write("hello world 2!\n");
                await(c.writer().drain());
                String msgback2 = await(c.reader().readLine());
                c.writer().close();
                await(c.writer().waitClosed());
                return Coroutine.completed(List.of(msgback1, msgback2));
            }));
            stop(server);
            assertEquals(List.of(), logged);
            assertEquals(List.of("hello world 1!", "hello world 2!"), msgs);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_multiple_drain")
        void multipleDrain() throws IOException {
            // CPython pauses a FlowControlMixin by hand; here a real connection is paused by a peer that does not
            // read yet, with more queued than the writer's high-water mark.
            Event reading = new Event();
            Server server = loop.runUntilComplete(startServer((reader, writer) -> call(() -> {
                await(reading.waitSet());
                await(reader.read(-1));
                writer.close();
                return Coroutine.completed();
            }), "127.0.0.1", 0));
            int port = server.getAddress().getPort();
            int drained = loop.runUntilComplete(call(() -> {
                Connection c = await(openConnection("127.0.0.1", port));
                byte[] chunk = new byte[1 << 20];
                for (int i = 0; i < 64 && c.writer().bufferedBytes() <= 64 * 1024; i++) {
                    c.writer().write(chunk);
                }
                assertTrue(c.writer().bufferedBytes() > 64 * 1024, "the writer is paused");
                int[] count = {0};
                List<Task<Void>> drainers = makeTasks(10, () -> {
                    await(c.writer().drain());
                    count[0]++;
                    return Coroutine.completed();
                });
                await(sleep(0.01));
                assertEquals(0, count[0]);
                reading.set();
                await(gather(drainers));
                c.writer().close();
                return Coroutine.completed(count[0]);
            }));
            stop(server);
            assertEquals(10, drained);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_drain_raises")
        void drainRaises() throws Exception {
            // The server is a plain thread, as in CPython: it accepts and closes at once.
            try (ServerSocket sock = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Thread thread = new Thread(() -> {
                    try (Socket clt = sock.accept()) {
                        clt.setSoLinger(true, 0);
                    } catch (IOException e) {
                        // the test fails at its own assertion
                    }
                }, "drain_raises server");
                thread.setDaemon(true);
                thread.start();
                int port = sock.getLocalPort();
                assertThrows(IOException.class, () -> loop.runUntilComplete(call(() -> {
                    Connection c = await(openConnection("127.0.0.1", port));
                    while (true) {
                        c.writer().write("foo\n");
                        await(c.writer().drain());
                    }
                })));
                thread.join(10_000);
            }
            assertEquals(List.of(), logged);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test___repr__")
        void reprDefault() throws IOException {
            assertEquals("<StreamReader>", new StreamReader().toString());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test___repr__eof")
        void reprEof() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedEof();
            assertEquals("<StreamReader eof>", stream.toString());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test___repr__data")
        void reprData() throws IOException {
            StreamReader stream = new StreamReader();
            stream.feedData(bytes("data"));
            assertEquals("<StreamReader 4 bytes>", stream.toString());
        }

        @SuppressWarnings("unchecked")
        <T> T pickled(T object) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(object);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
                return (T) in.readObject();
            }
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_IncompleteReadError_pickleable")
        void incompleteReadErrorPickleable() throws Exception {
            IncompleteReadException e = new IncompleteReadException(bytes("abc"), 10);
            IncompleteReadException e2 = pickled(e);
            assertEquals(e.getMessage(), e2.getMessage());
            assertArrayEquals(e.getPartial(), e2.getPartial());
            assertEquals(e.getExpected(), e2.getExpected());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_LimitOverrunError_pickleable")
        void limitOverrunErrorPickleable() throws Exception {
            LimitOverrunException e = new LimitOverrunException("message", 10);
            LimitOverrunException e2 = pickled(e);
            assertEquals(e.getMessage(), e2.getMessage());
            assertEquals(e.getConsumed(), e2.getConsumed());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_wait_closed_on_close")
        void waitClosedOnClose() throws IOException {
            Server httpd = httpServer();
            Connection c = connect(httpd);
            c.writer().write("GET / HTTP/1.0\r\n\r\n");
            assertEquals("HTTP/1.0 200 OK", loop.runUntilComplete(c.reader().readLine()));
            assertTrue(text(loop.runUntilComplete(c.reader().read(-1))).endsWith("\r\n\r\nTest message"));
            assertFalse(c.writer().isClosing());
            c.writer().close();
            assertTrue(c.writer().isClosing());
            loop.runUntilComplete(c.writer().waitClosed());
            stop(httpd);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_wait_closed_on_close_with_unread_data")
        void waitClosedOnCloseWithUnreadData() throws IOException {
            Server httpd = httpServer();
            Connection c = connect(httpd);
            c.writer().write("GET / HTTP/1.0\r\n\r\n");
            assertEquals("HTTP/1.0 200 OK", loop.runUntilComplete(c.reader().readLine()));
            c.writer().close();
            loop.runUntilComplete(c.writer().waitClosed());
            stop(httpd);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_async_writer_api")
        void asyncWriterApi() throws IOException {
            Server httpd = httpServer();
            int port = httpd.getAddress().getPort();
            loop.runUntilComplete(call(() -> {
                Connection c = await(openConnection("127.0.0.1", port));
                c.writer().write("GET / HTTP/1.0\r\n\r\n");
                assertEquals("HTTP/1.0 200 OK", await(c.reader().readLine()));
                assertTrue(text(await(c.reader().read(-1))).endsWith("\r\n\r\nTest message"));
                c.writer().close();
                await(c.writer().waitClosed());
                return Coroutine.completed();
            }));
            stop(httpd);
            assertEquals(List.of(), logged);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_async_writer_api_exception_after_close")
        void asyncWriterApiExceptionAfterClose() throws IOException {
            Server httpd = httpServer();
            int port = httpd.getAddress().getPort();
            loop.runUntilComplete(call(() -> {
                Connection c = await(openConnection("127.0.0.1", port));
                c.writer().write("GET / HTTP/1.0\r\n\r\n");
                assertEquals("HTTP/1.0 200 OK", await(c.reader().readLine()));
                assertTrue(text(await(c.reader().read(-1))).endsWith("\r\n\r\nTest message"));
                c.writer().close();
                Throwable thrown = null;
                try {
                    c.writer().write("data");
                    await(c.writer().drain());
                } catch (Throwable e) {
                    thrown = e;
                }
                assertInstanceOf(IOException.class, thrown);
                return Coroutine.completed();
            }));
            stop(httpd);
            assertEquals(List.of(), logged);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_eof_feed_when_closing_writer")
        void eofFeedWhenClosingWriter() throws IOException {
            Server httpd = httpServer();
            Connection c = connect(httpd);
            c.writer().close();
            loop.runUntilComplete(c.writer().waitClosed());
            assertTrue(c.reader().atEof());
            assertEquals("", text(loop.runUntilComplete(c.reader().read(-1))));
            stop(httpd);
            assertEquals(List.of(), logged);
        }

        /** {@code _basetest_unhandled_exceptions}: a client connects, writes, closes; what the loop reported. */
        void connectOnceTo(ConnectionHandler handleEcho) throws IOException {
            Server server = loop.runUntilComplete(startServer(handleEcho, "127.0.0.1", 0));
            int port = server.getAddress().getPort();
            loop.runUntilComplete(call(() -> {
                Connection c = await(openConnection("127.0.0.1", port));
                c.writer().write("test msg");
                await(c.writer().drain());
                c.writer().close();
                await(c.writer().waitClosed());
                return Coroutine.completed();
            }));
            stop(server);
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_unhandled_exception")
        void unhandledException() throws IOException {
            connectOnceTo((reader, writer) -> call(() -> {
                await(sleep(0));
                throw new Exception("test");
            }));
            assertFalse(logged.isEmpty(), "the handler's failure is reported");
            assertEquals("test", ((Throwable) logged.get(0).get("exception")).getMessage());
        }

        @Test
        @DisplayName("test_streams.py::StreamTests::test_unhandled_cancel")
        void unhandledCancel() throws IOException {
            connectOnceTo((reader, writer) -> call(() -> {
                writer.close();
                currentTask().cancel();
                await(sleep(0)); // the await keeps the lambda lazy (issue 10 defect 14); CPython returns here
                return Coroutine.completed();
            }));
            assertEquals(List.of(), logged);
        }
    }
}
