package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/** Awaits buried inside larger expressions: receivers, chained calls, field stores, nested awaits, assert. */
class ExpressionsTest {
    int field;
    static long staticField;
    ExpressionsTest next;

    static String chainedSync(String s) {
        return s.trim().toUpperCase().substring(1).concat(String.valueOf(s.length())).repeat(2);
    }

    @Async
    static Coroutine<String> chained(String s) {
        // receivers awaited at several links of the chain, arguments awaited in between
        return Coroutine.completed(await(value(s)).trim().toUpperCase().substring(await(future(1)))
                .concat(String.valueOf(await(value(s)).length())).repeat(await(value(2))));
    }

    @Test
    void chainedCallsWithAwaitedReceiversAndArguments() {
        Differential.check(() -> chainedSync("  hello "), () -> chained("  hello "));
    }

    static int nullReceiverSync(String s) {
        String t = s;
        return t.length();
    }

    @Async
    static Coroutine<Integer> nullReceiver(String s) {
        String t = await(value(s));
        return Coroutine.completed(t.length());
    }

    @Test
    void nullReceiverThrowsNullPointerExceptionNamingTheLocal() {
        // the helpful message names the local `t`: the rewritten method keeps its local variable table
        Differential.check(() -> nullReceiverSync(null), () -> nullReceiver(null));
    }

    static String fieldsSync() {
        ExpressionsTest a = new ExpressionsTest();
        a.next = new ExpressionsTest();
        a.field = 5;
        a.next.field = a.field * 2;
        staticField = 7;
        staticField += a.next.field;
        a.next.next = a;
        a.next.next.field++;
        return a.field + "," + a.next.field + "," + staticField;
    }

    @Async
    static Coroutine<String> fields() {
        ExpressionsTest a = new ExpressionsTest();
        a.next = await(value(new ExpressionsTest()));
        a.field = await(future(5));
        // putfield with the target object on the stack below the awaited value
        a.next.field = a.field * await(value(2));
        staticField = await(value(7L));
        staticField += await(value(a.next.field));
        await(value(a.next)).next = a;
        a.next.next.field += await(value(1));
        return Coroutine.completed(a.field + "," + a.next.field + "," + staticField);
    }

    @Test
    void fieldStoresWithAwaitedTargetsAndValues() {
        Differential.check(ExpressionsTest::fieldsSync, ExpressionsTest::fields);
    }

    @Async
    static Coroutine<Integer> nestedAwaits(int x) {
        // an await whose argument is computed from another await, several levels deep
        return Coroutine.completed(await(value(await(future(await(value(x)) + 1)) * 2)) + 3);
    }

    @Test
    void awaitsNestedInsideAwaitArguments() {
        Differential.check(() -> (4 + 1) * 2 + 3, () -> nestedAwaits(4));
    }

    @Async
    static Coroutine<Integer> awaitTwiceInOneExpression(int a, int b) {
        return Coroutine.completed(await(value(a)) * await(value(b)) - await(future(a)) / await(value(b)) % 7);
    }

    @Test
    void evaluationOrderIsLeftToRight() {
        Differential.check(() -> 17 * 5 - 17 / 5 % 7, () -> awaitTwiceInOneExpression(17, 5));
    }

    static List<String> order;

    static int note(String s, int v) {
        order.add(s);
        return v;
    }

    static String sideEffectOrderSync() {
        order = new ArrayList<>();
        int r = note("a", 1) + note("b", 2) * note("c", 3) - (note("d", 4) > 3 ? note("e", 5) : note("f", 6));
        return r + " " + order;
    }

    @Async
    static Coroutine<String> sideEffectOrder() {
        order = new ArrayList<>();
        int r = note("a", 1) + note("b", await(value(2))) * note("c", 3)
                - (note(await(value("d")), 4) > 3 ? note("e", await(future(5))) : note("f", 6));
        return Coroutine.completed(r + " " + order);
    }

    @Test
    void sideEffectsInterleaveWithAwaitsInSourceOrder() {
        Differential.check(ExpressionsTest::sideEffectOrderSync, ExpressionsTest::sideEffectOrder);
    }

    static String mapsAndBoxingSync() {
        Map<String, Integer> m = new HashMap<>();
        m.put("a", 1);
        m.merge("a", 5, Integer::sum);
        Integer boxed = m.get("a");
        int unboxed = boxed;
        Integer missing = m.get("zz");
        return m + "," + unboxed + "," + missing + "," + Optional.ofNullable(missing).orElse(-1);
    }

