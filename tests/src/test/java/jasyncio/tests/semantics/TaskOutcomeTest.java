package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.support.Outcomes.failureOf;
import static org.junit.jupiter.api.Assertions.*;

/** A task's outcome is its coroutine's: nobody else sets it, and awaiting it gives what the coroutine threw. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskOutcomeTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> slowValue() {
        await(sleep(0));
        log.add("ran");
        return Coroutine.completed("own");
    }

    @Nested
    class OnlyTheCoroutineCompletesATask {
        /** asyncio: {@code RuntimeError('Task does not support set_result operation')}. */
        @Async
        Coroutine<List<String>> trySettingTheOutcome() {
            Task<String> t = createTask(slowValue());
            List<String> seen = new ArrayList<>();
            seen.add(assertThrows(UnsupportedOperationException.class, () -> t.setResult("forced")).getMessage());
            seen.add(assertThrows(UnsupportedOperationException.class,
                    () -> t.setException(new RuntimeException("forced"))).getMessage());
            seen.add(await(t));
            return Coroutine.completed(seen);
        }

        @Test
        void setResultAndSetExceptionAreRefusedAndTheCoroutineStillRuns() {
            List<String> seen = run(trySettingTheOutcome());
            assertTrue(seen.get(0).contains("setResult"), seen.get(0));
            assertTrue(seen.get(1).contains("setException"), seen.get(1));
            assertEquals("own", seen.get(2));
            assertEquals(List.of("ran"), log);
        }
    }

    @Nested
    class AwaitingRethrowsTheSameException {
        private final IllegalStateException boom = new IllegalStateException("boom");
        private final CancellationException ownCancellation = new CancellationException("own");
        private CancellationException seenInside;

        @Async
        Coroutine<String> failsWith(RuntimeException error) {
            await(sleep(0));
            throw error;
        }

        @Async
        Coroutine<List<Throwable>> awaitTwice(RuntimeException error) {
            Task<String> t = createTask(failsWith(error));
            List<Throwable> seen = new ArrayList<>();
            seen.add(await(failureOf(t)));
            seen.add(await(failureOf(t)));
            return Coroutine.completed(seen);
        }

        @Test
        void aFailureIsTheObjectTheCoroutineThrew() {
            List<Throwable> seen = run(awaitTwice(boom));
            assertSame(boom, seen.get(0));
            assertSame(boom, seen.get(1));
        }

        @Test
        void aCancellationTheCoroutineThrewIsThatObject() {
            List<Throwable> seen = run(awaitTwice(ownCancellation));
            assertSame(ownCancellation, seen.get(0));
            assertSame(ownCancellation, seen.get(1));
        }

        @Async
        Coroutine<String> sleepsAndRecords() {
            try {
                await(sleep(10));
            } catch (CancellationException e) {
                seenInside = e;
                throw e;
            }
            return Coroutine.completed("slept");
        }

        @Async
        Coroutine<Throwable> cancelAndAwait() {
            Task<String> t = createTask(sleepsAndRecords());
            await(sleep(0));
            t.cancel("stop");
            return Coroutine.completed(await(failureOf(t)));
        }

        @Test
        void aCancelledTaskRethrowsTheCancellationItsCoroutineEndedWith() {
            Throwable awaited = run(cancelAndAwait());
            assertSame(seenInside, awaited);
            assertEquals("stop", awaited.getMessage());
        }
    }
}
