package jasyncio.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.iter.AsyncIterator;
import jasyncio.queues.Queue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static jasyncio.Asyncio.*;

/**
 * The web crawler of "500 Lines or Less: A Web Crawler With asyncio Coroutines" (A. Jesse Jiryu Davis and
 * Guido van Rossum), crawling a site of linked pages that this program serves itself on the loopback.
 *
 * <p>The shape is the chapter's: a {@link Queue} of URLs to fetch, a fixed number of worker tasks (the
 * concurrency limit) each consuming it by async iteration ({@code todo.values()}), a set of URLs seen so that
 * each is fetched once, redirects followed by the crawler itself up to a limit, and {@code await(todo.join())}
 * to know that the crawl is over: then the queue is shut down, which ends the workers' iterations. Pages are
 * fetched with the JDK's {@code HttpClient}, whose futures are awaited directly. A progress bar is redrawn as
 * each URL is done, and a report lists every URL with its status at the end.
 *
 * <p>Run: {@code java -javaagent:agent/target/jasyncio-agent.jar -cp examples/target/classes
 * jasyncio.examples.Crawler [-c max tasks (10)] [-n pages (100)] [-r max redirects (10)] [-d server delay in
 * seconds (0.02)]}.
 */
public class Crawler {
    private static final int BAR_WIDTH = 40;
    private static final Pattern HREF = Pattern.compile("href=[\"']([^\"']+)[\"']");
    /** The report's order: by path, numbers in numeric order ({@code /page/2} before {@code /page/10}). */
    private static final Comparator<URI> BY_PATH = Comparator
            .comparing((URI u) -> u.getPath().replaceAll("\\d+$", ""))
            .thenComparingLong(u -> u.getPath().matches(".*/\\d{1,18}") ? Long.parseLong(u.getPath().replaceAll(".*/", "")) : -1)
            .thenComparing(URI::toString);

    /** A URL to fetch, and how many more redirects may lead from it. */
    private record Job(URI url, int redirectsLeft) {
    }

    /**
     * One URL done: its HTTP status (0 if the request failed), where it redirected, how many links it had and how
     * many of them were new, and the error that stopped it, if any.
     */
    record Fetch(URI url, int status, URI redirect, int links, int newLinks, double seconds, String error) {
        @Override
        public String toString() {
            String outcome = error != null ? "error: " + error
                    : redirect != null ? "redirect to " + redirect.getPath()
                    : links + " links, " + newLinks + " new";
            return String.format("%-16s %3s  %-32s %6.3f s", url.getPath(), status == 0 ? "-" : status, outcome, seconds);
        }
    }

    /** What a crawl did: every URL done, by URL; how long it took; the most fetches in flight at once. */
    record Report(Map<URI, Fetch> done, double seconds, int peakFetching) {
        List<Fetch> errors() {
            return done.values().stream().filter(f -> f.error() != null || f.status() >= 400).toList();
        }
    }

    private final URI root;
    private final int maxTasks;
    private final int maxRedirect;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Queue<Job> todo = new Queue<>();
    private final Set<URI> seen = new HashSet<>();
    private final Map<URI, Fetch> done = new TreeMap<>(BY_PATH);
    private int fetching;
    private int peakFetching;

    Crawler(URI root, int maxTasks, int maxRedirect) {
        this.root = root;
        this.maxTasks = maxTasks;
        this.maxRedirect = maxRedirect;
    }

