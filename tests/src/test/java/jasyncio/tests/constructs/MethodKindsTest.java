package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * Every kind of method can be @Async: instance (with fields and `this`), static, private, generic, varargs,
 * overloaded, interface default, overriding with super calls, and an abstract template method.
 */
class MethodKindsTest {
    private int field = 100;
    private long total;

    @Async
    Coroutine<Integer> instance(int x) {
        field += await(value(x));
        total += await(future((long) field));
        return Coroutine.completed(field + (int) total);
    }

    int instanceSync(int x) {
        field += x;
        total += field;
        return field + (int) total;
    }

    @Test
    void instanceMethodUpdatesFieldsAcrossAwaits() {
        Differential.check(() -> new MethodKindsTest().instanceSync(5), () -> new MethodKindsTest().instance(5));
    }

    @Async
    private Coroutine<String> privateMethod(String s) {
        return Coroutine.completed(await(value(s)) + this.field);
    }

    @Async
    private static Coroutine<String> privateStatic(String s) {
        return Coroutine.completed(s + await(future(s.length())));
    }

    @Async
    Coroutine<String> callsPrivates() {
        return Coroutine.completed(await(privateMethod("p")) + await(privateStatic("ps")));
    }

    @Test
    void privateInstanceAndStaticMethods() {
        Differential.check(() -> "p100ps2", () -> new MethodKindsTest().callsPrivates());
    }

    @Async
    static <T> Coroutine<T> identity(T t) {
        return Coroutine.completed(await(value(t)));
    }

    @Async
    static <T extends Comparable<T>> Coroutine<T> max(List<T> items) {
        T best = null;
        for (T item : items) {
            T it = await(identity(item));
            if (best == null || it.compareTo(best) > 0) {
                best = it;
            }
        }
        return Coroutine.completed(best);
    }

    static <T extends Comparable<T>> T maxSync(List<T> items) {
        T best = null;
        for (T item : items) {
            if (best == null || item.compareTo(best) > 0) {
                best = item;
            }
        }
        return best;
    }

    @Test
    void genericMethodsWithBoundedTypeVariables() {
        List<String> words = List.of("pear", "apple", "zucchini", "fig");
        Differential.check(() -> maxSync(words), () -> max(words));
        List<Integer> nums = List.of(3, -9, 27, 4);
        Differential.check(() -> maxSync(nums), () -> max(nums));
    }

    @Async
    @SafeVarargs
    static <T> Coroutine<List<T>> collect(T... items) {
        List<T> out = new ArrayList<>();
        for (T t : items) {
            out.add(await(future(t)));
        }
        return Coroutine.completed(out);
    }

    @Test
    void genericVarargsMethod() {
        Differential.check(() -> List.of("a", "b", "c"), () -> collect("a", "b", "c"));
        Differential.check(List::of, () -> collect());
    }

    @Async
    static Coroutine<String> describe(int x) {
        return Coroutine.completed("int " + await(value(x)));
    }

    @Async
    static Coroutine<String> describe(long x) {
        return Coroutine.completed("long " + await(value(x)));
    }

    @Async
    static Coroutine<String> describe(String x, double y) {
        return Coroutine.completed("string " + await(value(x)) + await(future(y)));
    }

    @Async
    static Coroutine<String> describe(Object x) {
        return Coroutine.completed("object " + await(value(x)));
    }

    @Async
    static Coroutine<String> overloads() {
        return Coroutine.completed(await(describe(1)) + "," + await(describe(2L)) + "," + await(describe("s", 0.5))
                + "," + await(describe((Object) "o")));
    }

    @Test
    void overloadedAsyncMethodsAreDistinctStateMachines() {
        Differential.check(() -> "int 1,long 2,string s0.5,object o", MethodKindsTest::overloads);
    }

    interface Greeter {
        String name();

        @Async
        default Coroutine<String> greet(String greeting) {
            return Coroutine.completed(await(value(greeting)) + ", " + await(future(name())));
        }

        @Async
        static Coroutine<String> twice(Greeter g) {
            return Coroutine.completed(await(g.greet("hi")) + " / " + await(g.greet("bye")));
        }
    }

    @Test
    void interfaceDefaultAndStaticAsyncMethods() {
        Greeter g = () -> "ann";
        Differential.check(() -> "hi, ann / bye, ann", () -> Greeter.twice(g));
    }

