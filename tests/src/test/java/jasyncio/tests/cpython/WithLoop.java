package jasyncio.tests.cpython;

import jasyncio.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static jasyncio.Asyncio.newEventLoop;

/**
 * A CPython {@code test_utils.TestCase} with {@code self.loop}: a new loop, not running, for each test (the test
 * runs it with {@code runUntilComplete}), closed after it; what the loop's exception handler received is kept
 * in {@link #logged}, where CPython tests patch the logger or set a handler.
 */
abstract class WithLoop {
    EventLoop loop;
    final List<Map<String, Object>> logged = new ArrayList<>();

    @BeforeEach
    void newLoop() {
        loop = newEventLoop();
        loop.setExceptionHandler((l, context) -> logged.add(context));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }
}
