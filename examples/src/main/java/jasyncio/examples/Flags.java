package jasyncio.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.sync.Semaphore;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

import static jasyncio.Asyncio.*;

/**
 * The flags downloader of "Fluent Python" (flags2_asyncio): 20 flag images fetched concurrently from a local
 * HTTP server that this program starts itself, with a delay per request and a few flags missing or broken.
 *
 * <p>Each download awaits the JDK's {@code HttpClient.sendAsync} future directly; a {@link Semaphore} bounds
 * how many are in flight; {@code asCompleted} hands the results over as they finish and drives a progress bar;
 * the blocking file write goes to the loop's executor; an HTTP error fails its own flag, never the others.
 *
 * <p>Run: {@code java -javaagent:agent/target/jasyncio-agent.jar -cp examples/target/classes
 * jasyncio.examples.Flags [-c concurrency (5)] [-o output directory (a new temporary one)] [-d server delay
 * in seconds (0.5)]}.
 */
public class Flags {
    static final List<String> COUNTRIES = List.of("CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
            "MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR");
    /** The flags the server does not have (404) and the one it fails to serve (500). */
    static final List<String> MISSING = List.of("CD", "IR");
    static final String BROKEN = "VN";
    private static final int BAR_WIDTH = 40;

    /**
     * One flag failed: an HTTP answer other than 200, or the request itself failed. Unchecked, so that the
     * supervisor can catch it by name at {@code await(next)}: the coroutines of {@code asCompleted} declare no
     * checked exceptions.
     */
    static final class FetchError extends RuntimeException {
        final String country;
        final String problem;

        FetchError(String country, String problem, Throwable cause) {
            super(country + ": " + problem, cause);
            this.country = country;
            this.problem = problem;
        }
    }

    /** What a run did: the files written, and the failure of each flag that failed. */
    record Summary(List<Path> downloaded, Map<String, String> failed, double seconds) {
    }

    @Async
    static Coroutine<Path> downloadOne(HttpClient client, URI base, String country, Semaphore limit, Path dir) {
        byte[] image;
        await(limit.acquire());
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("flags/" + country.toLowerCase() + ".gif")).build();
            HttpResponse<byte[]> response;
            try {
                response = await(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
            } catch (RuntimeException e) {
                throw e; // cancellation among them
            } catch (Exception e) {
                // await rethrows the future's failure unchanged, checked ones too (an IOException, say),
                // though javac cannot know that: hence Exception.
                throw new FetchError(country, e.toString(), e);
            }
            int status = response.statusCode();
            if (status != 200) {
                throw new FetchError(country, "HTTP " + status
                        + (status == 404 ? " Not Found" : status == 500 ? " Internal Server Error" : ""), null);
            }
            image = response.body();
        } finally {
            limit.release();
        }
        Path file = dir.resolve(country.toLowerCase() + ".gif");
        // Files.write blocks: on the loop's thread it would stall every other download meanwhile.
        return Coroutine.completed(await(getRunningLoop().runInExecutor(null, () -> Files.write(file, image))));
    }

    @Async
    static Coroutine<Summary> downloadMany(URI base, List<String> countries, int concurrency, Path dir) {
        long start = System.nanoTime();
        HttpClient client = HttpClient.newHttpClient();
        Semaphore limit = new Semaphore(concurrency);
        List<Coroutine<Path>> downloads = new ArrayList<>();
        for (String country : countries) {
            downloads.add(downloadOne(client, base, country, limit, dir));
        }
        List<Path> downloaded = new ArrayList<>();
        Map<String, String> failed = new TreeMap<>();
        int done = 0;
        progress(done, countries.size());
        for (Coroutine<Path> next : asCompleted(downloads)) {
            try {
                downloaded.add(await(next));
            } catch (FetchError e) {
                failed.put(e.country, e.problem);
                // Overwrite the bar with the error line; the next progress() draws the bar below it.
                System.out.print("\r" + " ".repeat(BAR_WIDTH + 10) + "\r*** " + e.getMessage() + "\n");
            }
            progress(++done, countries.size());
        }
        System.out.println();
        return Coroutine.completed(new Summary(downloaded, failed, (System.nanoTime() - start) / 1e9));
    }

    /** Redraws the progress bar in place: {@code [#####-----]  10/20}. */
    private static void progress(int done, int total) {
        int filled = done * BAR_WIDTH / total;
        System.out.printf("\r[%s%s] %3d/%d", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), done, total);
        System.out.flush();
    }

    /**
     * The "remote" site: serves {@code /flags/<cc>.gif} after {@code delay} seconds, 404 for {@link #MISSING},
     * 500 for {@link #BROKEN}; counts the requests in progress so that a test can check the client's limit.
     */
    static final class FlagServer implements AutoCloseable {
        private final HttpServer http;
        private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "flag-server");
            t.setDaemon(true);
            return t;
        });
        private final Map<String, byte[]> images = new LinkedHashMap<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private final long delayMillis;

        FlagServer(double delay) throws IOException {
            this.delayMillis = (long) (delay * 1000);
            for (String country : COUNTRIES) {
                if (!MISSING.contains(country)) {
                    images.put(country.toLowerCase(), flagImage(country));
                }
            }
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(workers);
            http.createContext("/flags/", this::serve);
            http.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        }

        /** The most requests the server was answering at once. */
        int peakConcurrency() {
            return peak.get();
        }

        private void serve(HttpExchange exchange) throws IOException {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try (exchange) {
                Thread.sleep(delayMillis);
                String name = exchange.getRequestURI().getPath().substring("/flags/".length());
                String country = name.replace(".gif", "");
                byte[] image = images.get(country);
                if (country.equalsIgnoreCase(BROKEN)) {
                    exchange.sendResponseHeaders(500, -1);
                } else if (image == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "image/gif");
                    exchange.sendResponseHeaders(200, image.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(image);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        /** A small three-stripe GIF whose colours come from the country code. */
        static byte[] flagImage(String country) {
            BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
            int seed = country.hashCode();
            for (int stripe = 0; stripe < 3; stripe++) {
                Color color = Color.getHSBColor(((seed >> (stripe * 5)) & 31) / 32f, 0.8f, 0.9f);
                for (int y = 0; y < 20; y++) {
                    for (int x = stripe * 10; x < stripe * 10 + 10; x++) {
                        image.setRGB(x, y, color.getRGB());
                    }
                }
            }
            ByteArrayOutputStream gif = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "gif", gif);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return gif.toByteArray();
        }

        @Override
        public void close() {
            http.stop(0);
            workers.shutdownNow();
        }
    }

    public static void main(String[] args) throws IOException {
        int concurrency = 5;
        Path dir = null;
        double delay = 0.5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c" -> concurrency = Integer.parseInt(args[++i]);
                case "-o" -> dir = Path.of(args[++i]);
                case "-d" -> delay = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("usage: Flags [-c concurrency] [-o dir] [-d delay]; not " + args[i]);
            }
        }
        dir = dir == null ? Files.createTempDirectory("flags") : Files.createDirectories(dir);
        try (FlagServer server = new FlagServer(delay)) {
            System.out.printf("Downloading %d flags from %s, at most %d at a time, into %s%n",
                    COUNTRIES.size(), server.uri(), concurrency, dir);
            Summary summary = run(downloadMany(server.uri(), COUNTRIES, concurrency, dir));
            System.out.printf("%d downloaded, %d failed %s%nElapsed: %.2f s%n", summary.downloaded().size(),
                    summary.failed().size(), summary.failed().keySet(), summary.seconds());
        }
    }
}
