package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.newEventLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exception that leaves a coroutine resumed by the loop carries the awaits it went through, each at the line
 * of its await, as a synchronous call stack would; then the task, then the loop's frames.
 */
@Timeout(60)
class AwaitChainTracesTest {
    /** The line each level awaits the next at (index 1 to 4), and the line level 5 throws at (index 5). */
    static final int[] LINES = new int[6];

    /** The source line of the caller. */
    static int callerLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    @Async
    static Coroutine<Void> level1() {
        await(sleep(0));
        LINES[1] = callerLine(); await(level2());
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> level2() {
        await(sleep(0));
        LINES[2] = callerLine(); await(level3());
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> level3() {
        await(sleep(0.001));
        LINES[3] = callerLine(); await(level4());
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> level4() {
        await(sleep(0));
        LINES[4] = callerLine(); await(level5());
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> level5() {
        await(sleep(0));
        await(sleep(0.001));
        LINES[5] = callerLine(); throw new IllegalStateException("five awaits deep");
    }

    /** The index of the frame {@code method} at {@code line} in {@code trace}; fails naming the trace if absent. */
    static int indexOf(StackTraceElement[] trace, String method, int line) {
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getMethodName().equals(method) && trace[i].getLineNumber() == line
                    && trace[i].getClassName().startsWith(AwaitChainTracesTest.class.getName())) {
                return i;
            }
        }
        throw new AssertionError(method + " at line " + line + " is not in\n" + text(trace));
    }

    static int indexOfNote(StackTraceElement[] trace, String note) {
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().equals("jasyncio") && trace[i].getMethodName().equals(note)) {
                return i;
            }
        }
        return -1;
    }

    static String text(StackTraceElement[] trace) {
        return Arrays.stream(trace).map(e -> "    at " + e).collect(Collectors.joining("\n"));
    }

