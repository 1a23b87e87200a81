package jasyncio.tests.constructs;

import jasyncio.Coroutine;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a coroutine against its synchronous twin in every arrival mode (done, suspending, and random with
 * several seeds) and asserts identical outcomes: the same result, or the same exception type and message.
 */
public final class Differential {
    private static final int RANDOM_SEEDS = 8;

    private Differential() {
    }

    public static <T> void check(Callable<T> twin, Supplier<Coroutine<T>> coroutine) {
        Object expected = outcome(twin);
        for (Arrivals.Mode mode : Arrivals.Mode.values()) {
            int runs = mode == Arrivals.Mode.RANDOM ? RANDOM_SEEDS : 1;
            for (int seed = 0; seed < runs; seed++) {
                Arrivals.use(mode, seed);
                Object actual = outcome(() -> run(coroutine.get()));
                assertEquals(expected, actual, "mode " + mode + (runs > 1 ? " seed " + seed : ""));
            }
        }
        Arrivals.use(Arrivals.Mode.DONE, 0);
    }

    /** The result, or a description of the exception (its type and message) so outcomes compare by value. */
    private static Object outcome(Callable<?> body) {
        try {
            return body.call();
        } catch (Throwable e) {
            return new Thrown(e.getClass(), e.getMessage());
        }
    }

    private static final class Thrown {
        final Class<?> type;
        final String message;

        Thrown(Class<?> type, String message) {
            this.type = type;
            this.message = message;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Thrown && ((Thrown) o).type == type && Objects.equals(((Thrown) o).message, message);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, message);
        }

        @Override
        public String toString() {
            return "threw " + type.getName() + ": " + message;
        }
    }

    static void unreachable() {
        fail("unreachable");
    }
}
