package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.TaskGroupException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.support.Outcomes.failAfter;
import static org.junit.jupiter.api.Assertions.*;

/** {@code race}: the first success wins, the losers are cancelled and awaited, all failing gives every failure. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RaceTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> after(double seconds, String value) {
        try {
            await(sleep(seconds));
        } catch (CancellationException e) {
            log.add(value + " cancelled");
            await(sleep(0)); // unwinding takes a turn of the loop: race must wait for it
            log.add(value + " unwound");
            throw e;
        }
        return Coroutine.completed(value);
    }

    @Nested
    class FirstSuccess {
        @Async
        Coroutine<String> fastWins() {
            String winner = await(race(after(10, "slow"), after(0.01, "fast"), after(20, "slower")));
            log.add("race returned " + winner);
            return Coroutine.completed(winner);
        }

        @Test
        void theFirstToSucceedWinsAndTheLosersHaveUnwoundBeforeRaceReturns() {
            assertEquals("fast", run(fastWins()));
            assertEquals(List.of("slow cancelled", "slower cancelled", "slow unwound", "slower unwound",
                    "race returned fast"), log);
        }

        @Async
        Coroutine<String> failureThenSuccess() {
            return race(failAfter(0, new IllegalStateException("early failure")), after(0.02, "late success"));
        }

        @Test
        void anEarlierFailureDoesNotEndTheRace() {
            assertEquals("late success", run(failureThenSuccess()));
        }

        @Async
        Coroutine<Integer> doneFutureWins() {
            Future<Integer> done = getRunningLoop().createFuture();
            done.setResult(7);
            Task<Integer> pending = createTask(never());
            int winner = await(race(List.of(pending, done)));
            assertTrue(pending.cancelled(), "a task given to race is cancelled when it loses");
            return Coroutine.completed(winner);
        }

        @Async
        Coroutine<Integer> never() {
            await(getRunningLoop().<Void>createFuture());
            return Coroutine.completed(0);
        }

        @Test
        void aDoneFutureWinsAndAGivenTaskIsCancelled() {
            assertEquals(7, run(doneFutureWins()));
        }
    }

    @Nested
    class AllFailing {
        @Async
        Coroutine<String> allFail() {
            return race(failAfter(0.02, new IllegalStateException("second")),
                    failAfter(0.01, new IllegalArgumentException("first")));
        }

        @Test
        void everyFailureIsReportedInTheOrderTheyHappened() {
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> run(allFail()));
            assertEquals(List.of("first", "second"), e.getExceptions().stream().map(Throwable::getMessage).toList());
            assertEquals(2, e.getSuppressed().length, "a stack trace shows them all");
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
        }

        @Test
        void noContenderIsRefused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(emptyRace()));
            assertTrue(e.getMessage().contains("race needs at least one"), e.getMessage());
        }

        @Async
        Coroutine<Object> emptyRace() {
            return race(List.of());
        }
    }

    @Nested
    class CallerCancelled {
        @Async
        Coroutine<Void> cancelAndWait() {
            Task<String> racing = createTask(race(after(10, "a"), after(10, "b")));
            await(sleep(0.01));
            racing.cancel();
            try {
                await(racing);
                fail("the race was cancelled");
            } catch (CancellationException expected) {
                log.add("caller saw its cancellation");
            }
            return Coroutine.completed();
        }

        @Test
        void cancellingTheCallerCancelsAndAwaitsEveryContender() {
            run(cancelAndWait());
            assertEquals(List.of("a cancelled", "b cancelled", "a unwound", "b unwound", "caller saw its cancellation"),
                    log);
        }
    }
}
