package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.ContextVar;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_futures2.py}, ported test by test (its {@code FutureTests} run
 * once, not once per C and Python task).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Futures2Test {
    @Async
    static Coroutine<Void> raiseExc() {
        throw new IllegalArgumentException("TypeError(42)");
    }

    @Nested
    class FutureTests {
        @Test
        @DisplayName("test_futures2.py::FutureTests::test_future_traceback")
        void futureTraceback() {
            // CPython checks that each re-raise adds no frame to the traceback; a Java stack trace is taken when the
            // exception is made, so the port checks that awaiting the failed task again leaves it as it was.
            asyncTest(() -> {
                Task<Void> future = createTask(raiseExc());
                int depth = -1;
                for (int i = 0; i < 5; i++) {
                    IllegalArgumentException e = await(assertAwaitThrows(IllegalArgumentException.class, future));
                    if (depth < 0) {
                        depth = e.getStackTrace().length;
                    }
                    assertEquals(depth, e.getStackTrace().length);
                }
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_futures2.py::FutureTests::test_task_exc_handler_correct_context")
        void taskExcHandlerCorrectContext() {
            // Adapted (documented: a failure nobody waits for is reported when it happens in debug mode, at the
            // loop's close otherwise). CPython reports the task as the garbage collector frees it, at once.
            ContextVar<String> name = new ContextVar<>("name", "foo");
            String[] seenByHandler = {null};
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                loop.setDebug(true);
                loop.setExceptionHandler((l, context) -> seenByHandler[0] = name.get());
                createTask(call(() -> {
                    name.set("bar");
                    await(sleep(0));
                    divideByZero();
                    return Coroutine.completed();
                }));
                await(sleep(0));
                await(sleep(0));
                assertEquals("bar", seenByHandler[0], "the handler runs in the failing code's context");
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_futures2.py::FutureTests::test_handle_exc_handler_correct_context")
        void handleExcHandlerCorrectContext() {
            ContextVar<String> name = new ContextVar<>("name", "foo");
            String[] seenByHandler = {null};
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                loop.setExceptionHandler((l, context) -> seenByHandler[0] = name.get());
                loop.callSoon(() -> {
                    name.set("bar");
                    divideByZero();
                });
                await(sleep(0));
                assertEquals("bar", seenByHandler[0], "the handler runs in the failing code's context");
                return Coroutine.completed();
            });
        }
    }
}
