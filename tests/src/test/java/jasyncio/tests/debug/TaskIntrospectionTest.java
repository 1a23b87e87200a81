package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.queues.Queue;
import jasyncio.sync.Condition;
import jasyncio.sync.Event;
import jasyncio.sync.Lock;
import jasyncio.sync.Semaphore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.shield;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task tells where it is suspended (its await chain, file and line) and what it waits for. */
@Timeout(30)
class TaskIntrospectionTest {
    static final int[] LINES = new int[3];

    /** The source line of the caller. */
    static int callerLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    @Async
    static Coroutine<Void> outer(Future<Void> gate) {
        LINES[0] = callerLine(); await(middle(gate));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> middle(Future<Void> gate) {
        await(sleep(0));
        LINES[1] = callerLine(); await(inner(gate));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> inner(Future<Void> gate) {
        LINES[2] = callerLine(); await(gate);
        return Coroutine.completed();
    }

    /** {@code what} of a task suspended three awaits deep, read from another task, then the task is let go. */
    @Async
    static Coroutine<List<Object>> observeSuspended() {
        Future<Void> gate = getRunningLoop().createFuture();
        Task<Void> task = createTask(outer(gate), "observed");
        await(sleep(0));
        await(sleep(0));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        task.printStack(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<Object> seen = List.of(task.getStack(), task.toString(), task.waitsFor(), printed.toString(StandardCharsets.UTF_8));
        gate.setResult(null);
        await(task);
        List<Object> all = new ArrayList<>(seen);
        all.add(task.getStack());
        all.add(task.waitsFor());
        return Coroutine.completed(all);
    }

    @Nested
    class Stack {
        @Test
        @SuppressWarnings("unchecked")
        void getStackListsTheSuspendedFramesInnermostFirstAtTheirAwaitLines() {
            List<StackTraceElement> stack = (List<StackTraceElement>) run(observeSuspended()).get(0);
            assertEquals(List.of("inner", "middle", "outer"), stack.stream().map(StackTraceElement::getMethodName).toList());
            assertEquals(List.of(LINES[2], LINES[1], LINES[0]), stack.stream().map(StackTraceElement::getLineNumber).toList());
            assertTrue(stack.stream().allMatch(e -> e.getFileName().equals("TaskIntrospectionTest.java")), stack.toString());
        }

        @Test
        void aDoneTaskHasNoStackAndWaitsForNothing() {
            List<Object> seen = run(observeSuspended());
            assertEquals(List.of(), seen.get(4));
            assertEquals("nothing: the task is done", seen.get(5));
        }

        @Test
        void printStackShowsTheTaskWhatItWaitsForAndEachFrame() {
            String printed = (String) run(observeSuspended()).get(3);
            String[] lines = printed.split("\n");
            assertTrue(lines[0].startsWith("<Task pending name='observed'"), printed);
            assertEquals("    waiting for <Future pending>", lines[1], printed);
            assertTrue(lines[2].matches("    at .*TaskIntrospectionTest\\.inner\\(TaskIntrospectionTest\\.java:" + LINES[2] + "\\)"),
                    printed);
            assertEquals(5, lines.length, printed);
        }

        @Test
        void toStringShowsTheInnermostSuspensionPoint() {
            String text = (String) run(observeSuspended()).get(1);
            assertTrue(text.startsWith("<Task pending name='observed' coro=<TaskIntrospectionTest.outer() running at"
                    + " TaskIntrospectionTest.java:" + LINES[0] + ">"), text);
            assertTrue(text.endsWith(" suspended at " + TaskIntrospectionTest.class.getName()
                    + ".inner(TaskIntrospectionTest.java:" + LINES[2] + ")>"), text);
        }
    }

    @Async
    static Coroutine<Void> awaitThis(Object awaited) {
        if (awaited instanceof Lock lock) {
            await(lock.acquire());
        } else if (awaited instanceof Queue<?> queue) {
            await(queue.get());
        } else if (awaited instanceof FullQueue full) {
            await(full.queue().put("second"));
        } else if (awaited instanceof Semaphore semaphore) {
            await(semaphore.acquire());
        } else if (awaited instanceof Event event) {
            await(event.waitSet());
        } else if (awaited instanceof Condition condition) {
            await(condition.acquire());
            await(condition.waitSignal());
        } else if (awaited instanceof Double seconds) {
            await(sleep(seconds));
        } else if (awaited instanceof CompletableFuture<?> stage) {
            await(stage);
        } else {
            await((Future<?>) awaited);
        }
        return Coroutine.completed();
    }

    /** A queue with no room left: a put into it waits. */
    record FullQueue(Queue<String> queue) {
        FullQueue {
            queue.putNowait("first");
        }
    }

    @Async
    static Coroutine<Void> holdLock(Lock lock, Future<Void> release) {
        await(lock.acquire());
        await(release);
        lock.release();
        return Coroutine.completed();
    }

    /** What a task awaiting {@code awaited} waits for, seen once it is suspended; then it is cancelled. */
    @Async
    static Coroutine<String> waitsFor(Object awaited) {
        Task<Void> task = createTask(awaitThis(awaited), "waiter");
        await(sleep(0));
        String seen = task.waitsFor();
        task.cancel();
        return Coroutine.completed(seen);
    }

    @Async
    static Coroutine<String> waitsForHeldLock() {
        Lock lock = new Lock();
        Future<Void> release = getRunningLoop().createFuture();
        Task<Void> holder = createTask(holdLock(lock, release), "holder");
        await(sleep(0));
        String seen = await(waitsFor(lock));
        release.setResult(null);
        await(holder);
        return Coroutine.completed(seen);
    }

    @Async
    static Coroutine<String> waitsForAnotherTask() {
        Task<Void> other = createTask(sleep(10), "other");
        String seen = await(waitsFor(other));
        other.cancel();
        return Coroutine.completed(seen);
    }

    @Async
    static Coroutine<String> waitsForAYield() {
        Task<Void> yielder = createTask(sleep(0), "yielder");
        await(sleep(0));
        return Coroutine.completed(yielder.waitsFor());
    }

    @Nested
    class WaitsFor {
        @Test
        void aSleepWaitsForATimerAndSaysWhenItIsDue() {
            String seen = run(waitsFor(30.0));
            assertTrue(seen.matches("a timer due in (29|30)\\.\\d{3} s \\(loop time \\d+\\.\\d{3}\\)"), seen);
        }

        @Test
        void aFutureIsShownAsItIs() {
            assertEquals("<Future pending>", run(waitsForFuture()));
        }

        @Test
        void aShieldSaysWhatItShields() {
            assertEquals("shield(<Future pending>)", run(waitsForShield()));
        }

        @Test
        void anotherTaskIsNamed() {
            assertTrue(run(waitsForAnotherTask()).startsWith("<Task pending name='other'"));
        }

        @Test
        void aLockNamesTheTaskHoldingIt() {
            String seen = run(waitsForHeldLock());
            assertTrue(seen.startsWith("acquire <Lock [locked, waiters:1]> held by <Task pending name='holder'"), seen);
        }

        @Test
        void aQueueIsNamed() {
            String seen = run(waitsFor(new Queue<String>()));
            assertTrue(seen.startsWith("get from <Queue maxsize=0"), seen);
        }

        @Test
        void aPutIntoAFullQueueIsNamed() {
            String seen = run(waitsFor(new FullQueue(new Queue<>(1))));
            assertTrue(seen.startsWith("put into <Queue maxsize=1 items=[first]"), seen);
        }

        @Test
        void aSemaphoreIsNamed() {
            assertEquals("acquire <Semaphore locked value=0 waiters=1>", run(waitsFor(new Semaphore(0))));
        }

        @Test
        void anEventIsNamed() {
            assertEquals("wait for <Event [unset, waiters:1]>", run(waitsFor(new Event())));
        }

        @Test
        void aConditionIsNamed() {
            assertEquals("wait on <Condition [unlocked, waiters:1]>", run(waitsFor(new Condition())));
        }

        @Test
        void aCompletionStageIsNamed() {
            String seen = run(waitsFor(new CompletableFuture<String>()));
            assertTrue(seen.startsWith("the completion of java.util.concurrent.CompletableFuture"), seen);
        }

        @Test
        void aYieldWaitsForItsNextTurn() {
            assertEquals("its next turn, after sleep(0)", run(waitsForAYield()));
        }
    }

    @Async
    static Coroutine<String> waitsForShield() {
        return waitsFor(shield(getRunningLoop().createFuture()));
    }

    @Async
    static Coroutine<String> waitsForFuture() {
        return waitsFor(getRunningLoop().createFuture());
    }
}
