package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.net.StreamReader;
import jasyncio.test.AsyncTest;
import jasyncio.test.TestLoop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** The examples of docs/async-iteration.md, as written there. */
@TestLoop
class AsyncIterationDocTest {
    static final List<String> printed = new ArrayList<>();

    @Async
    static Coroutine<Integer> countWords(StreamReader reader) throws IOException {
        int words = 0;
        try (AsyncIterator<String> lines = reader.lines().iterator()) {   // async for line in reader:
            while (await(lines.hasNext())) {
                words += lines.next().split("\\s+").length;
            }
        }
        return Coroutine.completed(words);
    }

    static AsyncIterable<Integer> ticks(int n) {                      // jasyncio
        return AsyncIterable.generate(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    await(out.emit(i));                               // yield i
                    await(sleep(1));
                }
            } finally {
                printed.add("cleaned up");
            }
            return Coroutine.completed();
        });
    }

    static StreamReader readerOf(String text) {
        StreamReader reader = new StreamReader();
        reader.feedData(text.getBytes(StandardCharsets.UTF_8));
        reader.feedEof();
        return reader;
    }

    @AsyncTest
    void countWordsReadsEveryLine() throws IOException {
        assertEquals(5, await(countWords(readerOf("one two\nthree\nfour five\n"))));
    }

    @AsyncTest
    void theFirstErrors() {
        StreamReader reader = readerOf("ERROR disk\nINFO ok\nERROR net\n");
        List<String> firstErrors = await(reader.lines()
                .filter(line -> line.startsWith("ERROR"))
                .map(String::toUpperCase)
                .take(10)                                      // then closes reader.lines(): its finally runs
                .toList());
        assertEquals(List.of("ERROR DISK", "ERROR NET"), firstErrors);
    }

    @AsyncTest
    void mergedTicks() {
        printed.clear();
        List<Integer> seen = new ArrayList<>();
        await(AsyncIterable.merge(ticks(3), ticks(2))          // values as they come from both: 0, 0, 1, 1, 2
                .mapAsync(i -> {                               // a coroutine function, awaited per value
                    await(sleep(0.1));
                    return Coroutine.completed(i * 10);
                })
                .forEach(seen::add));
        assertEquals(List.of(0, 0, 10, 10, 20), seen);
        assertEquals(List.of("cleaned up", "cleaned up"), printed);
    }
}
