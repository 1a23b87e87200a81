package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/** Loops of every form, awaiting in the condition, the body and the update; each against its twin. */
class LoopsTest {
    static int forLoopSync(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += i * 2;
        }
        return sum;
    }

    @Async
    static Coroutine<Integer> forLoop(int n) {
        int sum = 0;
        for (int i = 0; i < await(value(n)); i = await(value(i + 1))) {
            sum += await(future(i)) * 2;
        }
        return Coroutine.completed(sum);
    }

    @Test
    void forLoopAwaitingInConditionBodyAndUpdate() {
        Differential.check(() -> forLoopSync(20), () -> forLoop(20));
    }

    static long whileLoopSync(int n) {
        long product = 1;
        int i = 1;
        while (i <= n) {
            product *= i;
            i++;
        }
        return product;
    }

    @Async
    static Coroutine<Long> whileLoop(int n) {
        long product = 1;
        int i = 1;
        while (i <= await(future(n))) {
            product *= await(value(i));
            i++;
        }
        return Coroutine.completed(product);
    }

    @Test
    void whileLoopAwaitingInConditionAndBody() {
        Differential.check(() -> whileLoopSync(15), () -> whileLoop(15));
    }

    static String doWhileSync(int n) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        do {
            sb.append(i).append(',');
            i += 3;
        } while (i < n);
        return sb.toString();
    }

    @Async
    static Coroutine<String> doWhile(int n) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        do {
            sb.append(await(value(i))).append(',');
            i += await(future(3));
        } while (await(value(i < n)));
        return Coroutine.completed(sb.toString());
    }

    @Test
    void doWhileAwaitingInBodyAndCondition() {
        Differential.check(() -> doWhileSync(20), () -> doWhile(20));
    }

    @Test
    void doWhileRunsItsBodyOnceWhenTheConditionIsFalse() {
        Differential.check(() -> doWhileSync(-5), () -> doWhile(-5));
    }

    static int enhancedForArraySync(int[] xs) {
        int sum = 0;
        for (int x : xs) {
            sum = sum * 31 + x;
        }
        return sum;
    }

    @Async
    static Coroutine<Integer> enhancedForArray(int[] xs) {
        int sum = 0;
        for (int x : await(value(xs))) {
            sum = sum * 31 + await(value(x));
        }
        return Coroutine.completed(sum);
    }

    @Test
    void enhancedForOverAnAwaitedArray() {
        int[] xs = {3, 1, 4, 1, 5, 9, 2, 6};
        Differential.check(() -> enhancedForArraySync(xs), () -> enhancedForArray(xs));
    }

    static List<String> enhancedForIterableSync(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(w.toUpperCase());
        }
        return out;
    }

    @Async
    static Coroutine<List<String>> enhancedForIterable(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(await(future(w.toUpperCase())));
        }
        return Coroutine.completed(out);
    }

    @Test
    void enhancedForOverAnIterableKeepsTheIteratorAcrossAwaits() {
        List<String> words = Arrays.asList("alpha", "beta", "gamma", "delta");
        Differential.check(() -> enhancedForIterableSync(words), () -> enhancedForIterable(words));
    }

    static String labeledSync(int n) {
        StringBuilder sb = new StringBuilder();
        outer:
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    continue outer;
                }
                if (i * j > 12) {
                    break outer;
                }
                sb.append(i).append(j).append(' ');
            }
        }
        return sb.toString();
    }

    @Async
    static Coroutine<String> labeled(int n) {
        StringBuilder sb = new StringBuilder();
        outer:
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < await(value(n)); j++) {
                if (j > await(value(i))) {
                    continue outer;
                }
                if (await(future(i * j)) > 12) {
                    break outer;
                }
                sb.append(i).append(await(value(j))).append(' ');
            }
        }
        return Coroutine.completed(sb.toString());
    }

    @Test
    void labeledBreakAndContinueOutOfNestedLoops() {
        Differential.check(() -> labeledSync(8), () -> labeled(8));
    }

    static int tripleNestedSync(int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            int j = 0;
            while (j < i) {
                int k = 0;
                do {
                    count += i ^ j ^ k;
                    k++;
                } while (k < j);
                j++;
            }
        }
        return count;
    }

    @Async
    static Coroutine<Integer> tripleNested(int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            int j = 0;
            while (j < i) {
                int k = 0;
                do {
                    count += await(value(i)) ^ j ^ await(future(k));
                    k++;
                } while (k < j);
                j = await(value(j + 1));
            }
        }
        return Coroutine.completed(count);
    }

    @Test
    void threeNestedLoopKindsWithAwaitsAtEveryLevel() {
        Differential.check(() -> tripleNestedSync(7), () -> tripleNested(7));
    }

    static int infiniteSync(int limit) {
        int i = 0;
        int steps = 0;
        for (;;) {
            i = i * 2 + 1;
            steps++;
            if (i > limit) {
                break;
            }
        }
        while (true) {
            if (--i % 7 == 0) {
                break;
            }
            steps++;
        }
        return steps * 1000 + i;
    }

    @Async
    static Coroutine<Integer> infinite(int limit) {
        int i = 0;
        int steps = 0;
        for (;;) {
            i = await(value(i * 2 + 1));
            steps++;
            if (i > await(future(limit))) {
                break;
            }
        }
        while (true) {
            if (--i % await(value(7)) == 0) {
                break;
            }
            steps++;
        }
        return Coroutine.completed(steps * 1000 + i);
    }

    @Test
    void infiniteLoopsLeftByBreak() {
        Differential.check(() -> infiniteSync(500), () -> infinite(500));
    }

    static int loopExitingByReturnSync(int[] xs, int target) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] == target) {
                return i;
            }
        }
        return -1;
    }

    @Async
    static Coroutine<Integer> loopExitingByReturn(int[] xs, int target) {
        for (int i = 0; i < xs.length; i++) {
            if (await(value(xs[i])) == target) {
                return Coroutine.completed(i);
            }
        }
        return Coroutine.completed(-1);
    }

    @Test
    void returnFromInsideALoopAfterAnAwait() {
        int[] xs = {5, 8, 13, 21};
        Differential.check(() -> loopExitingByReturnSync(xs, 13), () -> loopExitingByReturn(xs, 13));
        Differential.check(() -> loopExitingByReturnSync(xs, 4), () -> loopExitingByReturn(xs, 4));
    }

    static int manyIterationsSync(int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) {
            acc = acc * 17 + i;
        }
        return acc;
    }

    @Async
    static Coroutine<Integer> manyIterations(int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) {
            acc = acc * 17 + await(value(i));
        }
        return Coroutine.completed(acc);
    }

    @Test
    void thousandsOfAwaitingIterations() {
        Differential.check(() -> manyIterationsSync(3000), () -> manyIterations(3000));
    }
}
