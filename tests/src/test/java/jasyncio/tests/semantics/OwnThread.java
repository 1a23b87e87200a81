package jasyncio.tests.semantics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a body on a daemon thread of its own, so that a test can interrupt it, race it against another, or see it
 * hang without hanging itself.
 */
final class OwnThread {
    /** How the body ended: its value or what it threw, and the thread's interrupt flag right after. */
    record Ending(Object value, Throwable thrown, boolean interruptFlag) {
    }

    final Thread thread;
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    OwnThread(String name, Callable<?> body) {
        thread = new Thread(() -> {
            Object value = null;
            Throwable thrown = null;
            try {
                value = body.call();
            } catch (Throwable e) {
                thrown = e;
            }
            ending.complete(new Ending(value, thrown, Thread.currentThread().isInterrupted()));
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** How the body ended; fails, with the thread's stack, if it is still running after {@code seconds}. */
    Ending end(double seconds) throws Exception {
        return endAll(seconds, this).get(0);
    }

    /** How each body ended; fails, with the stacks of those still running, if any is after {@code seconds}. */
    static List<Ending> endAll(double seconds, OwnThread... threads) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Ending> endings = new ArrayList<>();
        StringBuilder running = new StringBuilder();
        for (OwnThread t : threads) {
            try {
                endings.add(t.ending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                running.append("\n'").append(t.thread.getName()).append("' still running after ").append(seconds)
                        .append(" s, at ").append(Arrays.toString(t.thread.getStackTrace()));
            }
        }
        if (running.length() > 0) {
            throw new AssertionError(running.toString());
        }
        return endings;
    }
}
