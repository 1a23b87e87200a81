package jasyncio.tests.support;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Runs a call on a plain thread (no event loop) and hands back what it threw. */
public final class OtherThread {
    private OtherThread() {
    }

    /** The {@link IllegalStateException} {@code call} throws when made from a plain thread. */
    public static IllegalStateException refusal(Runnable call) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "plain-thread");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertNotNull(thrown.get(), "the call from another thread was accepted");
        return assertInstanceOf(IllegalStateException.class, thrown.get());
    }
}
