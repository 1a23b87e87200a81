package jasyncio.tests.semantics;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.ReturnWhen;
import jasyncio.Task;
import jasyncio.TimerHandle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Delays at the edges: an infinite or huge one waits (for ever, in practice) without disturbing the other timers,
 * a negative one is due at once, and NaN, which no clock reaches, is refused where it is given.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DelayLimitsTest {
    private final List<String> log = new ArrayList<>();

    @Nested
    class HugeDelays {
        /** A task sleeping {@code seconds} must not hold up a short sleep beside it. */
        @Async
        Coroutine<List<Boolean>> sleepBeside(double seconds) {
            Task<Void> sleeper = createTask(sleep(seconds));
            await(sleep(0.05));
            List<Boolean> facts = new ArrayList<>();
            facts.add(sleeper.done());
            sleeper.cancel();
            try {
                await(sleeper);
            } catch (CancellationException expected) {
                facts.add(sleeper.cancelled());
            }
            return Coroutine.completed(facts);
        }

        @ParameterizedTest
        @ValueSource(doubles = {Double.POSITIVE_INFINITY, Double.MAX_VALUE, 1e12, 9.3e9})
        void aSleepThatLongWaitsUntilCancelledAndOtherTimersStillFire(double seconds) {
            assertEquals(List.of(false, true), run(sleepBeside(seconds)));
        }

        @Async
        Coroutine<Void> sleepALongDuration() {
            Task<Void> sleeper = createTask(sleep(Duration.ofSeconds(Long.MAX_VALUE)));
            await(sleep(0.02));
            log.add("done=" + sleeper.done());
            sleeper.cancel();
            return Coroutine.completed();
        }

        @Test
        void theLongestDurationSleepsLikeInfinity() {
            run(sleepALongDuration());
            assertEquals(List.of("done=false"), log);
        }

        @Async
        Coroutine<List<Double>> scheduleFarAway(double delay) {
            EventLoop loop = getRunningLoop();
            TimerHandle later = loop.callLater(delay, () -> log.add("far callLater"));
            TimerHandle at = loop.callAt(delay, () -> log.add("far callAt"));
            loop.callLater(0.02, () -> log.add("near"));
            await(sleep(0.05));
            later.cancel();
            at.cancel();
            return Coroutine.completed(List.of(later.when(), at.when()));
        }

        @ParameterizedTest
        @ValueSource(doubles = {Double.POSITIVE_INFINITY, 1e12, 1e300})
        void callLaterAndCallAtThatFarAwayLeaveNearerTimersRunning(double delay) {
            List<Double> when = run(scheduleFarAway(delay));
            assertEquals(List.of("near"), log);
            assertTrue(when.get(0) >= 1e9 && when.get(1) >= 1e9, "due far away: " + when);
        }

        @Async
        Coroutine<Double> whenOfAnInfiniteTimer() {
            TimerHandle timer = getRunningLoop().callLater(Double.POSITIVE_INFINITY, () -> { });
            timer.cancel();
            return Coroutine.completed(timer.when());
        }

        @Test
        void anInfiniteTimerIsDueAtInfinity() {
            assertEquals(Double.POSITIVE_INFINITY, run(whenOfAnInfiniteTimer()));
        }
    }

    @Nested
    class NegativeDelays {
        @Async
        Coroutine<Void> negativeDelays() {
            EventLoop loop = getRunningLoop();
            Future<Void> called = loop.createFuture();
            loop.callLater(-5, () -> called.setResult(null));
            await(sleep(-1));
            log.add("slept");
            await(called);
            log.add("called");
            return Coroutine.completed();
        }

        /** asyncio: {@code sleep(delay <= 0)} yields once; {@code call_later} with a past delay runs soon. */
        @Test
        void areDueAtOnce() {
            run(negativeDelays());
            assertEquals(List.of("slept", "called"), log);
        }

        @Async
        Coroutine<String> scopeWithNoTimeAtAll() {
            try {
                await(withTimeout(Double.NEGATIVE_INFINITY, () -> {
                    await(sleep(5));
                    return Coroutine.completed();
                }));
                return Coroutine.completed("no timeout");
            } catch (AsyncTimeoutException e) {
                return Coroutine.completed("timed out");
            }
        }

        /** asyncio's {@code timeout(-inf)}: a deadline in the past, not "no deadline" (only +inf is that). */
        @Test
        void aTimeoutScopeOfMinusInfinityExpiresAtOnce() {
            assertEquals("timed out", run(scopeWithNoTimeAtAll()));
        }
    }

    @Nested
    class NotANumber {
        @Async
        Coroutine<List<String>> refusals() {
            EventLoop loop = getRunningLoop();
            List<String> messages = new ArrayList<>();
            messages.add(assertThrows(IllegalArgumentException.class, () -> sleep(Double.NaN)).getMessage());
            messages.add(assertThrows(IllegalArgumentException.class,
                    () -> loop.callLater(Double.NaN, () -> { })).getMessage());
            messages.add(assertThrows(IllegalArgumentException.class,
                    () -> loop.callAt(Double.NaN, () -> { })).getMessage());
            messages.add(assertThrows(IllegalArgumentException.class,
                    () -> withTimeout(Double.NaN, () -> Coroutine.completed())).getMessage());
            messages.add(await(withTimeout(10, timeout -> Coroutine.completed(assertThrows(
                    IllegalArgumentException.class, () -> timeout.reschedule(Double.NaN)).getMessage()))));
            try {
                await(waitUntil(List.of(sleep(0)), ReturnWhen.ALL_COMPLETED, Double.NaN));
                messages.add("waitUntil accepted NaN");
            } catch (IllegalArgumentException e) {
                messages.add(e.getMessage());
            }
            return Coroutine.completed(messages);
        }

        /** asyncio 3.13: {@code ValueError: Invalid delay: NaN (not a number)}. */
        @Test
        void isRefusedWithAMessageNamingTheCall() {
            List<String> messages = run(refusals());
            assertTrue(messages.get(0).contains("sleep") && messages.get(0).contains("NaN"), messages.get(0));
            assertTrue(messages.get(1).contains("callLater") && messages.get(1).contains("NaN"), messages.get(1));
            assertTrue(messages.get(2).contains("callAt") && messages.get(2).contains("NaN"), messages.get(2));
            assertTrue(messages.get(3).contains("withTimeout") && messages.get(3).contains("NaN"), messages.get(3));
            assertTrue(messages.get(4).contains("reschedule") && messages.get(4).contains("NaN"), messages.get(4));
            assertTrue(messages.get(5).contains("waitUntil") && messages.get(5).contains("NaN"), messages.get(5));
        }
    }
}
