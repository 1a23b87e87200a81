package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionHandler;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A TCP server's handlers and life: a handler that fails (when called, or in its task) has its connection closed and
 * is reported to the loop's exception handler while the server keeps serving; a cancelled one is not a failure;
 * {@code waitClosed()} waits for the connections as well as the listener.
 */
@Timeout(60)
class ServerTest {
    /** What the loop's exception handler was given, as "message: exception". */
    private static List<String> recordReports() {
        List<String> reports = new ArrayList<>();
        getRunningLoop().setExceptionHandler((loop, context) -> reports.add(context.get("message") + ": "
                + context.get("exception")));
        return reports;
    }

    @Async
    static Coroutine<String> readAll(int port, String send) throws IOException {
        Connection c = await(openConnection("127.0.0.1", port));
        c.writer().write(send);
        String read = new String(await(waitFor(c.reader().read(-1), 10)), StandardCharsets.UTF_8);
        c.writer().close();
        return Coroutine.completed(read);
    }

    @Async
    static Coroutine<Void> echoOnce(StreamReader reader, StreamWriter writer) throws IOException {
        String line = await(reader.readLine());
        if (line.equals("fail")) {
            throw new IllegalStateException("asked to fail");
        }
        writer.write("echo " + line + "\n");
        writer.close();
        return Coroutine.completed();
    }

    @Nested
    class FailingHandlers {
        @Async
        Coroutine<List<String>> serveThreeClients() throws IOException {
            List<String> reports = recordReports();
            // A class, not a lambda: a lambda returning a coroutine runs its body only when awaited, in the task.
            Server s = await(startServer(new ConnectionHandler() {
                @Override
                public Coroutine<?> handle(StreamReader reader, StreamWriter writer) throws IOException {
                    if (reports.isEmpty()) {
                        throw new IOException("refused before any coroutine");
                    }
                    return echoOnce(reader, writer);
                }
            }, "127.0.0.1", 0));
            int port = s.getAddress().getPort();
            List<String> seen = new ArrayList<>();
            seen.add("first read '" + await(readAll(port, "one\n")) + "'");
            seen.add("second read '" + await(readAll(port, "fail\n")) + "'");
            seen.add("third read '" + await(readAll(port, "three\n")) + "'");
            s.close();
            await(waitFor(s.waitClosed(), 10));
            String address = s.getAddress().toString();
            for (String report : reports) {
                seen.add(report.replace(address, "ADDRESS"));
            }
            return Coroutine.completed(seen);
        }

        @Test
        void haveTheirConnectionClosedAndAreReportedWhileTheServerGoesOn() throws IOException {
            assertEquals(List.of("first read ''", "second read ''", "third read 'echo three\n'",
                    "the client handler failed on <Server ADDRESS serving connections=1>:"
                            + " java.io.IOException: refused before any coroutine",
                    "the client handler failed on <Server ADDRESS serving connections=1>:"
                            + " java.lang.IllegalStateException: asked to fail"), run(serveThreeClients()));
        }

        @Async
        Coroutine<List<String>> cancelAHandler() throws IOException {
            List<String> reports = recordReports();
            Server s = await(startServer((reader, writer) -> cancelSelf(writer), "127.0.0.1", 0));
            String read = await(readAll(s.getAddress().getPort(), ""));
            s.close();
            await(waitFor(s.waitClosed(), 10));
            List<String> seen = new ArrayList<>(reports);
            seen.add("read '" + read + "'");
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<Void> cancelSelf(StreamWriter writer) {
            writer.write("bye\n");
            writer.close();
            currentTask().cancel();
            await(sleep(1));
            return Coroutine.completed();
        }

        @Test
        void aCancelledHandlerIsNotAFailure() throws IOException {
            assertEquals(List.of("read 'bye\n'"), run(cancelAHandler()));
        }
    }

    @Nested
    class Closing {
        @Async
        Coroutine<List<String>> closeWithAConnectionOpen() throws IOException {
            Future<StreamWriter> accepted = getRunningLoop().createFuture();
            Server s = await(startServer((reader, writer) -> {
                accepted.setResult(writer);
                return Coroutine.completed();
            }, "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", s.getAddress().getPort()));
            StreamWriter serverSide = await(waitFor(accepted, 10));
            List<String> seen = new ArrayList<>();
            s.close();
            s.close();
            seen.add("serving " + s.isServing() + ", " + s.toString().replaceAll("/[0-9.:]+", "ADDRESS"));
            Task<Void> waiting = createTask(s.waitClosed());
            await(sleep(0.05));
            seen.add("waitClosed done with a connection open: " + waiting.done());
            serverSide.close();
            await(waitFor(waiting, 10));
            seen.add("waitClosed done once it closed: " + waiting.done() + ", " + s.toString().replaceAll(
                    "/[0-9.:]+", "ADDRESS"));
            c.writer().close();
            return Coroutine.completed(seen);
        }

        @Test
        void stopsListeningAtOnceAndWaitClosedWaitsForTheConnections() throws IOException {
            assertEquals(List.of("serving false, <Server ADDRESS closed connections=1>",
                    "waitClosed done with a connection open: false",
                    "waitClosed done once it closed: true, <Server ADDRESS closed connections=0>"),
                    run(closeWithAConnectionOpen()));
        }

        @Async
        Coroutine<String> addresses() throws IOException {
            Server s = await(startServer((reader, writer) -> Coroutine.completed(), "127.0.0.1", 0));
            try {
                assertEquals(s.getAddress(), s.getSocketAddress());
                IllegalStateException e = assertThrows(IllegalStateException.class, s::getPath);
                return Coroutine.completed(e.getMessage().replaceAll("/[0-9.:]+", "ADDRESS"));
            } finally {
                s.close();
            }
        }

        @Test
        void aTcpServerHasAnAddressAndNoSocketFile() throws IOException {
            assertEquals("<Server ADDRESS serving connections=0> is a TCP server, with no socket file:"
                    + " use getAddress()", run(addresses()));
        }
    }
}
