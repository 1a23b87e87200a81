package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code new T(arg(await(x)))}: the JVM initialises {@code T} at {@code new}, before the arguments run; the
 * rewrite builds the object after them (it cannot keep an uninitialised object across a suspension) and must
 * keep that order all the same.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClassInitialisationOrderTest {
    static final List<String> LOG = new ArrayList<>();

    static final class Recorded {
        static {
            LOG.add("Recorded initialised");
        }

        Recorded(Object value) {
            LOG.add("Recorded(" + value + ")");
        }
    }

    static final class FailsToInitialise {
        static {
            LOG.add("FailsToInitialise initialising");
            if (!LOG.isEmpty()) { // always: javac refuses an initializer that cannot complete normally
                throw new IllegalStateException("static initializer failed");
            }
        }

        FailsToInitialise(Object value) {
            LOG.add("never built");
        }
    }

    static Object arg(Object value) {
        LOG.add("arg(" + value + ")");
        return value;
    }

    @Async
    static Coroutine<Void> buildAfterASuspension() {
        new Recorded(arg(await(suspendThen("x"))));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<String> suspendThen(String value) {
        LOG.add("awaiting");
        await(sleep(0));
        return Coroutine.completed(value);
    }

    @Async
    static Coroutine<String> failAtNew() {
        try {
            new FailsToInitialise(arg(await(suspendThen("y"))));
            return Coroutine.completed("built");
        } catch (ExceptionInInitializerError e) {
            return Coroutine.completed("failed: " + e.getCause().getMessage());
        }
    }

    @Test
    void theStaticInitializerRunsBeforeTheArgumentsAreEvaluated() {
        LOG.clear();
        run(buildAfterASuspension());
        assertEquals(List.of("Recorded initialised", "awaiting", "arg(x)", "Recorded(x)"), LOG);
    }

    @Test
    void aStaticInitializerThatFailsFailsBeforeTheArgumentsRun() {
        LOG.clear();
        assertEquals("failed: static initializer failed", run(failAtNew()));
        assertEquals(List.of("FailsToInitialise initialising"), LOG);
    }
}
