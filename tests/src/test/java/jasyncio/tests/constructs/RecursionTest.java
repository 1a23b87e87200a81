package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.failure;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/** Recursive and mutually recursive coroutines, including await chains thousands of frames deep. */
class RecursionTest {
    static long fibSync(int n) {
        return n < 2 ? n : fibSync(n - 1) + fibSync(n - 2);
    }

    @Async
    static Coroutine<Long> fib(int n) {
        if (n < 2) {
            return Coroutine.completed((long) await(value(n)));
        }
        // the first result waits on the operand stack while the second recursion runs
        return Coroutine.completed(await(fib(n - 1)) + await(fib(n - 2)));
    }

    @Test
    void fibonacci() {
        Differential.check(() -> fibSync(15), () -> fib(15));
    }

    static boolean isEvenSync(int n) {
        return n == 0 || isOddSync(n - 1);
    }

    static boolean isOddSync(int n) {
        return n != 0 && isEvenSync(n - 1);
    }

    @Async
    static Coroutine<Boolean> isEven(int n) {
        return Coroutine.completed(await(value(n)) == 0 || await(isOdd(n - 1)));
    }

    @Async
    static Coroutine<Boolean> isOdd(int n) {
        return Coroutine.completed(n != 0 && await(isEven(await(future(n)) - 1)));
    }

    @Test
    void mutualRecursion() {
        Differential.check(() -> isEvenSync(301), () -> isEven(301));
        Differential.check(() -> isOddSync(301), () -> isOdd(301));
    }

    static long depthSync(int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += i;
        }
        return sum;
    }

    @Async
    static Coroutine<Long> depth(int n) {
        if (n == 0) {
            return Coroutine.completed(await(value(0L)));
        }
        long below = await(depth(n - 1));
        return Coroutine.completed(below + await(value(n)));
    }

    @Test
    void awaitChainFiveThousandDeep() {
        Differential.check(() -> depthSync(5000), () -> depth(5000));
    }

    @Async
    static Coroutine<Integer> failDeep(int n) {
        if (n == 0) {
            return Coroutine.completed(await(failure(new IllegalStateException("bottom"))));
        }
        return Coroutine.completed(await(failDeep(n - 1)) + 1);
    }

    @Async
    static Coroutine<String> catchHalfway(int n) {
        try {
            return Coroutine.completed("value " + await(failDeep(n)));
        } catch (IllegalStateException e) {
            return Coroutine.completed(await(value("caught ")) + e.getMessage() + " through " + n);
        }
    }

    @Test
    void exceptionUnwindsThroughADeepChain() {
        Differential.check(() -> "caught bottom through 3000", () -> catchHalfway(3000));
    }

    @Test
    void exceptionEscapesTheDeepChainUnchanged() {
        Differential.check(() -> {
            throw new IllegalStateException("bottom");
        }, () -> failDeep(2000));
    }

    static int ackermannSync(int m, int n) {
        if (m == 0) {
            return n + 1;
        }
        if (n == 0) {
            return ackermannSync(m - 1, 1);
        }
        return ackermannSync(m - 1, ackermannSync(m, n - 1));
    }

    @Async
    static Coroutine<Integer> ackermann(int m, int n) {
        if (await(value(m)) == 0) {
            return Coroutine.completed(n + 1);
        }
        if (n == 0) {
            return ackermann(m - 1, 1); // tail await
        }
        return Coroutine.completed(await(ackermann(m - 1, await(ackermann(m, n - 1)))));
    }

    @Test
    void ackermannNestsAwaitsInsideArguments() {
        Differential.check(() -> ackermannSync(2, 3), () -> ackermann(2, 3));
    }

    static String hanoiSync(int n, char from, char to, char via) {
        if (n == 0) {
            return "";
        }
        return hanoiSync(n - 1, from, via, to) + from + to + " " + hanoiSync(n - 1, via, to, from);
    }

    @Async
    static Coroutine<String> hanoi(int n, char from, char to, char via) {
        if (n == 0) {
            return Coroutine.completed("");
        }
        return Coroutine.completed(await(hanoi(n - 1, from, via, to)) + await(value(from)) + to + " "
                + await(hanoi(n - 1, via, to, from)));
    }

    @Test
    void treeRecursionWithCharArguments() {
        Differential.check(() -> hanoiSync(6, 'A', 'C', 'B'), () -> hanoi(6, 'A', 'C', 'B'));
    }
}
