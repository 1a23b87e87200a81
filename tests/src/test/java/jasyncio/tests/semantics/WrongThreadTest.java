package jasyncio.tests.semantics;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What a thread other than the loop's may not do, and is told so: complete a future of a running loop (it would
 * hang silently, the loop asleep and unaware), or run a coroutine another thread runs (its body would run twice).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WrongThreadTest {
    /** A loop runs forever in its own thread, idle; the test thread is the foreign one. */
    @Nested
    class FutureOfARunningLoop {
        private EventLoop loop;
        private Thread loopThread;

        @BeforeEach
        void startALoopForever() {
            loop = newEventLoop();
            loopThread = new Thread(loop::runForever, "loop-forever");
            loopThread.start();
        }

        @AfterEach
        void stopTheLoop() throws InterruptedException {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(10_000);
            assertFalse(loopThread.isAlive());
            loop.close();
        }

        private <T> T onTheLoop(Callable<T> call) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> {
                try {
                    result.complete(call.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(10, TimeUnit.SECONDS);
        }

        private void assertRefused(Future<?> future, Executable fromThisThread) throws Exception {
            IllegalStateException refusal = assertThrows(IllegalStateException.class, fromThisThread);
            String message = refusal.getMessage();
            assertTrue(message.contains("callSoonThreadsafe") && message.contains("runCoroutineThreadsafe"), message);
            assertTrue(message.contains("loop-forever"), "names the loop's thread: " + message);
            assertFalse(onTheLoop(future::done), "the future is left pending");
        }

        @Test
        void setResultFromAnotherThreadIsRefusedWithTheThreadsafeWaysNamed() throws Exception {
            Future<String> future = onTheLoop(loop::createFuture);
            assertRefused(future, () -> future.setResult("from the wrong thread"));
        }

        @Test
        void setExceptionAndCancelFromAnotherThreadAreRefused() throws Exception {
            Future<String> future = onTheLoop(loop::createFuture);
            assertRefused(future, () -> future.setException(new RuntimeException("from the wrong thread")));
            assertRefused(future, future::cancel);
        }

        @Test
        void cancellingATaskFromAnotherThreadIsRefused() throws Exception {
            Task<Void> task = onTheLoop(() -> loop.createTask(sleep(30)));
            assertRefused(task, task::cancel);
            loop.callSoonThreadsafe(task::cancel);
        }

        @Test
        void throughCallSoonThreadsafeTheFutureCompletes() throws Exception {
            Future<String> future = onTheLoop(loop::createFuture);
            loop.callSoonThreadsafe(() -> future.setResult("through the loop"));
            assertEquals("through the loop", onTheLoop(future::result));
        }
    }

    @Nested
    class FutureOfALoopNotRunning {
        @Test
        void anyThreadMayCompleteItAndTheLoopSeesTheResultWhenItRuns() throws Exception {
            EventLoop loop = newEventLoop();
            Future<String> future = loop.createFuture();
            OwnThread other = new OwnThread("other", () -> {
                future.setResult("set before the loop ran");
                return null;
            });
            assertNull(other.end(10).thrown());
            assertEquals("set before the loop ran", loop.runUntilComplete(future));
            loop.close();
        }
    }
}
