package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Runner;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Generators never closed are closed when the loop shuts down ({@code EventLoop.shutdownAsyncgens()}, asyncio's
 * {@code loop.shutdown_asyncgens()}, which {@code run} and {@code Runner.close()} call): their {@code finally} blocks
 * run, and a failing clean-up reaches the exception handler.
 */
@Timeout(30)
class GeneratorShutdownTest {
    private final List<String> events = new ArrayList<>();

    private AsyncIterable<Integer> counting(String name, boolean failInFinally) {
        return AsyncIterable.generate(out -> {
            try {
                for (int i = 0; ; i++) {
                    await(out.emit(i));
                }
            } finally {
                await(sleep(0.01)); // a clean-up that awaits still runs to its end before the loop closes
                events.add(name + " cleaned up");
                if (failInFinally) {
                    throw new IllegalStateException(name + "'s clean-up failed");
                }
            }
        });
    }

    /** Takes one value and leaves the generator parked at its emit, never closed; returns it to keep it reachable. */
    @Async
    Coroutine<AsyncIterator<Integer>> takeOne(AsyncIterable<Integer> source) {
        AsyncIterator<Integer> it = source.iterator();
        assertTrue(await(it.hasNext()));
        events.add("took " + it.next());
        return Coroutine.completed(it);
    }

    @Test
    void runClosesAGeneratorItsCoroutineLeftOpen() {
        AsyncIterator<Integer> kept = run(takeOne(counting("ticks", false)));
        assertEquals(List.of("took 0", "ticks cleaned up"), events);
        assertNotNull(kept);
    }

    @Test
    void aFailingCleanUpIsReportedToTheExceptionHandler() {
        List<Map<String, Object>> reported = new ArrayList<>();
        AsyncIterator<Integer> kept;
        try (Runner runner = new Runner(() -> {
            EventLoop loop = newEventLoop();
            loop.setExceptionHandler((l, context) -> reported.add(context));
            return loop;
        })) {
            kept = runner.run(takeOne(counting("failing", true)));
            kept = runner.run(takeOne(counting("second", false)));
            assertEquals(List.of("took 0", "took 0"), events, "nothing is closed between runs");
        }
        assertNotNull(kept);
        assertEquals(List.of("took 0", "took 0"), events.subList(0, 2));
        assertEquals(Set.of("failing cleaned up", "second cleaned up"), Set.copyOf(events.subList(2, events.size())),
                "both closed at once: " + events);
        assertEquals(1, reported.size(), String.valueOf(reported));
        assertTrue(String.valueOf(reported.get(0).get("message"))
                .startsWith("an error occurred during closing of asynchronous generator"), String.valueOf(reported));
        assertEquals("failing's clean-up failed", ((Throwable) reported.get(0).get("exception")).getMessage());
    }

    @Test
    void aGeneratorClosedOrFinishedIsNotClosedAgain() {
        run(closedAndFinished());
        assertEquals(List.of("took 0", "closed cleaned up", "short done"), events);
    }

    @Async
    Coroutine<Void> closedAndFinished() {
        AsyncIterator<Integer> it = await(takeOne(counting("closed", false)));
        await(it.aclose());
        AsyncIterable<Integer> shortOne = AsyncIterable.generate(out -> {
            await(out.emit(1));
            events.add("short done");
            return Coroutine.completed();
        });
        assertEquals(List.of(1), await(shortOne.toList()));
        return Coroutine.completed();
    }
}
