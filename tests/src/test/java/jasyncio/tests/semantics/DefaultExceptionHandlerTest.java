package jasyncio.tests.semantics;

import jasyncio.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import static jasyncio.Asyncio.newEventLoop;
import static org.junit.jupiter.api.Assertions.*;

/**
 * With no handler set, the loop prints what it reports to standard error: the message, then each other key
 * of the report as {@code key: value} (the exception only as its stack trace), then the stack trace.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DefaultExceptionHandlerTest {
    private final EventLoop loop = newEventLoop();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStandardError() {
        original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(original);
        loop.close();
    }

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> report(String message, Throwable error) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", message);
        if (error != null) {
            context.put("exception", error);
        }
        context.put("task", "<the task>");
        context.put("detail", 42);
        return context;
    }

    @Test
    void printsTheMessageTheOtherKeysAndTheStackTrace() {
        loop.callExceptionHandler(report("something broke", new IllegalStateException("the cause")));
        String text = printed();
        assertTrue(text.startsWith("jasyncio: something broke\n  task: <the task>\n  detail: 42\n"), text);
        assertTrue(text.contains("java.lang.IllegalStateException: the cause\n\tat "), text);
        assertFalse(text.contains("message:"), text);
        assertFalse(text.contains("exception:"), text);
    }

    @Test
    void aReportWithoutAnExceptionPrintsNoStackTrace() {
        loop.callExceptionHandler(report("just so you know", null));
        assertEquals("jasyncio: just so you know\n  task: <the task>\n  detail: 42\n", printed());
    }

    @Test
    void aCallbackThatThrowsIsPrintedWithItsHandle() {
        loop.callSoon(() -> {
            throw new IllegalArgumentException("from a callback");
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        String text = printed();
        assertTrue(text.startsWith("jasyncio: Exception in callback <Handle "), text);
        assertTrue(text.contains("\n  handle: <Handle "), text);
        assertTrue(text.contains("java.lang.IllegalArgumentException: from a callback"), text);
    }

    @Test
    void aHandlerThatFailsIsReportedAndTheDefaultOnePrintsTheReport() {
        loop.setExceptionHandler((l, context) -> {
            throw new IllegalStateException("handler broke");
        });
        loop.callExceptionHandler(report("something broke", new IllegalStateException("the cause")));
        String text = printed();
        assertTrue(text.startsWith("jasyncio: the exception handler failed: java.lang.IllegalStateException: handler broke\n"
                + "jasyncio: something broke\n"), text);
    }

    @Test
    void aNullHandlerRestoresTheDefault() {
        loop.setExceptionHandler((l, context) -> fail("replaced by null"));
        loop.setExceptionHandler(null);
        loop.callExceptionHandler(report("printed", null));
        assertTrue(printed().startsWith("jasyncio: printed\n"), printed());
    }

    @Test
    void getExceptionHandlerGivesTheHandlerSetOrNullForTheDefault() {
        assertNull(loop.getExceptionHandler());
        BiConsumer<EventLoop, Map<String, Object>> handler = (l, context) -> { };
        loop.setExceptionHandler(handler);
        assertSame(handler, loop.getExceptionHandler());
    }

    @Test
    void aCustomHandlerCanHandOnToTheDefault() {
        loop.setExceptionHandler((l, context) -> {
            context.put("seen by", "the custom handler");
            l.defaultExceptionHandler(context);
        });
        loop.callExceptionHandler(report("handed on", null));
        assertEquals("jasyncio: handed on\n  task: <the task>\n  detail: 42\n  seen by: the custom handler\n",
                printed());
    }
}
