package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Async generators on a loop in debug mode, which tracks every coroutine's creation and await. */
@Timeout(30)
class GeneratorDebugModeTest {
    @Async
    static Coroutine<List<Integer>> firstTwoThenFailure() {
        AsyncIterable<Integer> source = AsyncIterable.generate(out -> {
            for (int i = 0; i < 5; i++) {
                await(out.emit(i));
                await(sleep(0));
            }
            throw new IllegalStateException("after five");
        });
        List<Integer> seen = new ArrayList<>();
        try (AsyncIterator<Integer> it = source.take(2).iterator()) {
            while (await(it.hasNext())) {
                seen.add(it.next());
            }
        }
        try {
            await(source.toList());
            fail("the source fails after five values");
        } catch (IllegalStateException expected) {
            seen.add(-1);
        }
        return Coroutine.completed(seen);
    }

    @Test
    void generatorsRunAndFailAsWithoutDebugMode() {
        EventLoop loop = newEventLoop();
        loop.setDebug(true);
        try {
            assertEquals(List.of(0, 1, -1), loop.runUntilComplete(firstTwoThenFailure()));
        } finally {
            loop.close();
        }
    }
}
