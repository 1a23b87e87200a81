package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** asyncio.Future: states, results, and done callbacks that are always scheduled, never run inline. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FutureTest {
    private final EventLoop loop = newEventLoop();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void runBriefly() {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    @Test
    void aPendingFutureHasNoResultYet() {
        Future<Integer> future = loop.createFuture();
        assertFalse(future.done());
        assertFalse(future.cancelled());
        assertThrows(IllegalStateException.class, future::result);
        assertThrows(IllegalStateException.class, future::exception);
    }

    @Test
    void aFutureIsCompletedOnce() {
        Future<Integer> future = loop.createFuture();
        future.setResult(1);
        assertTrue(future.done());
        assertEquals(1, future.result());
        assertNull(future.exception());
        assertThrows(IllegalStateException.class, () -> future.setResult(2));
        assertThrows(IllegalStateException.class, () -> future.setException(new RuntimeException()));
        assertFalse(future.cancel());
        assertEquals(1, future.result());
    }

    @Test
    void aFailedFutureRethrowsTheSameInstance() {
        RuntimeException boom = new RuntimeException("boom");
        Future<Integer> future = loop.createFuture();
        future.setException(boom);
        assertSame(boom, future.exception());
        assertSame(boom, assertThrows(RuntimeException.class, future::result));
    }

    @Test
    void aCancelledFutureThrowsCancellationExceptionWithItsMessage() {
        Future<Integer> future = loop.createFuture();
        assertTrue(future.cancel("why"));
        assertTrue(future.done());
        assertTrue(future.cancelled());
        assertFalse(future.cancel());
        assertEquals("why", assertThrows(CancellationException.class, future::result).getMessage());
        assertThrows(CancellationException.class, future::exception);
    }

    @Test
    void doneCallbacksAreScheduledInOrderNeverInline() {
        Future<Integer> future = loop.createFuture();
        future.addDoneCallback(f -> log.add("first " + f.result()));
        future.addDoneCallback(f -> log.add("second"));
        future.setResult(5);
        future.addDoneCallback(f -> log.add("added when done"));
        assertEquals(List.of(), log, "callbacks must not run inline");
        runBriefly();
        assertEquals(List.of("first 5", "second", "added when done"), log);
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistration() {
        Future<Integer> future = loop.createFuture();
        Consumer<Future<Integer>> twice = f -> log.add("removed");
        future.addDoneCallback(twice);
        future.addDoneCallback(f -> log.add("kept"));
        future.addDoneCallback(twice);
        assertEquals(2, future.removeDoneCallback(twice));
        assertEquals(0, future.removeDoneCallback(twice));
        Consumer<Future<Integer>> alone = f -> log.add("alone");
        Future<Integer> other = loop.createFuture();
        other.addDoneCallback(alone);
        assertEquals(1, other.removeDoneCallback(alone), "the only callback");
        assertEquals(0, other.removeDoneCallback(alone));
        future.setResult(0);
        runBriefly();
        assertEquals(List.of("kept"), log);
    }

    @Test
    void cancellingAFutureRunsItsCallbacks() {
        Future<Integer> future = loop.createFuture();
        future.addDoneCallback(f -> log.add("cancelled=" + f.cancelled()));
        future.cancel();
        runBriefly();
        assertEquals(List.of("cancelled=true"), log);
    }

    @Async
    Coroutine<Integer> awaitForeign(Future<Integer> foreign) {
        return Coroutine.completed(await(foreign));
    }

    @Test
    void awaitingAFutureOfAnotherLoopThrowsIllegalState() {
        Future<Integer> foreign = loop.createFuture();
        assertThrows(IllegalStateException.class, () -> run(awaitForeign(foreign)));
    }
}
