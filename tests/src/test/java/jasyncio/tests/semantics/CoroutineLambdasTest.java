package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.function.IntFunction;
import java.util.function.Supplier;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A lambda returning {@code Coroutine} is a coroutine too, without an annotation, whether its body awaits or not:
 * calling it runs nothing.
 */
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

    /** Makes coroutine lambdas in a class that names neither {@code @Async} nor {@code Asyncio}. */
    static final class Factories {
        static int made;

        private Factories() {
        }

        static Supplier<Coroutine<Integer>> completed() {
            return () -> Coroutine.completed(++made);
        }

        static IntFunction<Coroutine<String>> block() {
            return n -> {
                made += n;
                return Coroutine.completed("made " + made);
            };
        }

        static Coroutine<Integer> plain() {
            return Coroutine.completed(++made);
        }
    }

    @Async
    Coroutine<Integer> asyncWithoutAwait() {
        counter++;
        return Coroutine.completed(counter);
    }

    @Async
    Coroutine<Integer> asyncWithAwait() {
        counter++;
        await(sleep(0));
        return Coroutine.completed(counter);
    }

    @Nested
    class WithoutAwait {
        @Test
        void aLambdaReturningCoroutineCompletedRunsNothingWhenCalled() {
            Factories.made = 0;
            Coroutine<Integer> coro = Factories.completed().get();
            assertEquals(0, Factories.made);
            assertEquals(1, run(coro));
            assertEquals(1, Factories.made);
        }

        @Test
        void aBlockLambdaRunsNothingWhenCalled() {
            Factories.made = 0;
            Coroutine<String> coro = Factories.block().apply(5);
            assertEquals(0, Factories.made);
            assertEquals("made 5", run(coro));
        }

        @Test
        void aLambdaInThisClassRunsNothingWhenCalled() {
            Supplier<Coroutine<Integer>> lambda = () -> Coroutine.completed(++counter);
            Coroutine<Integer> coro = lambda.get();
            assertEquals(0, counter);
            assertEquals(1, run(coro));
        }

        @Test
        void itIsAwaitedOnceLikeAnyCoroutine() {
            Coroutine<Integer> coro = Factories.completed().get();
            run(coro);
            assertThrows(IllegalStateException.class, () -> run(coro));
        }
    }

    @Nested
    class MethodReferences {
        @Test
        void toAnAsyncMethodWithoutAwaitRunNothingWhenCalled() {
            Supplier<Coroutine<Integer>> reference = CoroutineLambdasTest.this::asyncWithoutAwait;
            Coroutine<Integer> coro = reference.get();
            assertEquals(0, counter);
            assertEquals(1, run(coro));
        }

        @Test
        void toAnAsyncMethodWithAwaitRunNothingWhenCalled() {
            Supplier<Coroutine<Integer>> reference = CoroutineLambdasTest.this::asyncWithAwait;
            Coroutine<Integer> coro = reference.get();
            assertEquals(0, counter);
            assertEquals(1, run(coro));
        }

        @Test
        void toAPlainMethodRunItWhenCalledAsTheMethodItselfWould() {
            Factories.made = 0;
            Supplier<Coroutine<Integer>> reference = Factories::plain;
            Coroutine<Integer> coro = reference.get();
            assertEquals(1, Factories.made, "a plain method is not a coroutine: annotate it @Async to make it lazy");
            assertEquals(1, run(coro));
        }
    }
}