    static class Base {
        protected int base = 1;

        @Async
        Coroutine<String> step(int n) {
            base += await(value(n));
            return Coroutine.completed("base" + base);
        }
    }

    static class Derived extends Base {
        @Override
        @Async
        Coroutine<String> step(int n) {
            String fromSuper = await(super.step(n * 10));
            return Coroutine.completed("derived(" + fromSuper + "," + await(future(base + n)) + ")");
        }
    }

    static class Greeting implements Greeter {
        @Override
        public String name() {
            return "bob";
        }

        @Override
        @Async
        public Coroutine<String> greet(String greeting) {
            return Coroutine.completed("[" + await(Greeter.super.greet(greeting)) + "]");
        }
    }

    @Test
    void overrideAwaitsSuperImplementation() {
        Differential.check(() -> "derived(base31,34)", () -> new Derived().step(3));
    }

    @Test
    void overrideAwaitsInterfaceSuperDefault() {
        Differential.check(() -> "[hi, bob] / [bye, bob]", () -> Greeter.twice(new Greeting()));
    }

    @Test
    void virtualDispatchPicksTheOverride() {
        Differential.check(() -> "derived(base21,23)", () -> {
            Base b = new Derived();
            return b.step(2);
        });
    }

    abstract static class Pipeline {
        @Async
        final Coroutine<String> run(int input) {
            int a = await(load(input));
            int b = await(transform(a));
            return Coroutine.completed(label() + ":" + a + "->" + b);
        }

        abstract Coroutine<Integer> load(int input);

        @Async
        Coroutine<Integer> transform(int a) {
            return Coroutine.completed(await(value(a)) + 1);
        }

        abstract String label();
    }

    static final class Doubling extends Pipeline {
        @Override
        @Async
        Coroutine<Integer> load(int input) {
            return Coroutine.completed(await(future(input)) * 2);
        }

        @Override
        @Async
        Coroutine<Integer> transform(int a) {
            return Coroutine.completed(await(super.transform(a)) * await(value(3)));
        }

        @Override
        String label() {
            return "dbl";
        }
    }

    static final class Plain extends Pipeline {
        @Override
        Coroutine<Integer> load(int input) {
            return Coroutine.completed(input); // not @Async: a plain method returning a completed coroutine
        }

        @Override
        String label() {
            return "plain";
        }
    }

    @Test
    void abstractTemplateMethodCallsAsyncAndPlainOverrides() {
        Differential.check(() -> "dbl:10->33", () -> new Doubling().run(5));
        Differential.check(() -> "plain:5->6", () -> new Plain().run(5));
    }

    @Async
    static Coroutine<Integer> tailAwait(int x) {
        // returning another awaitable awaits it: the result is the inner coroutine's
        if (x > 0) {
            return value(x * 2);
        }
        return value(await(future(-x)));
    }

    @Test
    void returningAnAwaitableIsATailAwait() {
        Differential.check(() -> 8, () -> tailAwait(4));
        Differential.check(() -> 4, () -> tailAwait(-4));
    }

    @Async
    static Coroutine<Void> voidLike(List<String> out) {
        out.add(await(value("side effect")));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<List<String>> callsVoidLike() {
        List<String> out = new ArrayList<>();
        Void v = await(voidLike(out));
        out.add(String.valueOf(v));
        return Coroutine.completed(out);
    }

    @Test
    void coroutineOfVoidCompletesWithNull() {
        Differential.check(() -> List.of("side effect", "null"), MethodKindsTest::callsVoidLike);
    }

    @Async
    static Coroutine<Integer> manyParams(int a, long b, double c, float d, char e, short f, byte g, boolean h, String i,
                                         int[] j, Object k, long l) {
        await(value(0));
        return Coroutine.completed((int) (a + b + c + d + e + f + g + (h ? 1 : 0) + i.length() + j[0] + (k == null ? 0 : 1) + l));
    }

    @Test
    void manyParametersOfMixedWidthsSurviveSuspension() {
        Differential.check(() -> (int) (1 + 2L + 3.0 + 4f + 'a' + 6 + 7 + 1 + 3 + 9 + 0 + 12L),
                () -> manyParams(1, 2L, 3.0, 4f, 'a', (short) 6, (byte) 7, true, "abc", new int[] {9}, null, 12L));
    }
}
