package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Calling an {@code @Async} method runs nothing; a coroutine runs once, when awaited or wrapped in a task. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LazyCoroutinesTest {
    private int counter;
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Integer> bump() {
        counter++;
        await(sleep(0));
        return Coroutine.completed(counter);
    }

    /** No await at all: still a coroutine, still lazy. */
    @Async
    Coroutine<Void> record(String event) {
        log.add(event);
        return Coroutine.completed();
    }

    @Test
    void callingAnAsyncMethodRunsNothing() {
        Coroutine<Integer> coro = bump();
        assertEquals(0, counter);
        assertEquals(1, run(coro));
    }

    @Test
    void callingAnAsyncMethodWithoutAwaitRunsNothing() {
        Coroutine<Void> coro = record("ran");
        assertEquals(List.of(), log);
        run(coro);
        assertEquals(List.of("ran"), log);
    }

    @Async
    Coroutine<List<Integer>> createThenAwaitLater() {
        List<Integer> seen = new ArrayList<>();
        Coroutine<Integer> coro = bump();
        await(sleep(0));
        seen.add(counter);
        seen.add(await(coro));
        seen.add(counter);
        return Coroutine.completed(seen);
    }

    @Test
    void aCoroutineRunsOnlyWhenAwaited() {
        assertEquals(List.of(0, 1, 1), run(createThenAwaitLater()));
    }

    @Async
    Coroutine<List<String>> createTaskAmongCallbacks() {
        getRunningLoop().callSoon(() -> log.add("soon-1"));
        createTask(record("task"));
        getRunningLoop().callSoon(() -> log.add("soon-2"));
        log.add("after-createTask");
        await(sleep(0));
        return Coroutine.completed(new ArrayList<>(log));
    }

    @Test
    void createTaskSchedulesTheFirstStepFifoAndNotInline() {
        assertEquals(List.of("after-createTask", "soon-1", "task", "soon-2"), run(createTaskAmongCallbacks()));
    }

    @Async
    Coroutine<IllegalStateException> awaitTwice() {
        Coroutine<Integer> coro = bump();
        await(coro);
        try {
            await(coro);
        } catch (IllegalStateException expected) {
            return Coroutine.completed(expected);
        }
        return Coroutine.completed(null);
    }

    @Test
    void awaitingACoroutineTwiceThrowsIllegalState() {
        IllegalStateException error = run(awaitTwice());
        assertNotNull(error, "the second await must throw IllegalStateException");
        assertEquals(1, counter, "the body ran once");
    }

    @Async
    Coroutine<IllegalStateException> awaitWrapped() {
        Coroutine<Integer> coro = bump();
        Task<Integer> task = createTask(coro);
        try {
            await(coro);
        } catch (IllegalStateException expected) {
            await(task);
            return Coroutine.completed(expected);
        }
        return Coroutine.completed(null);
    }

    @Test
    void awaitingACoroutineAlreadyWrappedInATaskThrowsIllegalState() {
        IllegalStateException error = run(awaitWrapped());
        assertNotNull(error, "awaiting a coroutine a task owns must throw IllegalStateException");
        assertEquals(1, counter, "only the task ran the body");
    }

    @Async
    Coroutine<IllegalStateException> wrapTwice() {
        Coroutine<Integer> coro = bump();
        Task<Integer> task = createTask(coro);
        try {
            createTask(coro);
        } catch (IllegalStateException expected) {
            await(task);
            return Coroutine.completed(expected);
        }
        return Coroutine.completed(null);
    }

    @Test
    void wrappingACoroutineInTwoTasksThrowsIllegalState() {
        assertNotNull(run(wrapTwice()));
        assertEquals(1, counter);
    }

    @Async
    Coroutine<IllegalStateException> awaitThenWrap() {
        Coroutine<Integer> coro = bump();
        await(coro);
        try {
            createTask(coro);
        } catch (IllegalStateException expected) {
            return Coroutine.completed(expected);
        }
        return Coroutine.completed(null);
    }

    /** A task made on the running loop's thread claims its coroutine with a plain write, which still sees an await's. */
    @Test
    void wrappingACoroutineAlreadyAwaitedThrowsIllegalState() {
        IllegalStateException error = run(awaitThenWrap());
        assertNotNull(error, "wrapping an awaited coroutine in a task must throw IllegalStateException");
        assertTrue(error.getMessage().contains("already awaited"), error.getMessage());
        assertEquals(1, counter);
    }
}
