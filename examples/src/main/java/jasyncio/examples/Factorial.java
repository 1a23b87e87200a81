package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;

import java.util.List;

import static jasyncio.Asyncio.*;

/**
 * asyncio's factorial demo: two tasks compute factorials step by step, pausing after each step.
 *
 * <p>{@code async} mode (the default) pauses with {@code await(sleep(delay))}: the loop runs the other task
 * meanwhile, so the two tasks' lines interleave and the run takes about as long as the longer task.
 * {@code blocking} mode pauses with {@code Thread.sleep}: the loop is stuck inside one task, so task A runs to
 * the end before task B starts, and the run takes the sum of both.
 *
 * <p>Usage: {@code Factorial [async|blocking] [delay seconds, 1 by default]}.
 */
public class Factorial {
    private static boolean blocking;
    private static double delay = 1;

    @Async static Coroutine<Long> factorial(int number) {
        String name = currentTask().getName();
        long f = 1;
        for (int i = 2; i <= number; i++) {
            System.out.println("Task " + name + ": Compute factorial(" + number + "), currently i=" + i + "...");
            if (blocking) {
                sleepBlocking(delay);
            } else {
                await(sleep(delay));
            }
            f *= i;
        }
        System.out.println("Task " + name + ": factorial(" + number + ") = " + f);
        return Coroutine.completed(f);
    }

    /** Holds the loop's thread, like {@code time.sleep} in a coroutine: no other task runs meanwhile. */
    static void sleepBlocking(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Async static Coroutine<List<Long>> computeBoth() {
        Task<Long> a = createTask(factorial(4), "A");
        Task<Long> b = createTask(factorial(3), "B");
        return Coroutine.completed(await(gather(a, b)));
    }

    public static void main(String[] args) {
        blocking = args.length > 0 && args[0].equals("blocking");
        delay = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        long start = System.nanoTime();
        List<Long> results = run(computeBoth());
        System.out.printf("Results: %s%nElapsed: %.2f s (%s)%n", results, (System.nanoTime() - start) / 1e9,
                blocking ? "blocking" : "async");
    }
}