    @Async
    static Coroutine<String> mapsAndBoxing() {
        Map<String, Integer> m = new HashMap<>();
        m.put(await(value("a")), await(future(1)));
        m.merge("a", await(value(5)), Integer::sum);
        Integer boxed = await(value(m.get("a")));
        int unboxed = boxed;
        Integer missing = await(value(m.get("zz")));
        return Coroutine.completed(m + "," + unboxed + "," + missing + "," + Optional.ofNullable(missing).orElse(await(value(-1))));
    }

    @Test
    void boxingUnboxingAndNullBoxes() {
        Differential.check(ExpressionsTest::mapsAndBoxingSync, ExpressionsTest::mapsAndBoxing);
    }

    @Async
    static Coroutine<Integer> unboxNull() {
        Integer none = await(value((Integer) null));
        int x = none; // NullPointerException on unboxing
        return Coroutine.completed(x);
    }

    @Test
    void unboxingAnAwaitedNullThrows() {
        Differential.check(() -> {
            Integer none = null;
            int x = none;
            return x;
        }, ExpressionsTest::unboxNull);
    }

    @Async
    static Coroutine<String> instanceofChain(Object o) {
        Object v = await(value(o));
        String kind;
        if (v instanceof Integer i && i > await(value(10))) {
            kind = "big int " + i;
        } else if (v instanceof Integer) {
            kind = "int";
        } else if (v instanceof CharSequence cs) {
            kind = "chars " + await(future(cs.length()));
        } else {
            kind = "other";
        }
        return Coroutine.completed(kind);
    }

    static String instanceofChainSync(Object v) {
        if (v instanceof Integer i && i > 10) {
            return "big int " + i;
        } else if (v instanceof Integer) {
            return "int";
        } else if (v instanceof CharSequence cs) {
            return "chars " + cs.length();
        }
        return "other";
    }

    @Test
    void patternBindingsLiveAcrossAwaits() {
        for (Object o : new Object[] {42, 3, "abcd", new StringBuilder("xy"), 2.0, null}) {
            Differential.check(() -> instanceofChainSync(o), () -> instanceofChain(o));
        }
    }

    @Async
    static Coroutine<String> conditionalChains(int x) {
        String r = "";
        if (await(value(x)) > 0 && x < 10 || await(future(x)) == -1) {
            r += "A";
        }
        if (!(x % 2 == 0) ^ await(value(x > 5))) {
            r += "B";
        }
        r += x > 3 ? (x > 7 ? await(value("C")) : "D") : await(value(x < -3 ? "E" : "F"));
        return Coroutine.completed(r);
    }

    static String conditionalChainsSync(int x) {
        String r = "";
        if (x > 0 && x < 10 || x == -1) {
            r += "A";
        }
        if (!(x % 2 == 0) ^ x > 5) {
            r += "B";
        }
        r += x > 3 ? (x > 7 ? "C" : "D") : (x < -3 ? "E" : "F");
        return r;
    }

    @Test
    void nestedConditionalsAndBooleanOperators() {
        for (int x : new int[] {-5, -1, 0, 2, 5, 6, 8, 11}) {
            Differential.check(() -> conditionalChainsSync(x), () -> conditionalChains(x));
        }
    }

    @Async
    static Coroutine<Integer> assertStatement(int x) {
        assert await(value(x)) >= 0 : "negative " + x;
        return Coroutine.completed(x * 2);
    }

    static int assertStatementSync(int x) {
        assert x >= 0 : "negative " + x;
        return x * 2;
    }

    @Test
    void assertWithAnAwaitedCondition() {
        // whether assertions are enabled or not, both sides behave the same way
        Differential.check(() -> assertStatementSync(4), () -> assertStatement(4));
        Differential.check(() -> assertStatementSync(-4), () -> assertStatement(-4));
    }

    @Async
    static Coroutine<String> textBlocksAndChars() {
        String tb = """
                line %d
                  %s""".formatted(await(value(1)), await(future("two")));
        char c = (char) ('a' + await(value(2)));
        return Coroutine.completed(tb + c + Character.toUpperCase(await(value(c))));
    }

    @Test
    void textBlockFormattingAndCharArithmetic() {
        Differential.check(() -> "line 1\n  two" + 'c' + 'C', ExpressionsTest::textBlocksAndChars);
    }
}
