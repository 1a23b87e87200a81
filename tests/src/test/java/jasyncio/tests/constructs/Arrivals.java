package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;

import java.util.Random;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;

/**
 * How awaited values arrive in the differential corpus: every construct awaits {@link #value} (a coroutine)
 * or {@link #future} (a future), and the mode decides whether that awaitable is already done, always
 * suspends the task, or suspends at random. The same code must give the same result in every mode.
 */
public final class Arrivals {
    public enum Mode { DONE, SUSPEND, RANDOM }

    private static Mode mode = Mode.DONE;
    private static Random random = new Random(0);

    private Arrivals() {
    }

    static void use(Mode newMode, long seed) {
        mode = newMode;
        random = new Random(seed);
    }

    private static boolean suspends() {
        switch (mode) {
            case SUSPEND:
                return true;
            case RANDOM:
                return random.nextBoolean();
            default:
                return false;
        }
    }

    /** A coroutine of {@code v}: finishes without suspending, or yields to the loop first. */
    @Async
    public static <T> Coroutine<T> value(T v) {
        if (suspends()) {
            await(sleep(0));
        }
        return Coroutine.completed(v);
    }

    /** A future of {@code v}: done already, or completed by the loop on a later iteration. */
    public static <T> Future<T> future(T v) {
        Future<T> f = getRunningLoop().createFuture();
        if (suspends()) {
            getRunningLoop().callSoon(() -> f.setResult(v));
        } else {
            f.setResult(v);
        }
        return f;
    }

    /** A coroutine that fails with {@code error}, before or after suspending. */
    @Async
    public static <T> Coroutine<T> failure(RuntimeException error) {
        if (suspends()) {
            await(sleep(0));
        }
        throw error;
    }
}
