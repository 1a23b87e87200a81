package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;

import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;

/**
 * The spinner of "Fluent Python": a task animates a spinner while the supervisor awaits a slow function,
 * then cancels it. Run: {@code java -javaagent:agent/target/jasyncio-agent.jar -cp examples/target/classes
 * jasyncio.examples.Spinner [seconds]} (the slow function's duration, 3 by default).
 */
public class Spinner {
    private static double slowSeconds = 3;

    @Async static Coroutine<Void> spin(String msg) {
        for (int i = 0; ; i++) {
            System.out.print("|/-\\".charAt(i % 4) + " " + msg + "\r");
            try { await(sleep(0.1)); } catch (CancellationException e) { break; }
        }
        System.out.print(" ".repeat(msg.length() + 2) + "\r");
        return Coroutine.completed();
    }

    @Async static Coroutine<Integer> slowFunction() { await(sleep(slowSeconds)); return Coroutine.completed(42); }

    @Async static Coroutine<Integer> supervisor() {
        Task<Void> spinner = createTask(spin("thinking!"));
        System.out.println("spinner object: " + spinner);
        int result = await(slowFunction());
        spinner.cancel();
        return Coroutine.completed(result);
    }

    public static void main(String[] args) {
        slowSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.println("Answer: " + run(supervisor()));
    }
}
