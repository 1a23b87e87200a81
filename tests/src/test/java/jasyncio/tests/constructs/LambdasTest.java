package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.failure;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * Lambdas returning Coroutine whose bodies await are coroutines without an annotation; they capture locals
 * and `this`. Method references to @Async methods serve as coroutine-returning functions.
 */
class LambdasTest {
    private int offset = 1000;

    @Test
    void supplierLambdaAwaits() {
        Supplier<Coroutine<Integer>> s = () -> {
            int a = await(value(1));
            return Coroutine.completed(a + 1);
        };
        Differential.check(() -> 2, s);
    }

    @Test
    void lambdaCapturesLocalsOfEveryWidth() {
        long big = Long.MAX_VALUE - 5;
        double d = 0.5;
        char c = 'z';
        String s = "str";
        Supplier<Coroutine<String>> sup = () -> {
            long x = big + await(value(2L));
            return Coroutine.completed(x + "|" + await(future(d)) * 3 + "|" + c + s);
        };
        Differential.check(() -> (big + 2L) + "|" + d * 3 + "|" + c + s, sup);
    }

    Supplier<Coroutine<Integer>> capturingThis(int x) {
        return () -> {
            offset += await(value(x));
            return Coroutine.completed(offset + await(future(this.offset)));
        };
    }

    @Test
    void lambdaCapturesThisAndWritesAField() {
        Differential.check(() -> 2014, () -> new LambdasTest().capturingThis(7).get());
    }

    @Test
    void functionLambdaWithParameterAndLoop() {
        Function<Integer, Coroutine<Integer>> triangle = n -> {
            int sum = 0;
            for (int i = 1; i <= n; i++) {
                sum += await(value(i));
            }
            return Coroutine.completed(sum);
        };
        Differential.check(() -> 55, () -> triangle.apply(10));
    }

    @Test
    void expressionLambdaWithoutAwaitStaysPlain() {
        Function<Integer, Coroutine<Integer>> plain = n -> Coroutine.completed(n * 2);
        Differential.check(() -> 8, () -> plain.apply(4));
    }

    @Test
    void lambdaAwaitsAnotherLambda() {
        BiFunction<Integer, Integer, Coroutine<Integer>> add = (a, b) -> {
            int x = await(value(a));
            return Coroutine.completed(x + await(future(b)));
        };
        Function<Integer, Coroutine<Integer>> addTwice = n -> Coroutine.completed(await(add.apply(n, n)) + await(add.apply(n, 1)));
        Differential.check(() -> 3 + 3 + 3 + 1, () -> addTwice.apply(3));
    }

    @Test
    void nestedLambdaCreatedInsideACoroutineLambda() {
        Function<Integer, Coroutine<Integer>> outer = n -> {
            int base = await(value(n));
            IntFunction<Coroutine<Integer>> inner = k -> Coroutine.completed(await(value(base * k)) + 1);
            int total = 0;
            for (int k = 1; k <= 3; k++) {
                total += await(inner.apply(k));
            }
            return Coroutine.completed(total);
        };
        Differential.check(() -> (5 + 1) + (10 + 1) + (15 + 1), () -> outer.apply(5));
    }

    @Test
    void lambdaWithTryCatch() {
        Function<String, Coroutine<String>> f = msg -> {
            try {
                await(failure(new IllegalStateException(msg)));
                return Coroutine.completed("no");
            } catch (IllegalStateException e) {
                return Coroutine.completed(await(value("caught ")) + e.getMessage());
            }
        };
        Differential.check(() -> "caught m", () -> f.apply("m"));
    }

    @Test
    void lambdaThrowingOutOfItsBody() {
        Supplier<Coroutine<Integer>> s = () -> {
            int v = await(value(3));
            if (v > 2) {
                throw new UnsupportedOperationException("v=" + v);
            }
            return Coroutine.completed(v);
        };
        Differential.check(() -> {
            throw new UnsupportedOperationException("v=3");
        }, s);
    }

    @Async
    Coroutine<Integer> addOffset(int x) {
        return Coroutine.completed(await(value(x)) + offset);
    }

    @Async
    static Coroutine<Integer> square(int x) {
        return Coroutine.completed(await(future(x)) * x);
    }

    @Async
    static Coroutine<List<Integer>> mapAll(List<Integer> xs, Function<Integer, Coroutine<Integer>> f) {
        List<Integer> out = new ArrayList<>();
        for (Integer x : xs) {
            out.add(await(f.apply(x)));
        }
        return Coroutine.completed(out);
    }

    @Test
    void boundMethodReferenceToAnInstanceAsyncMethod() {
        LambdasTest t = new LambdasTest();
        Differential.check(() -> List.of(1001, 1002, 1003), () -> mapAll(List.of(1, 2, 3), t::addOffset));
    }

    @Test
    void staticMethodReference() {
        Differential.check(() -> List.of(1, 4, 9), () -> mapAll(List.of(1, 2, 3), LambdasTest::square));
    }

    @Async
    Coroutine<List<Integer>> viaThisReference() {
        return mapAll(List.of(5, 6), this::addOffset);
    }

    @Test
    void thisMethodReference() {
        Differential.check(() -> List.of(1005, 1006), () -> new LambdasTest().viaThisReference());
    }

    @Test
    void unboundMethodReference() {
        BiFunction<LambdasTest, Integer, Coroutine<Integer>> f = LambdasTest::addOffset;
        Differential.check(() -> 1009, () -> f.apply(new LambdasTest(), 9));
    }

    @Test
    void lambdaStoredInAListAndCalledRepeatedly() {
        List<Supplier<Coroutine<String>>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            tasks.add(() -> Coroutine.completed("t" + await(value(id))));
        }
        Supplier<Coroutine<String>> all = () -> {
            StringBuilder sb = new StringBuilder();
            for (Supplier<Coroutine<String>> t : tasks) {
                sb.append(await(t.get()));
            }
            return Coroutine.completed(sb.toString());
        };
        Differential.check(() -> "t0t1t2t3", all);
    }

    @Async
    static Coroutine<Integer> apply(Function<Integer, Coroutine<Integer>> f, int x) {
        return Coroutine.completed(await(f.apply(await(value(x)))));
    }

    @Test
    void lambdaPassedToAnAsyncMethod() {
        int k = 3;
        Differential.check(() -> 21, () -> apply(x -> Coroutine.completed(await(future(x)) * k), 7));
    }
}
