package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * Arrays under construction across awaits: array initialisers keep the array (and a DUP of it plus an
 * index) on the operand stack while the element is awaited; varargs calls build a hidden array the same way.
 */
class ArraysAndVarargsTest {
    static String initialisersSync() {
        int[] ints = {1, 2, 3};
        long[] longs = {Long.MAX_VALUE, -1L};
        double[] doubles = {0.5, Double.NaN};
        char[] chars = {'h', 'i'};
        boolean[] bools = {true, false};
        byte[] bytes = {(byte) 200, 7};
        short[] shorts = {-1, 300};
        float[] floats = {1.25f, -0.0f};
        String[] strings = {"a", null, "c"};
        return Arrays.toString(ints) + Arrays.toString(longs) + Arrays.toString(doubles) + Arrays.toString(chars)
                + Arrays.toString(bools) + Arrays.toString(bytes) + Arrays.toString(shorts) + Arrays.toString(floats)
                + Arrays.toString(strings);
    }

    @Async
    static Coroutine<String> initialisers() {
        int[] ints = new int[] {1, await(value(2)), 3};
        long[] longs = {await(future(Long.MAX_VALUE)), -1L};
        double[] doubles = {0.5, await(value(Double.NaN))};
        char[] chars = {await(value('h')), 'i'};
        boolean[] bools = {true, await(value(false))};
        byte[] bytes = {(byte) 200, await(value((byte) 7))};
        short[] shorts = {-1, await(future((short) 300))};
        float[] floats = {await(value(1.25f)), -0.0f};
        String[] strings = {"a", await(value((String) null)), await(value("c"))};
        return Coroutine.completed(Arrays.toString(ints) + Arrays.toString(longs) + Arrays.toString(doubles)
                + Arrays.toString(chars) + Arrays.toString(bools) + Arrays.toString(bytes) + Arrays.toString(shorts)
                + Arrays.toString(floats) + Arrays.toString(strings));
    }

    @Test
    void arrayInitialisersOfEveryElementTypeWithAwaitedElements() {
        Differential.check(ArraysAndVarargsTest::initialisersSync, ArraysAndVarargsTest::initialisers);
    }

    static String multiDimSync(int n) {
        int[][] grid = new int[n][n + 1];
        int[][] jagged = {{1}, {2, 3}, {}};
        long[][][] cube = new long[2][3][];
        cube[1][2] = new long[] {9, 8};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= n; j++) {
                grid[i][j] = i * 10 + j;
            }
        }
        return Arrays.deepToString(grid) + Arrays.deepToString(jagged) + Arrays.deepToString(cube);
    }

    @Async
    static Coroutine<String> multiDim(int n) {
        int[][] grid = new int[await(value(n))][await(future(n + 1))];
        int[][] jagged = {{await(value(1))}, {2, await(value(3))}, {}};
        long[][][] cube = new long[2][await(value(3))][];
        cube[await(value(1))][2] = new long[] {await(value(9L)), 8};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= n; j++) {
                grid[i][await(value(j))] = await(future(i * 10)) + j;
            }
        }
        return Coroutine.completed(Arrays.deepToString(grid) + Arrays.deepToString(jagged) + Arrays.deepToString(cube));
    }

    @Test
    void multiDimensionalArraysWithAwaitedDimensionsAndElements() {
        Differential.check(() -> multiDimSync(3), () -> multiDim(3));
    }

    @Test
    void negativeAwaitedDimensionThrows() {
        Differential.check(() -> multiDimSync(-1), () -> multiDim(-1));
    }

    static String join(String sep, Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(p);
        }
        return sb.toString() + "#" + parts.length;
    }

    static int sum(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s * 10 + xs.length;
    }

    @Async
    static Coroutine<String> varargsCalls() {
        String a = join(await(value("-")), 1, await(value(2)), "three", await(future(4L)));
        String b = join(",");
        String c = join(",", (Object[]) await(value(new Object[] {"x", "y"})));
        int d = sum(1, await(value(2)), 3, await(future(4)));
        int e = sum();
        return Coroutine.completed(a + "/" + b + "/" + c + "/" + d + "/" + e);
    }

    static String varargsCallsSync() {
        return join("-", 1, 2, "three", 4L) + "/" + join(",") + "/" + join(",", (Object[]) new Object[] {"x", "y"})
                + "/" + sum(1, 2, 3, 4) + "/" + sum();
    }

    @Test
    void varargsCallsWithAwaitedArguments() {
        Differential.check(ArraysAndVarargsTest::varargsCallsSync, ArraysAndVarargsTest::varargsCalls);
    }

    @Async
    static Coroutine<Integer> asyncSum(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += await(value(x));
        }
        return Coroutine.completed(s * 10 + xs.length);
    }

    @Async
    static Coroutine<Integer> callAsyncVarargs() {
        return Coroutine.completed(await(asyncSum(1, await(value(2)), 3)) + await(asyncSum()));
    }

    @Test
    void asyncVarargsMethodCalledWithAwaitedArguments() {
        Differential.check(() -> sum(1, 2, 3) + sum(), ArraysAndVarargsTest::callAsyncVarargs);
    }

    static String listOfSync() {
        List<Object> l = List.of(1, "two", 3.0, 'c');
        return l.toString();
    }

    @Async
    static Coroutine<String> listOf() {
        List<Object> l = List.of(await(value(1)), "two", await(future(3.0)), await(value('c')));
        return Coroutine.completed(l.toString());
    }

    @Test
    void genericFactoryArgumentsAwaited() {
        Differential.check(ArraysAndVarargsTest::listOfSync, ArraysAndVarargsTest::listOf);
    }

    static String arrayOpsSync(int[] xs) {
        int[] copy = xs.clone();
        copy[0] = copy.length;
        Object[] objs = new String[1];
        String stored;
        try {
            objs[0] = Integer.valueOf(1);
            stored = "stored";
        } catch (ArrayStoreException e) {
            stored = "ASE";
        }
        return Arrays.toString(copy) + xs.length + stored;
    }

    @Async
    static Coroutine<String> arrayOps(int[] xs) {
        int[] copy = await(value(xs)).clone();
        copy[await(value(0))] = await(future(copy.length));
        Object[] objs = new String[await(value(1))];
        String stored;
        try {
            objs[0] = await(value(Integer.valueOf(1)));
            stored = "stored";
        } catch (ArrayStoreException e) {
            stored = await(value("ASE"));
        }
        return Coroutine.completed(Arrays.toString(copy) + xs.length + stored);
    }

    @Test
    void cloneLengthAndArrayStoreException() {
        Differential.check(() -> arrayOpsSync(new int[] {4, 5, 6}), () -> arrayOps(new int[] {4, 5, 6}));
    }
}
