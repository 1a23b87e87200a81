package jasyncio.tests.constructs;

import jasyncio.Coroutine;
import jasyncio.tests.support.CompiledClasses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Methods beyond the single-byte local index: more than 255 local slots (javac then emits wide
 * iload/istore), longs and doubles in slots above 255, and a long straight-line method with many awaits.
 * The methods are written here by code, each beside its synchronous twin, compiled by javac when the test runs
 * and rewritten by the agent as they load: the shape matters, not the arithmetic. Suspension points are few
 * where hundreds of locals are live (see {@link ManyLocalsManyAwaitsTest} for the dense case).
 */
class ManyLocalsTest {
    private static final String CLASS = "manylocals.ManyLocals";
    private static CompiledClasses compiled;
    private static Class<?> methods;

    @BeforeAll
    static void compile() throws IOException, ClassNotFoundException {
        compiled = CompiledClasses.compile(List.of(new CompiledClasses.Source(CLASS, source())));
        methods = compiled.load(CLASS);
    }

    @AfterAll
    static void delete() throws IOException {
        compiled.close();
    }

    @Test
    void threeHundredIntLocalsWithAwaitsBetween() {
        check("manyInts", int.class, 3);
    }

    @Test
    void longsAndDoublesInSlotsAbove255() {
        check("manyWide", long.class, -11L);
    }

    @Test
    void longStraightLineMethodWithFortyAwaits() {
        check("longMethod", int.class, 17);
    }

    /** {@code name(seed)} against {@code nameSync(seed)}, through {@link Differential}. */
    @SuppressWarnings("unchecked")
    private static void check(String name, Class<?> seedType, Object seed) {
        Method sync = method(name + "Sync", seedType);
        Method async = method(name, seedType);
        Differential.check(() -> invoke(sync, seed), () -> (Coroutine<Object>) invoke(async, seed));
    }

    private static Method method(String name, Class<?> seedType) {
        try {
            return methods.getDeclaredMethod(name, seedType);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static Object invoke(Method method, Object seed) {
        try {
            return method.invoke(null, seed);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // the method's own failure, for Differential to compare
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    // ---- the generated source ----

    static String source() {
        return """
                package manylocals;

                import jasyncio.Async;
                import jasyncio.Coroutine;

                import static jasyncio.Asyncio.await;
                import static jasyncio.tests.constructs.Arrivals.future;
                import static jasyncio.tests.constructs.Arrivals.value;

                public class ManyLocals {
                """ + manyInts() + manyWide() + longMethod() + "}\n";
    }

    /** 300 int locals, three of them awaited (one on a pending future), and an await at the end. */
    private static String manyInts() {
        int count = 300;
        Set<Integer> awaited = Set.of(0, 150, 280);
        IntFunction<String> local = i -> "int v" + i + " = seed * " + (i % 17 + 1) + " + ";
        IntFunction<String> operand = i -> !awaited.contains(i) ? String.valueOf(i)
                : "await(" + (i == 150 ? "future" : "value") + "(" + i + "))";
        String sum = IntStream.range(0, count).mapToObj(i -> "v" + i).collect(Collectors.joining(" + "));
        return twins("int", "Integer", "manyInts", "int seed",
                lines(count, i -> local.apply(i) + i + ";") + "        v299 += 5;\n",
                lines(count, i -> local.apply(i) + operand.apply(i) + ";") + "        v299 += await(value(5));\n",
                sum);
    }

    /** 140 long and 140 double locals, three pairs of them awaited, then an await with all of them live. */
    private static String manyWide() {
        int count = 140;
        IntPredicate awaited = i -> i == 1 || i == 70 || i == count - 1;
        IntFunction<String> wide = i -> "seed + " + i + "L * 1_000_000_007L";
        String sum = IntStream.range(0, count).mapToObj(i -> "w" + i + " + (long) d" + i).collect(Collectors.joining(" + "));
        return twins("long", "Long", "manyWide", "long seed",
                lines(count, i -> "long w" + i + " = " + wide.apply(i) + ";\n        double d" + i + " = w" + i + " / 7.0;"),
                lines(count, i -> awaited.test(i)
                        ? "long w" + i + " = await(value(" + wide.apply(i) + "));\n        double d" + i + " = w" + i
                                + " / await(future(7.0));"
                        : "long w" + i + " = " + wide.apply(i) + ";\n        double d" + i + " = w" + i + " / 7.0;")
                        + "        await(value(0));\n",
                sum);
    }

    /** 400 statements on one accumulator, every tenth awaiting. */
    private static String longMethod() {
        int count = 400;
        UnaryOperator<String> step = operand -> "acc = acc * 31 + " + operand + " ^ (acc >>> 7);";
        return twins("int", "Integer", "longMethod", "int seed",
                "        int acc = seed;\n" + lines(count, i -> step.apply(String.valueOf(i))),
                "        int acc = seed;\n" + lines(count, i -> step.apply(i % 10 == 0 ? "await(value(" + i + "))" : String.valueOf(i))),
                "acc");
    }

    /** A synchronous method {@code nameSync} and its {@code @Async} twin {@code name}, returning {@code result}. */
    private static String twins(String type, String boxed, String name, String parameter, String syncBody,
                                String asyncBody, String result) {
        return "    public static " + type + " " + name + "Sync(" + parameter + ") {\n" + syncBody
                + "        return " + result + ";\n    }\n\n"
                + "    @Async\n    public static Coroutine<" + boxed + "> " + name + "(" + parameter + ") {\n" + asyncBody
                + "        return Coroutine.completed(" + result + ");\n    }\n\n";
    }

    private static String lines(int count, IntFunction<String> line) {
        return IntStream.range(0, count).mapToObj(i -> "        " + line.apply(i) + "\n").collect(Collectors.joining());
    }
}
