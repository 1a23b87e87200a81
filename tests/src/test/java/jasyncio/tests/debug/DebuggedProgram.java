package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;

/**
 * The program {@link DebuggerTest} debugs in a child JVM. Every await in {@link #work} suspends for real (the
 * task goes back to the loop), and some values in scope are dead after an await, so that the rewrite does not
 * restore them. A line the test stops at ends with a {@code // stop:name} comment, which the test looks up.
 */
public final class DebuggedProgram {
    private final String name;

    DebuggedProgram(String name) {
        this.name = name;
    }

    /** Yields to the loop once, then delivers {@code value}. */
    @Async
    static Coroutine<Integer> later(int value) {
        await(sleep(0));
        return Coroutine.completed(value);
    }

    /** Yields to the loop once, then fails with {@code message}. */
    @Async
    static Coroutine<Integer> failLater(String message) {
        await(sleep(0));
        throw new IllegalStateException(message);
    }

    @Async
    Coroutine<String> work(int count) {
        int n = 20;
        String label = name + ":" + n;
        double half = n / 2.0;
        long big = 1L << 40;
        System.out.println(label + " " + half);
        int first = await(later(n)); // stop:beforeAwait
        int doubled = first * 2; // stop:afterAwait
        int ready = await(Coroutine.completed(doubled + 1)); // stop:beforeReadyAwait
        int total = ready; // stop:afterReadyAwait
        for (int i = 0; i < count; i++) {
            int square = await(later(i * i));
            total += square; // stop:inLoop
        }
        String caught = null;
        try {
            await(failLater("boom " + total));
        } catch (IllegalStateException e) {
            caught = e.getMessage(); // stop:inCatch
        }
        return Coroutine.completed(doubled + " " + total + " " + big + " " + caught); // stop:atReturn
    }

    public static void main(String[] args) {
        System.out.println("result " + run(new DebuggedProgram("p").work(3)));
    }
}
