package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * Every primitive type (and null) held in locals and on the operand stack across awaits: wide types
 * (long/double take two slots), sub-int types (boolean/byte/char/short share int's verifier type),
 * floating-point oddities, and javac's expression shapes that leave values on the stack.
 */
class PrimitivesTest {
    static String localsSync(boolean z, byte b, char c, short s, int i, long j, float f, double d, Object o) {
        boolean z2 = !z;
        byte b2 = (byte) (b + 1);
        char c2 = (char) (c + 1);
        short s2 = (short) (s - 1);
        int i2 = i ^ 0x5a5a5a5a;
        long j2 = j + 1;
        float f2 = f * 2;
        double d2 = d / 3;
        Object o2 = o;
        return "" + z2 + b2 + c2 + s2 + i2 + j2 + f2 + d2 + o2 + z + b + c + s + i + j + f + d + o;
    }

    @Async
    static Coroutine<String> locals(boolean z, byte b, char c, short s, int i, long j, float f, double d, Object o) {
        boolean z2 = !await(value(z));
        byte b2 = (byte) (await(future(b)) + 1);
        char c2 = (char) (await(value(c)) + 1);
        short s2 = (short) (await(value(s)) - 1);
        int i2 = await(future(i)) ^ 0x5a5a5a5a;
        long j2 = await(value(j)) + 1;
        float f2 = await(value(f)) * 2;
        double d2 = await(future(d)) / 3;
        Object o2 = await(value(o));
        await(value(0));
        return Coroutine.completed("" + z2 + b2 + c2 + s2 + i2 + j2 + f2 + d2 + o2 + z + b + c + s + i + j + f + d + o);
    }

    @Test
    void everyPrimitiveTypeSurvivesInLocals() {
        Differential.check(() -> localsSync(true, (byte) 127, 'x', (short) -32768, 42, Long.MAX_VALUE, 1.5f, Math.PI, "obj"),
                () -> locals(true, (byte) 127, 'x', (short) -32768, 42, Long.MAX_VALUE, 1.5f, Math.PI, "obj"));
    }

    @Test
    void extremesAndNull() {
        Differential.check(
                () -> localsSync(false, Byte.MIN_VALUE, Character.MAX_VALUE, Short.MAX_VALUE, Integer.MIN_VALUE,
                        Long.MIN_VALUE, Float.MIN_VALUE, Double.MAX_VALUE, null),
                () -> locals(false, Byte.MIN_VALUE, Character.MAX_VALUE, Short.MAX_VALUE, Integer.MIN_VALUE,
                        Long.MIN_VALUE, Float.MIN_VALUE, Double.MAX_VALUE, null));
    }

    @Test
    void nanNegativeZeroAndInfinities() {
        Differential.check(
                () -> localsSync(true, (byte) 0, '\0', (short) 0, 0, -1L, Float.NaN, -0.0, Double.NEGATIVE_INFINITY),
                () -> locals(true, (byte) 0, '\0', (short) 0, 0, -1L, Float.NaN, -0.0, Double.NEGATIVE_INFINITY));
        Differential.check(
                () -> localsSync(true, (byte) 0, '\0', (short) 0, 0, -1L, -0.0f, Double.NaN, Float.POSITIVE_INFINITY),
                () -> locals(true, (byte) 0, '\0', (short) 0, 0, -1L, -0.0f, Double.NaN, Float.POSITIVE_INFINITY));
    }

    static long stackLongSync(long a, int b, long c) {
        long x = a + b * c;
        return x - (a << 3);
    }

    @Async
    static Coroutine<Long> stackLong(long a, int b, long c) {
        // `a` (a long, two slots) is on the operand stack while b is awaited
        long x = a + await(value(b)) * c;
        return Coroutine.completed(x - (await(future(a)) << 3));
    }

    @Test
    void longOnTheOperandStackAcrossAnAwait() {
        Differential.check(() -> stackLongSync(1L << 40, 7, -3L), () -> stackLong(1L << 40, 7, -3L));
    }

    static String mixedArgs(long a, double b, int c, float d, char e, boolean f, Object g) {
        return a + "|" + b + "|" + c + "|" + d + "|" + e + "|" + f + "|" + g;
    }

    @Async
    static Coroutine<String> mixedArgsAwaitedLast() {
        // the call's earlier arguments wait on the operand stack while the later ones are awaited
        return Coroutine.completed(mixedArgs(1L, 2.0, await(value(3)), 4.5f, await(future('e')), await(value(true)),
                await(value((Object) null))));
    }

    @Test
    void mixedWideAndNarrowArgumentsOnTheStack() {
        Differential.check(() -> mixedArgs(1L, 2.0, 3, 4.5f, 'e', true, null), PrimitivesTest::mixedArgsAwaitedLast);
    }

    @Async
    static Coroutine<String> mixedArgsAllAwaited() {
        return Coroutine.completed(mixedArgs(await(value(Long.MIN_VALUE)), await(future(-0.0)), await(value(-1)),
                await(value(Float.NaN)), await(value('\uffff')), await(future(false)), await(value("g"))));
    }

    @Test
    void everyArgumentAwaited() {
        Differential.check(() -> mixedArgs(Long.MIN_VALUE, -0.0, -1, Float.NaN, '\uffff', false, "g"),
                PrimitivesTest::mixedArgsAllAwaited);
    }

    static String concatSync(char c, int i, long l, double d, String s) {
        return "" + c + i + l + d + s + null;
    }

    @Async
    static Coroutine<String> concat(char c, int i, long l, double d, String s) {
        // javac compiles this to one invokedynamic makeConcatWithConstants with the parts on the stack
        return Coroutine.completed("" + c + await(value(i)) + l + await(future(d)) + await(value(s)) + null);
    }

    @Test
    void stringConcatenationWithAwaitedParts() {
        Differential.check(() -> concatSync('q', -7, 1L << 50, 0.1, "end"), () -> concat('q', -7, 1L << 50, 0.1, "end"));
        Differential.check(() -> concatSync('q', -7, 1L << 50, Double.NaN, null), () -> concat('q', -7, 1L << 50, Double.NaN, null));
    }

    static String ternariesSync(int x, String s) {
        int a = x > 0 ? x * 2 : -x;
        String b = s == null ? "none" : s.length() > 3 ? "long" : "short";
        long c = (x & 1) == 0 ? 10L : x;
        return a + b + c;
    }

    @Async
    static Coroutine<String> ternaries(int x, String s) {
        int a = await(value(x)) > 0 ? await(value(x)) * 2 : -await(future(x));
        String b = s == null ? await(value("none")) : await(value(s.length())) > 3 ? "long" : await(value("short"));
        long c = (x & 1) == 0 ? await(value(10L)) : x;
        return Coroutine.completed(a + b + c);
    }

    @Test
    void ternariesWithAwaitsInConditionAndBranches() {
        for (int x : new int[] {-3, 0, 4, 5}) {
            for (String s : new String[] {null, "ab", "abcdef"}) {
                Differential.check(() -> ternariesSync(x, s), () -> ternaries(x, s));
            }
        }
    }

    static int calls;

    static boolean check(boolean b) {
        calls++;
        return b;
    }

    static String shortCircuitSync(boolean p, boolean q, boolean r) {
        calls = 0;
        boolean and = check(p) && check(q);
        boolean or = check(p) || check(r);
        boolean mixed = (check(p) && check(q)) || !check(r);
        boolean nonShort = check(p) & check(q) | check(r) ^ check(p);
        return "" + and + or + mixed + nonShort + calls;
    }

    @Async
    static Coroutine<String> shortCircuit(boolean p, boolean q, boolean r) {
        calls = 0;
        boolean and = check(await(value(p))) && check(await(future(q)));
        boolean or = check(p) || check(await(value(r)));
        boolean mixed = (check(await(value(p))) && check(q)) || !check(await(value(r)));
        boolean nonShort = check(p) & check(await(value(q))) | check(r) ^ check(await(future(p)));
        return Coroutine.completed("" + and + or + mixed + nonShort + calls);
    }

    @Test
    void shortCircuitSkipsAwaitsExactlyAsItSkipsCalls() {
        for (int bits = 0; bits < 8; bits++) {
            boolean p = (bits & 1) != 0;
            boolean q = (bits & 2) != 0;
            boolean r = (bits & 4) != 0;
            Differential.check(() -> shortCircuitSync(p, q, r), () -> shortCircuit(p, q, r));
        }
    }

    static String compoundSync(int[] arr) {
        int x = 5;
        long y = 3;
        double z = 1.5;
        byte b = 10;
        char c = 'a';
        String s = "s";
        int i = 0;
        x += 7;
        x -= 2;
        x *= 3;
        x /= 4;
        x %= 5;
        x <<= 3;
        x >>= 1;
        x >>>= 1;
        x |= 0x100;
        x &= 0x1ff;
        x ^= 0x0f;
        y *= 1_000_000_007L;
        z -= 0.25;
        b += 300;
        c += 2;
        s += 42;
        arr[i++] += 5;
        arr[i++] *= 3;
        arr[++i] -= 1;
        return x + "," + y + "," + z + "," + b + "," + c + "," + s + "," + i + "," + Arrays.toString(arr);
    }

    @Async
    static Coroutine<String> compound(int[] arr) {
        int x = 5;
        long y = 3;
        double z = 1.5;
        byte b = 10;
        char c = 'a';
        String s = "s";
        int i = 0;
        x += await(value(7));
        x -= await(future(2));
        x *= await(value(3));
        x /= await(value(4));
        x %= await(value(5));
        x <<= await(value(3));
        x >>= await(future(1));
        x >>>= await(value(1));
        x |= await(value(0x100));
        x &= await(value(0x1ff));
        x ^= await(value(0x0f));
        y *= await(value(1_000_000_007L));
        z -= await(future(0.25));
        b += await(value(300));
        c += await(value(2));
        s += await(value(42));
        // array ref, index and old element are on the stack while the right side is awaited
        arr[i++] += await(value(5));
        arr[i++] *= await(future(3));
        arr[++i] -= await(value(1));
        return Coroutine.completed(x + "," + y + "," + z + "," + b + "," + c + "," + s + "," + i + "," + Arrays.toString(arr));
    }

    @Test
    void compoundAssignmentsOfEveryOperatorAndArrayElements() {
        Differential.check(() -> compoundSync(new int[] {1, 2, 3, 4}), () -> compound(new int[] {1, 2, 3, 4}));
    }

    static String longArrayCompoundSync(long[] ls, double[] ds) {
        int i = 0;
        ls[i] += ls[i + 1]++;
        ds[i++] /= 3;
        ds[i] = -ds[i];
        return Arrays.toString(ls) + Arrays.toString(ds) + i;
    }

    @Async
    static Coroutine<String> longArrayCompound(long[] ls, double[] ds) {
        int i = 0;
        ls[i] += await(value(ls[i + 1]++));
        ds[i++] /= await(value(3.0));
        ds[i] = -await(future(ds[i]));
        return Coroutine.completed(Arrays.toString(ls) + Arrays.toString(ds) + i);
    }

    @Test
    void wideArrayElementsUnderCompoundAssignment() {
        Differential.check(() -> longArrayCompoundSync(new long[] {5, 9}, new double[] {1, -0.0}),
                () -> longArrayCompound(new long[] {5, 9}, new double[] {1, -0.0}));
    }

    static String incrementsSync(int start) {
        int i = start;
        long l = start;
        int a = i++ + ++i;
        long b = l-- - --l;
        int c = i-- * 2 + i;
        return a + "," + b + "," + c + "," + i + "," + l;
    }

    @Async
    static Coroutine<String> increments(int start) {
        int i = await(value(start));
        long l = await(future((long) start));
        int a = i++ + await(value(++i));
        long b = l-- - await(value(--l));
        int c = i-- * await(value(2)) + i;
        return Coroutine.completed(a + "," + b + "," + c + "," + i + "," + l);
    }

    @Test
    void preAndPostIncrementsAroundAwaits() {
        Differential.check(() -> incrementsSync(10), () -> increments(10));
    }

    static String castsSync(double d, long l, Object o) {
        int i = (int) d;
        byte b = (byte) l;
        char c = (char) l;
        short s = (short) d;
        float f = (float) d;
        long fromD = (long) d;
        boolean isStr = o instanceof String;
        String len = o instanceof String str && str.length() > 2 ? "len" + str.length() : "no";
        Number n = o instanceof Number ? (Number) o : null;
        return i + "," + b + "," + (int) c + "," + s + "," + f + "," + fromD + "," + isStr + "," + len + "," + n;
    }

    @Async
    static Coroutine<String> casts(double d, long l, Object o) {
        int i = (int) (double) await(value(d));
        byte b = (byte) (long) await(future(l));
        char c = (char) (long) await(value(l));
        short s = (short) (double) await(value(d));
        float f = (float) (double) await(value(d));
        long fromD = (long) (double) await(value(d));
        boolean isStr = await(value(o)) instanceof String;
        String len = await(future(o)) instanceof String str && await(value(str.length())) > 2 ? "len" + str.length() : "no";
        Number n = await(value(o)) instanceof Number ? (Number) o : null;
        return Coroutine.completed(i + "," + b + "," + (int) c + "," + s + "," + f + "," + fromD + "," + isStr + "," + len + "," + n);
    }

    @Test
    void narrowingCastsInstanceofAndPatternMatching() {
        Differential.check(() -> castsSync(1e10, 0x1_2345_6789L, "hello"), () -> casts(1e10, 0x1_2345_6789L, "hello"));
        Differential.check(() -> castsSync(Double.NaN, -1L, 17), () -> casts(Double.NaN, -1L, 17));
        Differential.check(() -> castsSync(-65537.9, Long.MIN_VALUE, null), () -> casts(-65537.9, Long.MIN_VALUE, null));
    }

    static String comparisonsSync(double a, double b, float f, long l) {
        return "" + (a < b) + (a > b) + (a == b) + (a != b) + (f <= 0) + (l >= 0) + Double.compare(a, b) + (a == a);
    }

    @Async
    static Coroutine<String> comparisons(double a, double b, float f, long l) {
        // dcmpl/dcmpg/fcmp/lcmp with one operand already on the stack
        return Coroutine.completed("" + (a < await(value(b))) + (a > await(future(b))) + (a == await(value(b)))
                + (a != await(value(b))) + (f <= await(value(0f))) + (l >= await(value(0L)))
                + Double.compare(a, await(value(b))) + (a == await(value(a))));
    }

    @Test
    void floatingComparisonsWithNaN() {
        Differential.check(() -> comparisonsSync(Double.NaN, 1.0, Float.NaN, -1L), () -> comparisons(Double.NaN, 1.0, Float.NaN, -1L));
        Differential.check(() -> comparisonsSync(-0.0, 0.0, -0.0f, 0L), () -> comparisons(-0.0, 0.0, -0.0f, 0L));
        Differential.check(() -> comparisonsSync(Double.MIN_VALUE, 0.0, Float.MAX_VALUE, Long.MAX_VALUE),
                () -> comparisons(Double.MIN_VALUE, 0.0, Float.MAX_VALUE, Long.MAX_VALUE));
    }

    static Object nullsSync(String s) {
        Object o = null;
        String t = s;
        int[] arr = null;
        return o == null && t == null && arr == null ? "all null" : String.valueOf(t);
    }

    @Async
    static Coroutine<Object> nulls(String s) {
        Object o = null;
        String t = s;
        int[] arr = null;
        // null locals and a null constant on the stack across awaits
        Object n = await(value(null)) == null ? null : "x";
        return Coroutine.completed(await(value(o)) == null && await(future(t)) == null && arr == null && n == null ? "all null" : String.valueOf(t));
    }

    @Test
    void nullLocalsAndNullOnTheStack() {
        Differential.check(() -> nullsSync(null), () -> nulls(null));
        Differential.check(() -> nullsSync("s"), () -> nulls("s"));
    }

    static double mathSync(double x, long seed) {
        return Math.sqrt(x) + Math.floorMod(seed, 7) - (x * seed) % 3.5 + (float) x / 3f;
    }

    @Async
    static Coroutine<Double> math(double x, long seed) {
        return Coroutine.completed(Math.sqrt(await(value(x))) + Math.floorMod(seed, await(future(7L)))
                - (x * await(value(seed))) % await(value(3.5)) + (float) x / await(value(3f)));
    }

    @Test
    void arithmeticMixingWidths() {
        Differential.check(() -> mathSync(2.0, -123456789012L), () -> math(2.0, -123456789012L));
    }
}
