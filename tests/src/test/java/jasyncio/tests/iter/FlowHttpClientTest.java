package jasyncio.tests.iter;

import com.sun.net.httpserver.HttpServer;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.iter.Flows;
import jasyncio.tests.iter.TestSources.Numbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The JDK's {@code HttpClient} on both ends of the bridges, against a local echo server: a request body streamed
 * from an async iterable ({@code BodyPublishers.fromPublisher}), a response body read by async iteration
 * ({@code BodyHandlers.ofPublisher}).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlowHttpClientTest {
    @Async
    static Coroutine<String> echoThroughTheBridges(URI echo, Numbers lines) {
        HttpClient client = HttpClient.newHttpClient();
        AsyncIterable<ByteBuffer> body = () -> TestSources.mapped(lines,
                i -> ByteBuffer.wrap(("line " + i + "\n").getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(echo)
                .POST(HttpRequest.BodyPublishers.fromPublisher(Flows.asPublisher(body)))
                .build();
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
                await(client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (AsyncIterator<List<ByteBuffer>> chunks = Flows.asAsyncIterable(response.body(), 2).iterator()) {
            while (await(chunks.hasNext())) {
                for (ByteBuffer buffer : chunks.next()) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    received.writeBytes(bytes);
                }
            }
        }
        return Coroutine.completed(response.statusCode() + " " + received.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestBodyFromAnAsyncIterableComesBackAsAnAsyncIterable() throws IOException {
        ExecutorService serverThreads = Executors.newFixedThreadPool(2);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/echo", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        try {
            Numbers lines = new Numbers(2000);
            URI echo = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/echo");
            String expected = IntStream.range(0, 2000).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
            assertEquals("200 " + expected, run(echoThroughTheBridges(echo, lines)));
            assertTrue(lines.closed.isDone(), "the iteration of the request body was closed");
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }
}