    /** Crawls everything reachable from the root on the root's host and port. */
    @Async
    Coroutine<Report> crawl() {
        long start = System.nanoTime();
        addUrl(root, maxRedirect);
        List<Task<Void>> workers = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            workers.add(createTask(work(), "worker-" + i));
        }
        await(todo.join());
        todo.shutdown(); // nothing is left: the workers' iterations end, and so do they
        await(gather(workers));
        System.out.println();
        return Coroutine.completed(new Report(done, (System.nanoTime() - start) / 1e9, peakFetching));
    }

    /** One worker: takes URLs from the queue until it is shut down. */
    @Async
    private Coroutine<Void> work() {
        try (AsyncIterator<Job> jobs = todo.values().iterator()) {
            while (await(jobs.hasNext())) {
                Job job = jobs.next();
                try {
                    await(fetch(job));
                } finally {
                    todo.taskDone();
                    progress();
                }
            }
        }
        return Coroutine.completed();
    }

    @Async
    private Coroutine<Void> fetch(Job job) {
        long start = System.nanoTime();
        HttpResponse<String> response;
        peakFetching = Math.max(peakFetching, ++fetching);
        try {
            response = await(client.sendAsync(HttpRequest.newBuilder(job.url()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw e; // cancellation among them
        } catch (Exception e) {
            // await rethrows the future's failure unchanged, checked ones too, though javac cannot know that.
            done.put(job.url(), new Fetch(job.url(), 0, null, 0, 0, secondsSince(start), e.toString()));
            return Coroutine.completed();
        } finally {
            fetching--;
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
            URI next = job.url().resolve(response.headers().firstValue("Location").get());
            String error = null;
            if (job.redirectsLeft() == 0) {
                error = "redirect limit reached (" + maxRedirect + ")";
            } else if (!seen.contains(next)) { // already seen: fetched or on its way, as the chapter does
                addUrl(next, job.redirectsLeft() - 1);
            }
            done.put(job.url(), new Fetch(job.url(), status, next, 0, 0, secondsSince(start), error));
            return Coroutine.completed();
        }
        List<URI> links = status == 200 ? linksIn(job.url(), response.body()) : List.of();
        int newLinks = 0;
        for (URI link : links) {
            if (!seen.contains(link)) {
                addUrl(link, maxRedirect);
                newLinks++;
            }
        }
        done.put(job.url(), new Fetch(job.url(), status, null, links.size(), newLinks, secondsSince(start), null));
        return Coroutine.completed();
    }

    private void addUrl(URI url, int redirectsLeft) {
        seen.add(url);
        todo.putNowait(new Job(url, redirectsLeft)); // an unbounded queue: never full
    }

    /** The distinct links of {@code html} to this site, resolved against {@code page}, without their fragments. */
    private List<URI> linksIn(URI page, String html) {
        Set<URI> links = new LinkedHashSet<>();
        for (Matcher m = HREF.matcher(html); m.find(); ) {
            URI link;
            try {
                link = page.resolve(m.group(1));
                link = new URI(link.getScheme(), link.getAuthority(), link.getPath(), link.getQuery(), null);
            } catch (IllegalArgumentException | URISyntaxException malformed) {
                continue;
            }
            if ("http".equals(link.getScheme()) && root.getAuthority().equals(link.getAuthority())) {
                links.add(link);
            }
        }
        return new ArrayList<>(links);
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Redraws the bar in place: URLs done out of those seen so far, which grows as pages are parsed. */
    private void progress() {
        int total = seen.size();
        int filled = done.size() * BAR_WIDTH / total;
        System.out.printf("\r[%s%s] %4d/%-4d %2d fetching", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled),
                done.size(), total, fetching);
        System.out.flush();
    }

    /**
     * The site to crawl, generated: {@code /} redirects to {@code /page/0}; each of the {@code pages} pages links to
     * the next one and to two others (absolute, relative and with fragments); every tenth links to a
     * {@code /moved/i} that redirects (301) to a page, some link to a {@code /missing/i} (404), and page 0 to a
     * redirect loop ({@code /loop/k} to {@code /loop/k+1}) and to other hosts. Counts the requests for each path,
     * and the most answered at once.
     */
    static final class Site implements AutoCloseable {
        private final HttpServer http;
        private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "crawled-site");
            t.setDaemon(true);
            return t;
        });
        private final int pages;
        private final long delayMillis;
        private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        Site(int pages, double delay) throws IOException {
            this.pages = pages;
            this.delayMillis = (long) (delay * 1000);
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(workers);
            http.createContext("/", this::serve);
            http.start();
        }

        URI root() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        }

        /** How many times each path was requested. */
        Map<String, Integer> requests() {
            Map<String, Integer> counts = new TreeMap<>();
            requests.forEach((path, n) -> counts.put(path, n.get()));
            return counts;
        }

        /** The most requests the site was answering at once. */
        int peakConcurrency() {
            return peak.get();
        }

        /** The pages that link to a {@code /moved/i}, and those that link to a {@code /missing/i}. */
        static boolean linksToMoved(int page) {
            return page % 10 == 0;
        }

        static boolean linksToMissing(int page) {
            return page % 25 == 7;
        }

        private void serve(HttpExchange exchange) throws IOException {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            boolean inFlightCounted = true;
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(delayMillis);
                // No longer in flight once its answer starts: a client that has it may send its next request before
                // this handler returns, which must not count as two requests at once.
                inFlight.decrementAndGet();
                inFlightCounted = false;
                String[] parts = path.split("/");
                int n = parts.length == 3 && parts[2].matches("\\d{1,9}") ? Integer.parseInt(parts[2]) : -1;
                if (path.equals("/")) {
                    redirect(exchange, 302, "/page/0");
                } else if (path.startsWith("/page/") && n >= 0 && n < pages) {
                    byte[] html = page(n).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(200, html.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(html);
                    }
                } else if (path.startsWith("/moved/") && n >= 0) {
                    redirect(exchange, 301, "/page/" + (n + 5) % pages);
                } else if (path.startsWith("/loop/") && n >= 0) {
                    redirect(exchange, 302, "/loop/" + (n + 1));
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (inFlightCounted) {
                    inFlight.decrementAndGet();
                }
            }
        }

        private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        }

        private String page(int n) {
            StringBuilder html = new StringBuilder("<html><body><h1 id=\"top\">Page ").append(n).append("</h1>\n");
            html.append("<a href=\"/page/").append((n + 1) % pages).append("\">next</a>\n");
            html.append("<a href=\"").append((n * 7 + 3) % pages).append("#top\">relative</a>\n");
            html.append("<a href='/page/").append((n * n + 1) % pages).append("'>square</a>\n");
            html.append("<a href=\"#top\">this page</a>\n");
            if (linksToMoved(n)) {
                html.append("<a href=\"/moved/").append(n).append("\">moved</a>\n");
            }
            if (linksToMissing(n)) {
                html.append("<a href=\"/missing/").append(n).append("\">missing</a>\n");
            }
            if (n == 0) {
                html.append("<a href=\"/loop/0\">loop</a>\n<a href=\"http://example.invalid/\">elsewhere</a>\n")
                        .append("<a href=\"mailto:crawler@example.invalid\">mail</a>\n");
            }
            return html.append("</body></html>\n").toString();
        }

        @Override
        public void close() {
            http.stop(0);
            workers.shutdownNow();
        }
    }

    public static void main(String[] args) throws IOException {
        int maxTasks = 10;
        int pages = 100;
        int maxRedirect = 10;
        double delay = 0.02;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c" -> maxTasks = Integer.parseInt(args[++i]);
                case "-n" -> pages = Integer.parseInt(args[++i]);
                case "-r" -> maxRedirect = Integer.parseInt(args[++i]);
                case "-d" -> delay = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException(
                        "usage: Crawler [-c max tasks] [-n pages] [-r max redirects] [-d server delay]; not " + args[i]);
            }
        }
        if (maxTasks < 1 || pages < 1 || maxRedirect < 0) {
            throw new IllegalArgumentException("-c and -n take 1 or more, -r 0 or more");
        }
        try (Site site = new Site(pages, delay)) {
            System.out.printf("Crawling %s (%d pages), %d tasks, at most %d redirects%n", site.root(), pages, maxTasks,
                    maxRedirect);
            Report report = run(new Crawler(site.root(), maxTasks, maxRedirect).crawl());
            report.done().values().forEach(System.out::println);
            System.out.printf("Finished %d URLs in %.3f s (%.0f URLs/s), at most %d fetching at once, %d errors%n",
                    report.done().size(), report.seconds(), report.done().size() / report.seconds(),
                    report.peakFetching(), report.errors().size());
        }
    }
}