    @Nested
    class ThroughSuspendedAwaits {
        @Test
        void aFiveDeepFailureAfterSuspensionsNamesEveryAwaitingMethodAndLineOutermostLast() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(level1()));
            StackTraceElement[] trace = e.getStackTrace();
            assertEquals(0, indexOf(trace, "level5", LINES[5]), text(trace));
            for (int level = 4; level >= 1; level--) {
                assertEquals(5 - level, indexOf(trace, "level" + level, LINES[level]), text(trace));
            }
            int task = indexOfNote(trace, "task");
            assertEquals(5, task, text(trace));
            assertTrue(trace[task].getFileName().startsWith("'Task-"), trace[task].toString());
            assertTrue(Arrays.stream(trace).skip(task).anyMatch(f -> f.getMethodName().equals("runUntilComplete")),
                    "the loop's frames stay at the bottom:\n" + text(trace));
        }

        @Test
        void theAwaitMachineryBetweenInlineAwaitsIsLeftOut() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(level1()));
            StackTraceElement[] trace = e.getStackTrace();
            int task = indexOfNote(trace, "task");
            assertTrue(Arrays.stream(trace).limit(task).allMatch(f -> f.getClassName().equals(AwaitChainTracesTest.class.getName())),
                    text(trace));
        }

        @Async
        Coroutine<Void> failsAtOnce() {
            throw new IllegalArgumentException("before any await");
        }

        @Async
        Coroutine<Void> awaitsAFailureInline() {
            await(failsAtOnce());
            return Coroutine.completed();
        }

        @Test
        void aFailureThatNeverSuspendedKeepsItsFramesAndNamesTheTask() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(awaitsAFailureInline()));
            StackTraceElement[] trace = e.getStackTrace();
            assertEquals("failsAtOnce", trace[0].getMethodName(), text(trace));
            assertEquals("awaitsAFailureInline", trace[1].getMethodName(), text(trace));
            assertEquals(2, indexOfNote(trace, "task"), text(trace));
        }
    }

    @Nested
    class SameObject {
        @Async
        Coroutine<List<Object>> awaitFailedTaskTwice() {
            Task<Void> failing = createTask(level1());
            Object first = null;
            Object second = null;
            try {
                await(failing);
            } catch (IllegalStateException e) {
                first = e;
            }
            int length = ((Throwable) first).getStackTrace().length;
            try {
                await(failing);
            } catch (IllegalStateException e) {
                second = e;
            }
            return Coroutine.completed(List.of(first, second, length, failing.exception()));
        }

        @Test
        void awaitingAFailedTaskRethrowsThatVeryObjectWithTheTraceOfWhereItFailed() {
            List<Object> seen = run(awaitFailedTaskTwice());
            assertSame(seen.get(0), seen.get(1));
            assertSame(seen.get(0), seen.get(3));
            StackTraceElement[] trace = ((Throwable) seen.get(0)).getStackTrace();
            assertEquals(seen.get(2), trace.length, "thrown again elsewhere, the trace does not grow");
            assertEquals(0, indexOf(trace, "level5", LINES[5]), text(trace));
            assertEquals(4, indexOf(trace, "level1", LINES[1]), text(trace));
        }
    }

    @Nested
    class MadeOutsideTheCoroutine {
        static int awaitLine;

        @Async
        Coroutine<Void> awaitsAFutureFailedByACallback() {
            Future<Void> future = getRunningLoop().createFuture();
            getRunningLoop().callLater(0.001, () -> future.setException(new IOException("set by a callback")));
            awaitLine = callerLine(); await(future);
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> outer() {
            await(sleep(0));
            await(awaitsAFutureFailedByACallback());
            return Coroutine.completed();
        }

        @Test
        void anExceptionMadeInACallbackShowsTheCallbackThenTheAwaitsThatReceivedIt() {
            IOException e = assertThrows(IOException.class, () -> run(outer()));
            StackTraceElement[] trace = e.getStackTrace();
            int callback = -1;
            for (int i = 0; i < trace.length && callback < 0; i++) {
                if (trace[i].getMethodName().startsWith("lambda$awaitsAFutureFailedByACallback")) {
                    callback = i;
                }
            }
            int await = indexOf(trace, "awaitsAFutureFailedByACallback", awaitLine);
            assertTrue(callback >= 0 && callback < await, text(trace));
            assertEquals(await + 1, Arrays.asList(trace).subList(0, trace.length).stream()
                    .map(StackTraceElement::getMethodName).toList().indexOf("outer"), text(trace));
        }
    }

    @Nested
    class Cancellations {
        static int sleepLine;
        static int awaitLine;

        @Async
        Coroutine<Void> sleeps() {
            sleepLine = callerLine(); await(sleep(10));
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> awaitsTheSleep() {
            awaitLine = callerLine(); await(sleeps());
            return Coroutine.completed();
        }

        @Async
        Coroutine<Throwable> cancelASleeper() {
            Task<Void> sleeper = createTask(awaitsTheSleep(), "sleeper");
            await(sleep(0));
            sleeper.cancel();
            try {
                await(sleeper);
            } catch (CancellationException e) {
                return Coroutine.completed(e);
            }
            return Coroutine.completed(null);
        }

        @Test
        void aCancellationCarriesTheAwaitChainWhereItWasThrown() {
            StackTraceElement[] trace = run(cancelASleeper()).getStackTrace();
            assertEquals(0, indexOf(trace, "sleeps", sleepLine), text(trace));
            assertEquals(1, indexOf(trace, "awaitsTheSleep", awaitLine), text(trace));
            assertEquals("'sleeper'; its creation site is kept in debug mode", trace[2].getFileName(), text(trace));
        }
    }

    @Nested
    class DeepChains {
        @Async
        Coroutine<Void> deep(int n) {
            if (n == 0) {
                await(sleep(0));
                throw new IllegalStateException("at the bottom");
            }
            await(deep(n - 1));
            return Coroutine.completed();
        }

        @Test
        void aHundredThousandAwaitsDeepTheMiddleIsLeftOutWithItsCount() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(deep(100_000)));
            StackTraceElement[] trace = e.getStackTrace();
            assertTrue(trace.length < 400, "bounded: " + trace.length);
            int elided = indexOfNote(trace, "elided");
            assertTrue(elided > 0, text(trace));
            int shown = (int) Arrays.stream(trace).filter(f -> f.getMethodName().equals("deep")).count();
            assertEquals(100_001, shown + Integer.parseInt(trace[elided].getFileName().split(" ")[0]), text(trace));
        }
    }

    @Nested
    class DebugMode {
        static int createLine;

        @Async
        Coroutine<Void> spawnsAFailingTask() {
            createLine = callerLine(); Task<Void> child = createTask(level1());
            await(child);
            return Coroutine.completed();
        }

        @Test
        void inDebugModeTheTaskIsFollowedByWhereItWasCreated() {
            EventLoop loop = newEventLoop();
            loop.setDebug(true);
            loop.setExceptionHandler((l, context) -> { });
            try {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> loop.runUntilComplete(loop.createTask(spawnsAFailingTask())));
                StackTraceElement[] trace = e.getStackTrace();
                int task = indexOfNote(trace, "task");
                assertTrue(trace[task].getFileName().contains("created by the frames below"), text(trace));
                assertEquals("spawnsAFailingTask", trace[task + 1].getMethodName(), text(trace));
                assertEquals(createLine, trace[task + 1].getLineNumber(), text(trace));
            } finally {
                loop.close();
            }
        }
    }

    @Nested
    class ServerHandlers {
        static int handlerLine;
        static int failLine;

        @Async
        static Coroutine<Void> failingHandler(StreamReader reader, StreamWriter writer) throws IOException {
            handlerLine = callerLine(); await(readThenFail(reader));
            return Coroutine.completed();
        }

        @Async
        static Coroutine<Void> readThenFail(StreamReader reader) throws IOException {
            await(reader.readLine());
            failLine = callerLine(); throw new IllegalStateException("the handler failed");
        }

        @Async
        Coroutine<Throwable> serveOneFailingClient() throws IOException {
            Future<Throwable> reported = getRunningLoop().createFuture();
            getRunningLoop().setExceptionHandler((loop, context) -> {
                if (!reported.done() && context.get("exception") instanceof Throwable t) {
                    reported.setResult(t);
                }
            });
            Server server = await(startServer(ServerHandlers::failingHandler, "127.0.0.1", 0));
            Connection client = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            client.writer().write("hello\n");
            Throwable failure = await(waitFor(reported, 20));
            client.writer().close();
            server.close();
            return Coroutine.completed(failure);
        }

        @Test
        void aFailingServerHandlersTraceNamesTheHandler() throws IOException {
            Throwable failure = run(serveOneFailingClient());
            StackTraceElement[] trace = failure.getStackTrace();
            assertEquals(0, indexOf(trace, "readThenFail", failLine), text(trace));
            assertEquals(1, indexOf(trace, "failingHandler", handlerLine), text(trace));
            assertTrue(indexOfNote(trace, "task") > 0, text(trace));
        }
    }
}
