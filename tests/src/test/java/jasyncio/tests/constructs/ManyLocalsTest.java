package jasyncio.tests.constructs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static jasyncio.tests.constructs.GeneratedTwins.classHeader;
import static jasyncio.tests.constructs.GeneratedTwins.lines;
import static jasyncio.tests.constructs.GeneratedTwins.twins;

/**
 * Methods beyond the single-byte local index: more than 255 local slots (javac then emits wide
 * iload/istore), longs and doubles in slots above 255, and a long straight-line method with many awaits.
 * The methods are written here by code, each beside its synchronous twin, compiled by javac when the test runs
 * and rewritten by the agent as they load: the shape matters, not the arithmetic. Suspension points are few
 * where hundreds of locals are live (see {@link ManyLocalsManyAwaitsTest} for the dense case).
 */
class ManyLocalsTest {
    @RegisterExtension
    static final GeneratedTwins GENERATED = new GeneratedTwins("manylocals.ManyLocals", ManyLocalsTest::source);

    @Test
    void threeHundredIntLocalsWithAwaitsBetween() {
        GENERATED.check("manyInts", int.class, 3);
    }

    @Test
    void longsAndDoublesInSlotsAbove255() {
        GENERATED.check("manyWide", long.class, -11L);
    }

    @Test
    void longStraightLineMethodWithFortyAwaits() {
        GENERATED.check("longMethod", int.class, 17);
    }

    // ---- the generated source ----

    static String source() {
        return classHeader("manylocals", "ManyLocals") + manyInts() + manyWide() + longMethod() + "}\n";
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
}
