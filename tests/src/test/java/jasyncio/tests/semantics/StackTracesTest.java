package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** After a resume, a stack trace still names the @Async method and its source line, as debugging users expect. */
class StackTracesTest {
    /** The source line of the caller. */
    static int callerLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    @Async
    static Coroutine<Void> failsAfterResume() {
        await(sleep(0));
        await(sleep(0.001));
        int line = callerLine(); throw new IllegalStateException(String.valueOf(line));
    }

    @Async
    static Coroutine<Void> awaitsAFailure() {
        await(sleep(0));
        await(failsAfterResume());
        return Coroutine.completed();
    }

    @Test
    void anExceptionAfterAResumeShowsTheMethodAndItsLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(awaitsAFailure()));
        StackTraceElement top = e.getStackTrace()[0];
        assertEquals(StackTracesTest.class.getName(), top.getClassName());
        assertEquals("failsAfterResume", top.getMethodName());
        assertEquals("StackTracesTest.java", top.getFileName());
        assertEquals(Integer.parseInt(e.getMessage()), top.getLineNumber());
    }

    @Async
    static Coroutine<Integer> lineAfterResume() {
        await(sleep(0));
        return Coroutine.completed(callerLine());
    }

    @Test
    void theResumedCodeRunsUnderTheMethodsOwnLineNumbers() {
        int line = run(lineAfterResume());
        assertEquals(47, line, "the line of 'return Coroutine.completed(callerLine())'");
    }
}
