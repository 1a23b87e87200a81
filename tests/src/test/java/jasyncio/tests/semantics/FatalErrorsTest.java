package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Handle;
import jasyncio.Task;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * An {@link Error} (out of memory, stack overflow...) thrown by a callback ends the loop with that Error: it
 * reaches the caller of {@code run()} or {@code runForever()} at once, instead of being reported while whatever
 * depended on the callback waits forever. A coroutine's Error fails its task, like any exception.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FatalErrorsTest {
    @Nested
    class FromCallbacks {
        @Async
        static Coroutine<String> failInADoneCallback(Error error) {
            EventLoop loop = getRunningLoop();
            Future<String> future = loop.createFuture();
            future.addDoneCallback(f -> {
                throw error;
            });
            future.setResult("done");
            return Coroutine.completed(await(loop.createFuture()));
        }

        @Test
        void anErrorFromADoneCallbackEndsRunWithThatError() throws Exception {
            StackOverflowError error = new StackOverflowError("injected");
            OwnThread.Ending ending = new OwnThread("loop", () -> run(failInADoneCallback(error))).end(15);
            assertSame(error, ending.thrown());
        }

        @Test
        void anErrorFromACallbackEndsRunForeverAndTheLoopCarriesOnWhenRunAgain() {
            EventLoop loop = newEventLoop();
            OutOfMemoryError error = new OutOfMemoryError("injected");
            List<String> log = new ArrayList<>();
            Handle bound = loop.callLater(10, loop::stop);
            loop.callSoon(() -> {
                throw error;
            });
            loop.callSoon(() -> log.add("next"));
            assertSame(error, assertThrows(OutOfMemoryError.class, loop::runForever));
            assertFalse(loop.isRunning());
            assertEquals(List.of(), log);
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("next"), log);
            bound.cancel();
            loop.close();
        }
    }

    @Nested
    class FromCoroutines {
        @Async
        static Coroutine<Void> throwsAnError(Error error) {
            await(sleep(0));
            throw error;
        }

        @Async
        static Coroutine<String> awaitsAFailingTask(Error error) {
            Task<Void> failing = createTask(throwsAnError(error));
            try {
                await(failing);
                return Coroutine.completed("no error");
            } catch (AssertionError e) {
                return Coroutine.completed(e == error ? "caught the task's own Error" : "another Error: " + e);
            }
        }

        @Test
        void anErrorFromACoroutineFailsItsTaskAndTheAwaiterCatchesIt() {
            assertEquals("caught the task's own Error", run(awaitsAFailingTask(new AssertionError("injected"))));
        }
    }
}
