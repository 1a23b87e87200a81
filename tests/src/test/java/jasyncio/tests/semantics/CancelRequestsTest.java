package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.Timeout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.support.Outcomes.failureOf;
import static org.junit.jupiter.api.Assertions.*;

/**
 * How cancellation requests reach a task, as asyncio's {@code Task.cancel} / {@code __step} deliver them: however
 * many arrive in one iteration, the task is woken once; a request made while the task runs is thrown at its next
 * await whatever that await is; a task that returns with a request pending ends cancelled.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class CancelRequestsTest {
    private final List<String> log = new ArrayList<>();
    private final List<Map<String, Object>> reported = new ArrayList<>();

    private void reportErrorsToTheLog() {
        getRunningLoop().setExceptionHandler((loop, context) -> reported.add(context));
    }

    @Nested
    class TwoCancelsInOneIteration {
        @Async
        Coroutine<String> catchesTheCancellationThenAwaits(Future<String> f) {
            try {
                await(sleep(10));
            } catch (CancellationException e) {
                log.add("cancelled");
            }
            return Coroutine.completed(await(f));
        }

        /** Two timeouts expiring together do this: the task must be woken once, with one cancellation. */
        @Async
        Coroutine<String> cancelASleeperTwice() {
            reportErrorsToTheLog();
            Future<String> f = getRunningLoop().createFuture();
            Task<String> t = createTask(catchesTheCancellationThenAwaits(f));
            await(sleep(0));
            t.cancel();
            t.cancel();
            await(sleep(0));
            await(sleep(0));
            f.setResult("value");
            return Coroutine.completed(await(t));
        }

        @Test
        void aSleepingTaskCancelledTwiceIsWokenOnceAndItsLaterAwaitsGetTheirValues() {
            assertEquals("value", run(cancelASleeperTwice()));
            assertEquals(List.of("cancelled"), log);
            assertEquals(List.of(), reported);
        }

        @Async
        Coroutine<Integer> cancelTwiceThenCount() {
            Task<String> t = createTask(catchesTheCancellationThenAwaits(getRunningLoop().createFuture()));
            await(sleep(0));
            t.cancel();
            t.cancel();
            await(sleep(0));
            int requests = t.cancelling();
            t.cancel();
            await(failureOf(t));
            return Coroutine.completed(requests);
        }

        @Test
        void bothRequestsAreCounted() {
            assertEquals(2, run(cancelTwiceThenCount()));
        }
    }

    @Nested
    class ATaskCancellingItself {
        private boolean laterTimerFired;

        @Async
        Coroutine<Void> fireAfter(double seconds) {
            await(sleep(seconds));
            laterTimerFired = true;
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> cancelItselfThenSleep() {
            createTask(fireAfter(1));
            currentTask().cancel("self");
            try {
                await(sleep(5));
                return Coroutine.completed("slept");
            } catch (CancellationException e) {
                return Coroutine.completed(e.getMessage() + (laterTimerFired ? " after a second" : " at once"));
            }
        }

        @Test
        void seesTheCancellationAtItsNextSleepAtOnce() {
            assertEquals("self at once", run(cancelItselfThenSleep()));
        }

        @Async
        Coroutine<String> cancelItselfThenAwaitAFuture() {
            Future<String> never = getRunningLoop().createFuture();
            currentTask().cancel();
            try {
                await(never);
                return Coroutine.completed("returned");
            } catch (CancellationException e) {
                return Coroutine.completed("future cancelled=" + never.cancelled());
            }
        }

        @Test
        void cancelsTheFutureItThenAwaits() {
            assertEquals("future cancelled=true", run(cancelItselfThenAwaitAFuture()));
        }

        @Async
        Coroutine<String> cancelItselfInsideATimeoutScope() {
            Timeout[] scope = new Timeout[1];
            try {
                await(withTimeout(0.2, timeout -> {
                    scope[0] = timeout;
                    currentTask().cancel();
                    await(sleep(5));
                    return Coroutine.completed("slept");
                }));
                return Coroutine.completed("returned");
            } catch (AsyncTimeoutException e) {
                return Coroutine.completed("timed out");
            } catch (CancellationException e) {
                return Coroutine.completed("cancelled, expired=" + scope[0].expired());
            }
        }

        @Test
        void insideATimeoutScopeIsACancellationNotAnExpiry() {
            assertEquals("cancelled, expired=false", run(cancelItselfInsideATimeoutScope()));
        }

        @Async
        Coroutine<String> cancelsItselfAndReturns() {
            currentTask().cancel("changed its mind");
            return Coroutine.completed("result");
        }

        @Async
        Coroutine<String> awaitATaskThatCancelsItselfAndReturns() {
            Task<String> t = createTask(cancelsItselfAndReturns());
            Throwable thrown = await(failureOf(t));
            return Coroutine.completed(t.cancelled() + " " + thrown);
        }

        @Test
        void andThenReturnsEndsCancelled() {
            assertEquals("true java.util.concurrent.CancellationException: changed its mind",
                    run(awaitATaskThatCancelsItselfAndReturns()));
        }

        @Async
        Coroutine<String> cancelsAndUncancelsItself() {
            Task<?> self = currentTask();
            self.cancel();
            self.uncancel();
            await(sleep(0));
            return Coroutine.completed("result " + self.cancelling());
        }

        @Test
        void andWithdrawsTheRequestCarriesOnAndEndsWithItsResult() {
            assertEquals("result 0", run(cancelsAndUncancelsItself()));
        }
    }
}
