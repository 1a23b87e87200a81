package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code task.cancel()} throws {@code CancellationException} at the task's await point. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationTest {
    private final List<String> log = new ArrayList<>();
    private CancellationException seenByTask;
    /** The source line of the await in {@link #sleepLong()}. */
    private int sleepLongAwaitLine;

    private static int line() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    @Async
    Coroutine<String> sleepLong() {
        try {
            sleepLongAwaitLine = line(); await(sleep(10));
            return Coroutine.completed("slept");
        } catch (CancellationException e) {
            seenByTask = e;
            throw e;
        } finally {
            log.add("finally");
        }
    }

    /** Awaits {@code task} and returns the CancellationException it threw (null if none). */
    @Async
    Coroutine<CancellationException> cancellationOf(Future<?> task) {
        try {
            await(task);
        } catch (CancellationException e) {
            return Coroutine.completed(e);
        }
        return Coroutine.completed(null);
    }

    @Async
    Coroutine<CancellationException> cancelSleeper(String message) {
        Task<String> task = createTask(sleepLong());
        await(sleep(0));
        assertTrue(message == null ? task.cancel() : task.cancel(message));
        assertFalse(task.done(), "the task sees the cancellation on its next step");
        CancellationException awaited = await(cancellationOf(task));
        assertTrue(task.cancelled());
        return Coroutine.completed(awaited);
    }

    @Test
    void cancelThrowsCancellationExceptionAtTheAwaitPoint() {
        CancellationException awaited = run(cancelSleeper(null));
        assertNotNull(seenByTask, "the task saw the exception at its await");
        assertNotNull(awaited, "awaiting a cancelled task throws CancellationException");
        assertEquals(List.of("finally"), log);
    }

    @Test
    void cancelWithAMessageCarriesIt() {
        CancellationException awaited = run(cancelSleeper("stop now"));
        assertEquals("stop now", seenByTask.getMessage());
        assertEquals("stop now", awaited.getMessage());
    }

    @Async
    Coroutine<Integer> awaitFuture(Future<Integer> future) {
        return Coroutine.completed(await(future));
    }

    @Async
    Coroutine<Boolean> cancelTaskAwaitingAFuture() {
        Future<Integer> future = getRunningLoop().createFuture();
        Task<Integer> task = createTask(awaitFuture(future));
        await(sleep(0));
        task.cancel();
        await(cancellationOf(task));
        return Coroutine.completed(future.cancelled());
    }

    @Test
    void cancellingATaskCancelsTheFutureItAwaits() {
        assertTrue(run(cancelTaskAwaitingAFuture()));
    }

    @Async
    Coroutine<List<Boolean>> cancelTaskAwaitingATask() {
        Task<String> inner = createTask(sleepLong());
        Task<String> outer = createTask(awaitTaskOf(inner));
        await(sleep(0));
        outer.cancel();
        await(cancellationOf(outer));
        await(cancellationOf(inner));
        return Coroutine.completed(List.of(outer.cancelled(), inner.cancelled()));
    }

    @Async
    Coroutine<String> awaitTaskOf(Task<String> inner) {
        return Coroutine.completed(await(inner));
    }

    @Test
    void cancellingATaskAwaitingATaskCancelsBoth() {
        assertEquals(List.of(true, true), run(cancelTaskAwaitingATask()));
        assertEquals(List.of("finally"), log);
    }

    @Async
    Coroutine<Void> nestedSleeper() {
        try {
            await(sleepLong());
        } finally {
            log.add("outer finally");
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<Boolean> cancelNested() {
        Task<Void> task = createTask(nestedSleeper());
        await(sleep(0));
        task.cancel();
        await(cancellationOf(task));
        return Coroutine.completed(task.cancelled());
    }

    @Test
    void cancellationUnwindsNestedCoroutinesInnermostFirst() {
        assertTrue(run(cancelNested()));
        assertEquals(List.of("finally", "outer finally"), log);
    }

    @Async
    Coroutine<String> stubborn() {
        try {
            await(sleep(10));
        } catch (CancellationException e) {
            log.add("ignored " + e.getMessage());
        }
        await(sleep(0));
        return Coroutine.completed("carried on");
    }

    @Async
    Coroutine<String> cancelStubborn() {
        Task<String> task = createTask(stubborn());
        await(sleep(0));
        task.cancel("please");
        String value = await(task);
        assertFalse(task.cancelled());
        return Coroutine.completed(value);
    }

    @Test
    void aCoroutineCatchingCancellationCarriesOnAndTheTaskIsNotCancelled() {
        assertEquals("carried on", run(cancelStubborn()));
        assertEquals(List.of("ignored please"), log);
    }

    @Async
    Coroutine<Void> neverStarts() {
        log.add("started");
        await(sleep(0));
        return Coroutine.completed();
    }

    @Async
    Coroutine<CancellationException> cancelBeforeFirstStep() {
        Task<Void> task = createTask(neverStarts());
        assertTrue(task.cancel());
        CancellationException e = await(cancellationOf(task));
        assertTrue(task.cancelled());
        return Coroutine.completed(e);
    }

    @Test
    void aTaskCancelledBeforeItsFirstStepNeverRuns() {
        assertNotNull(run(cancelBeforeFirstStep()));
        assertEquals(List.of(), log);
    }

    @Async
    Coroutine<CancellationException> cancelSelf() {
        currentTask().cancel();
        log.add("still running");
        try {
            await(sleep(0));
        } catch (CancellationException e) {
            return Coroutine.completed(e);
        }
        return Coroutine.completed(null);
    }

    @Test
    void aTaskCancellingItselfSeesItAtItsNextAwait() {
        assertNotNull(run(cancelSelf()));
        assertEquals(List.of("still running"), log);
    }

    @Async
    Coroutine<Integer> quick() {
        return Coroutine.completed(42);
    }

    @Async
    Coroutine<Boolean> cancelDoneTask() {
        Task<Integer> task = createTask(quick());
        await(task);
        boolean cancelled = task.cancel();
        assertFalse(task.cancelled());
        assertEquals(42, task.result());
        return Coroutine.completed(cancelled);
    }

    @Test
    void cancellingADoneTaskReturnsFalse() {
        assertFalse(run(cancelDoneTask()));
    }

    @Async
    Coroutine<Void> cancelledTaskResultAndException() {
        Task<String> task = createTask(sleepLong());
        await(sleep(0));
        task.cancel();
        await(cancellationOf(task));
        assertThrows(CancellationException.class, task::result);
        assertThrows(CancellationException.class, task::exception);
        return Coroutine.completed();
    }

    @Test
    void resultAndExceptionOfACancelledTaskThrowCancellationException() {
        run(cancelledTaskResultAndException());
    }

    @Async
    Coroutine<List<String>> describeTasks() {
        List<String> texts = new ArrayList<>();
        Task<String> sleeper = createTask(sleepLong(), "x");
        texts.add(sleeper.toString());
        await(sleep(0));
        texts.add(sleeper.toString());
        sleeper.cancel();
        await(cancellationOf(sleeper));
        texts.add(sleeper.toString());
        Task<Integer> done = createTask(quick(), "q");
        await(done);
        texts.add(done.toString());
        return Coroutine.completed(texts);
    }

    @Test
    void taskToStringHasAsyncioShape() {
        List<String> texts = run(describeTasks());
        String cls = "CancellationTest";
        assertTrue(texts.get(0).matches("<Task pending name='x' coro=<" + cls + "\\.sleepLong\\(\\) running at "
                + cls + "\\.java:\\d+>>"), texts.get(0));
        assertEquals("<Task pending name='x' coro=<" + cls + ".sleepLong() running at " + cls + ".java:"
                + sleepLongAwaitLine + ">>", texts.get(1));
        assertTrue(texts.get(2).matches("<Task cancelled name='x' coro=<" + cls + "\\.sleepLong\\(\\) done"
                + "(, defined at " + cls + "\\.java:\\d+)?>>"), texts.get(2));
        assertTrue(texts.get(3).matches("<Task finished name='q' coro=<" + cls + "\\.quick\\(\\) done"
                + "(, defined at " + cls + "\\.java:\\d+)?> result=42>"), texts.get(3));
    }

    @Async
    Coroutine<List<Object>> namesAndCoro() {
        List<Object> facts = new ArrayList<>();
        Coroutine<Integer> coro = quick();
        Task<Integer> first = createTask(coro);
        Task<Integer> second = createTask(quick());
        Task<Integer> named = createTask(quick(), "worker");
        facts.add(first.getName());
        facts.add(second.getName());
        facts.add(named.getName());
        named.setName("renamed");
        facts.add(named.getName());
        facts.add(first.getCoro() == coro);
        Coroutine<Void> notAFrame = sleep(0.001); // a runtime coroutine, not an @Async method's frame
        Task<Void> sleeper = createTask(notAFrame);
        facts.add(sleeper.getCoro() == notAFrame);
        await(gather(first, second, named, sleeper));
        return Coroutine.completed(facts);
    }

    @Test
    void tasksHaveNamesAndTheirCoroutine() {
        List<Object> facts = run(namesAndCoro());
        String first = (String) facts.get(0);
        String second = (String) facts.get(1);
        assertTrue(first.matches("Task-\\d+"), first);
        assertTrue(second.matches("Task-\\d+"), second);
        assertTrue(Long.parseLong(second.substring(5)) > Long.parseLong(first.substring(5)),
                "default names number tasks in creation order: " + first + ", " + second);
        assertEquals("worker", facts.get(2));
        assertEquals("renamed", facts.get(3));
        assertEquals(true, facts.get(4));
        assertEquals(true, facts.get(5), "a task gives back the coroutine it was given, whatever its kind");
    }


    @Async
    Coroutine<Void> spinner() {
        for (;;) {
            log.add("spin");
            await(sleep(0));
        }
    }

    @Async
    Coroutine<Boolean> cancelSpinner() {
        Task<Void> task = createTask(spinner());
        await(sleep(0));
        await(sleep(0));
        task.cancel();
        await(cancellationOf(task));
        return Coroutine.completed(task.cancelled());
    }

    @Test
    void aTaskYieldingWithSleepZeroIsCancelledAtThatYield() {
        assertTrue(run(cancelSpinner()));
        assertEquals(List.of("spin", "spin"), log);
    }

    @Async
    Coroutine<Void> mainCancelsItself() {
        currentTask().cancel("main gives up");
        await(sleep(0));
        return Coroutine.completed();
    }

    @Test
    void runOfACancelledMainThrowsCancellationException() {
        assertEquals("main gives up",
                assertThrows(CancellationException.class, () -> run(mainCancelsItself())).getMessage());
    }

    @Async
    Coroutine<Integer> failing() {
        await(sleep(0));
        throw new IllegalStateException("boom");
    }

    @Async
    Coroutine<String> describeFailedTask() {
        Task<Integer> task = createTask(failing(), "f");
        try {
            await(task);
        } catch (IllegalStateException expected) {
            log.add("failed");
        }
        return Coroutine.completed(task.toString());
    }

    @Test
    void taskToStringShowsTheException() {
        String text = run(describeFailedTask());
        assertTrue(text.matches("<Task finished name='f' coro=<CancellationTest\\.failing\\(\\) done"
                + "(, defined at CancellationTest\\.java:\\d+)?> exception=.*boom.*>"), text);
    }
}
