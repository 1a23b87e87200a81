package demo;

import jasyncio.Async;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;

public class App {
    @Async
    static Coroutine<Integer> twice(int x) {
        await(sleep(0.01));
        return Coroutine.completed(2 * x);
    }

    @Async
    public static Coroutine<String> answer() {
        int a = await(twice(20));
        int b = await(twice(1));
        return Coroutine.completed("Answer: " + (a + b));
    }

    public static void main(String[] args) {
        System.out.println(run(answer()));
    }
}
