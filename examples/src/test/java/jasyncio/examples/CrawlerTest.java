package jasyncio.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CrawlerTest {
    /** The paths a crawl of {@code pages} pages must visit, each with its status. */
    static Map<String, Integer> expectedStatuses(int pages, int maxRedirect) {
        Map<String, Integer> expected = new TreeMap<>();
        expected.put("/", 302);
        for (int i = 0; i < pages; i++) {
            expected.put("/page/" + i, 200);
            if (Crawler.Site.linksToMoved(i)) {
                expected.put("/moved/" + i, 301);
            }
            if (Crawler.Site.linksToMissing(i)) {
                expected.put("/missing/" + i, 404);
            }
        }
        for (int k = 0; k <= maxRedirect; k++) { // the loop is followed until the limit
            expected.put("/loop/" + k, 302);
        }
        return expected;
    }

    @Test
    void everyPageIsFetchedOnceRedirectsAreFollowedAndErrorsReported() throws IOException {
        Crawler.Report[] report = new Crawler.Report[1];
        Map<String, Integer> requests;
        int serverPeak;
        try (Crawler.Site site = new Crawler.Site(100, 0.005)) {
            ConsoleCapture.stdoutOf(() -> report[0] = run(new Crawler(site.root(), 5, 3).crawl()));
            requests = site.requests();
            serverPeak = site.peakConcurrency();
        }
        Map<String, Integer> expected = expectedStatuses(100, 3);
        Map<String, Integer> statuses = report[0].done().values().stream()
                .collect(Collectors.toMap(f -> f.url().getPath(), Crawler.Fetch::status, (a, b) -> -1, TreeMap::new));
        assertEquals(expected, statuses);
        // Each once: the seen-set works, fragments and relative links resolve to the same URL.
        assertEquals(expected.keySet(), requests.keySet());
        assertTrue(requests.values().stream().allMatch(n -> n == 1), requests.toString());

        Crawler.Fetch moved = report[0].done().values().stream().filter(f -> f.url().getPath().equals("/moved/10"))
                .findFirst().orElseThrow();
        assertEquals("/page/15", moved.redirect().getPath());
        assertNull(moved.error());
        Crawler.Fetch lastHop = report[0].done().values().stream().filter(f -> f.url().getPath().equals("/loop/3"))
                .findFirst().orElseThrow();
        assertEquals("redirect limit reached (3)", lastHop.error());
        List<String> errors = report[0].errors().stream().map(f -> f.url().getPath()).toList();
        assertEquals(List.of("/loop/3", "/missing/32", "/missing/57", "/missing/7", "/missing/82"), errors.stream().sorted().toList());

        // Five workers, so never more than five requests at once, on either side.
        assertTrue(report[0].peakFetching() <= 5, "crawler peak " + report[0].peakFetching());
        assertTrue(serverPeak <= 5, "server peak " + serverPeak);
        assertTrue(report[0].peakFetching() > 1, "the workers never overlapped");
    }

    @Test
    void oneTaskCrawlsTheSameSiteOneRequestAtATime() throws IOException {
        try (Crawler.Site site = new Crawler.Site(30, 0)) {
            Crawler.Report[] report = new Crawler.Report[1];
            ConsoleCapture.stdoutOf(() -> report[0] = run(new Crawler(site.root(), 1, 10).crawl()));
            assertEquals(expectedStatuses(30, 10).size(), report[0].done().size());
            assertEquals(1, site.peakConcurrency());
        }
    }

    @Test
    void theProgressBarEndsFullAndMainPrintsAReport() {
        String output = ConsoleCapture.stdoutOf(() -> {
            try {
                Crawler.main(new String[] {"-c", "4", "-n", "40", "-r", "2", "-d", "0.001"});
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        int total = expectedStatuses(40, 2).size();
        assertTrue(output.contains("\r[" + "#".repeat(40) + "] " + String.format("%4d/%-4d", total, total) + "  0 fetching\n"), output);
        assertTrue(output.contains("(40 pages), 4 tasks, at most 2 redirects"), output);
        assertTrue(output.contains("\n/missing/7       404  0 links, 0 new"), output);
        assertTrue(output.contains("\n/moved/10        301  redirect to /page/15"), output);
        assertTrue(output.contains("\n/loop/2          302  error: redirect limit reached (2)"), output);
        assertTrue(output.contains("Finished " + total + " URLs in "), output);
        assertTrue(output.contains(", 3 errors\n"), output); // /missing/7, /missing/32, /loop/2
    }

    @Test
    void itRunsAsAUserStartsIt(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException, InterruptedException {
        ExampleLaunch launch = ExampleLaunch.run(dir, List.of("-javaagent:" + System.getProperty("jasyncio.agent.jar"),
                "-cp", ExampleLaunch.classes().toString()), "jasyncio.examples.Crawler", "-n", "20", "-c", "3", "-d", "0");
        assertTrue(launch.stdout().contains("Finished " + expectedStatuses(20, 10).size() + " URLs in "), launch.toString());
        assertEquals(List.of(), launch.warnings());
    }
}
