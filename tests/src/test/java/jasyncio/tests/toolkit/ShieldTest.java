package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static jasyncio.tests.support.Outcomes.failureOf;

/** {@code shield} protects the inner work from the cancellation of whoever awaits it. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShieldTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> work(double seconds, String value) {
        try {
            await(sleep(seconds));
        } catch (CancellationException e) {
            log.add("work cancelled");
            throw e;
        }
        log.add("work finished");
        return Coroutine.completed(value);
    }

    /** What awaiting {@code awaitable} throws (assertThrows cannot take an await: its lambda is no coroutine). */
    @Async
    Coroutine<String> awaitShielded(Future<String> inner) {
        try {
            return Coroutine.completed(await(shield(inner)));
        } catch (CancellationException e) {
            log.add("outer cancelled");
            throw e;
        }
    }

    @Async
    Coroutine<String> cancelTheOuterTask() {
        Task<String> inner = createTask(work(0.2, "inner result"));
        Task<String> outer = createTask(awaitShielded(inner));
        await(sleep(0));
        outer.cancel();
        assertInstanceOf(CancellationException.class, await(failureOf(outer)));
        assertTrue(outer.cancelled());
        assertFalse(inner.done(), "the inner work keeps running");
        return Coroutine.completed(await(inner));
    }

    @Test
    void cancellingTheOuterTaskLeavesTheInnerRunning() {
        assertEquals("inner result", run(cancelTheOuterTask()));
        assertEquals(List.of("outer cancelled", "work finished"), log);
    }

    /** The asyncio docs' pattern: {@code try: res = await shield(something()) except CancelledError: res = None}. */
    @Async
    Coroutine<String> docsPattern() {
        String res;
        try {
            res = await(shield(work(0.2, "something")));
        } catch (CancellationException e) {
            res = null;
        }
        return Coroutine.completed(res);
    }

    @Async
    Coroutine<String> cancelTheDocsPattern() {
        Task<String> task = createTask(docsPattern());
        await(sleep(0));
        task.cancel();
        String outcome = await(task);
        await(sleep(0.3));
        return Coroutine.completed(outcome);
    }

    @Test
    void aShieldedCoroutineIsWrappedInATaskThatOutlivesTheCancel() {
        assertNull(run(cancelTheDocsPattern()), "the awaiter caught its cancellation");
        assertEquals(List.of("work finished"), log);
    }

    @Async
    Coroutine<Void> cancelTheShieldFuture() {
        Task<String> inner = createTask(work(0.01, "inner"));
        Future<String> shielded = shield(inner);
        assertNotSame(inner, shielded);
        assertTrue(shielded.cancel());
        assertTrue(shielded.cancelled());
        assertEquals("inner", await(inner));
        return Coroutine.completed();
    }

    @Test
    void cancellingTheShieldFutureDoesNotCancelTheInner() {
        run(cancelTheShieldFuture());
        assertEquals(List.of("work finished"), log);
    }

    @Async
    static Coroutine<String> failing(RuntimeException error) {
        await(sleep(0));
        throw error;
    }

    @Async
    Coroutine<Void> outcomesPassThrough() {
        assertEquals("value", await(shield(work(0, "value"))));
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, await(failureOf(shield(failing(boom)))));
        Task<String> inner = createTask(work(10, "never"));
        Future<String> shielded = shield(inner);
        await(sleep(0));
        inner.cancel();
        assertInstanceOf(CancellationException.class, await(failureOf(shielded)), "an inner cancellation reaches the outer");
        return Coroutine.completed();
    }

    @Test
    void resultsFailuresAndInnerCancellationsPassThrough() {
        run(outcomesPassThrough());
    }

    @Async
    static Coroutine<Boolean> shieldADoneFuture() {
        Future<String> done = getRunningLoop().createFuture();
        done.setResult("done");
        return Coroutine.completed(shield(done) == done);
    }

    @Test
    void aDoneFutureIsReturnedAsItIs() {
        assertTrue(run(shieldADoneFuture()));
    }

    @Async
    Coroutine<Void> innerFailsAfterTheOuterWasCancelled() {
        Future<String> shielded = shield(failing(new IllegalStateException("late failure")));
        shielded.cancel();
        await(sleep(0.02));
        return Coroutine.completed();
    }

    /**
     * As in asyncio (whose outer done callback detaches the inner one): once the outer is cancelled nobody
     * awaits the inner work, so its later failure is reported to the loop rather than lost.
     */
    @Test
    void aLateFailureOfWorkNobodyAwaitsIsReportedAsUnretrieved() {
        List<Map<String, Object>> reports = new ArrayList<>();
        EventLoop loop = newEventLoop();
        loop.setExceptionHandler((l, context) -> reports.add(context));
        try {
            loop.runUntilComplete(innerFailsAfterTheOuterWasCancelled());
        } finally {
            loop.close();
        }
        assertEquals(1, reports.size());
        assertEquals("late failure", ((Throwable) reports.get(0).get("exception")).getMessage());
    }
}
