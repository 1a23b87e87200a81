package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code asCompleted} with a timeout, like asyncio's {@code as_completed(aws, timeout=)}. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsCompletedTest {
    @Async
    static Coroutine<Integer> after(double seconds, int value) {
        await(sleep(seconds));
        return Coroutine.completed(value);
    }

    @Nested
    class WithATimeout {
        @Async
        Coroutine<List<Object>> slowOneLeftBehind() {
            Task<Integer> slow = createTask(after(10, 2));
            List<Object> outcomes = new ArrayList<>();
            for (Coroutine<Integer> next : asCompleted(List.of(after(0.01, 1), slow, after(0.02, 3)), 0.2)) {
                try {
                    outcomes.add(await(next));
                } catch (AsyncTimeoutException e) {
                    outcomes.add("timed out, slow task " + (slow.done() ? "done" : "still running"));
                }
            }
            return Coroutine.completed(outcomes);
        }

        @Test
        void whatIsNotDoneAtTheTimeoutThrowsAsyncTimeoutExceptionAndKeepsRunning() {
            assertEquals(List.of(1, 3, "timed out, slow task still running"), run(slowOneLeftBehind()));
        }

        @Async
        Coroutine<List<Integer>> allInTime() {
            List<Integer> values = new ArrayList<>();
            for (Coroutine<Integer> next : asCompleted(List.of(after(0.02, 2), after(0.01, 1)), 10)) {
                values.add(await(next));
            }
            return Coroutine.completed(values);
        }

        @Test
        void aTimeoutNotReachedChangesNothing() {
            assertEquals(List.of(1, 2), run(allInTime()));
        }

        @Test
        void aNaNTimeoutIsRefused() {
            assertThrows(IllegalArgumentException.class, () -> run(nanTimeout()));
        }

        @Async
        Coroutine<Void> nanTimeout() {
            asCompleted(List.of(after(0, 1)), Double.NaN);
            return Coroutine.completed();
        }
    }
}
