package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code asCompletedFutures}: asyncio 3.13's {@code async for f in as_completed(aws)}. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsCompletedAsyncTest {
    @Async
    static Coroutine<Integer> after(double seconds, int value) {
        await(sleep(seconds));
        return Coroutine.completed(value);
    }

    @Async
    static Coroutine<Integer> failAfter(double seconds) {
        await(sleep(seconds));
        throw new IllegalStateException("failed after " + seconds);
    }

    @Async
    static Coroutine<String> originalTasksInCompletionOrder() {
        Task<Integer> slow = createTask(after(0.06, 3));
        Task<Integer> fast = createTask(after(0.01, 1));
        Task<Integer> middle = createTask(after(0.03, 2));
        List<String> order = new ArrayList<>();
        try (AsyncIterator<Future<Integer>> done = asCompletedFutures(List.of(slow, fast, middle)).iterator()) {
            while (await(done.hasNext())) {
                Future<Integer> f = done.next();
                String name = f == slow ? "slow" : f == fast ? "fast" : f == middle ? "middle" : "another future";
                order.add(name + "=" + f.result() + (f.done() ? "" : " not done"));
            }
        }
        return Coroutine.completed(String.join(", ", order));
    }

    @Test
    void givenTasksComeOutThemselvesInTheOrderTheyFinish() {
        assertEquals("fast=1, middle=2, slow=3", run(originalTasksInCompletionOrder()));
    }

    @Async
    static Coroutine<List<Object>> coroutinesAndFailures() {
        List<Object> seen = new ArrayList<>();
        try (AsyncIterator<Future<Integer>> done = asCompletedFutures(List.of(after(0.02, 2), failAfter(0.01))).iterator()) {
            while (await(done.hasNext())) {
                Future<Integer> f = done.next();
                seen.add(f instanceof Task ? "task" : "future");
                try {
                    seen.add(f.result());
                } catch (IllegalStateException e) {
                    seen.add(e.getMessage());
                }
            }
        }
        return Coroutine.completed(seen);
    }

    @Test
    void coroutinesComeOutAsTheirTasksAndAFailureAsAFailedFuture() {
        assertEquals(List.of("task", "failed after 0.01", "task", 2), run(coroutinesAndFailures()));
    }

    @Async
    static Coroutine<List<Object>> withATimeout() {
        Task<Integer> slow = createTask(after(10, 9));
        List<Object> seen = new ArrayList<>();
        AsyncIterator<Future<Integer>> done = asCompletedFutures(List.of(after(0.01, 1), slow, after(0.02, 2)), 0.2).iterator();
        try {
            while (await(done.hasNext())) {
                seen.add(done.next().result());
            }
        } catch (AsyncTimeoutException e) {
            seen.add(e.getMessage());
        }
        seen.add(slow.done() ? "slow done" : "slow still running");
        try {
            seen.add(await(done.hasNext()));
        } catch (AsyncTimeoutException again) {
            seen.add("again " + again.getClass().getSimpleName());
        }
        slow.cancel();
        return Coroutine.completed(seen);
    }

    @Test
    void pastTheTimeoutHasNextThrowsOnceTheFuturesDoneInTimeAreOut() {
        assertEquals(List.of(1, 2, "asCompleted timed out after 0.2 s with 1 of 3 not done", "slow still running",
                "again AsyncTimeoutException"), run(withATimeout()));
    }

    @Async
    static Coroutine<String> misuse() {
        AsyncIterable<Future<Integer>> done = asCompletedFutures(List.of(after(0, 1)));
        AsyncIterator<Future<Integer>> first = done.iterator();
        String second = assertThrows(IllegalStateException.class, done::iterator).getMessage();
        String nan = assertThrows(IllegalArgumentException.class,
                () -> asCompletedFutures(List.<Task<Integer>>of(), Double.NaN)).getMessage();
        boolean emptyHasNext = await(asCompletedFutures(List.<Task<Integer>>of()).iterator().hasNext());
        await(first.hasNext());
        return Coroutine.completed(second + " | " + nan + " | empty: " + emptyHasNext + " | " + first.next().result());
    }

    @Test
    void itIsIteratedOnceRefusesANaNTimeoutAndIsEmptyForNothing() {
        assertEquals("asCompletedFutures(...) is iterated once: each future comes out of it once; call"
                + " asCompletedFutures again for another pass | asCompletedFutures timeout is NaN: give a number of"
                + " seconds, or infinity for none | empty: false | 1", run(misuse()));
    }
}
