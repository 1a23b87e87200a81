package jasyncio.tests.semantics;

import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.function.IntFunction;
import java.util.function.Supplier;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** A lambda returning {@code Coroutine} whose body awaits is a coroutine too, without an annotation. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CoroutineLambdasTest {
    private int counter;

    @Test
    void callingACoroutineLambdaRunsNothing() {
        Supplier<Coroutine<Integer>> lambda = () -> {
            counter++;
            await(sleep(0));
            return Coroutine.completed(counter * 10);
        };
        Coroutine<Integer> coro = lambda.get();
        assertEquals(0, counter);
        assertEquals(10, run(coro));
    }

    @Test
    void aCoroutineLambdaCapturesAndAwaitsOtherLambdas() {
        int base = 5;
        IntFunction<Coroutine<Integer>> plus = n -> {
            await(sleep(0));
            return Coroutine.completed(base + n);
        };
        Supplier<Coroutine<Integer>> main = () -> {
            int a = await(plus.apply(1));
            int b = await(plus.apply(2));
            return Coroutine.completed(a * b);
        };
        assertEquals(42, run(main.get()));
    }
}
