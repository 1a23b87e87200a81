package jasyncio.tests.constructs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static jasyncio.tests.constructs.GeneratedTwins.classHeader;
import static jasyncio.tests.constructs.GeneratedTwins.lines;
import static jasyncio.tests.constructs.GeneratedTwins.twins;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Twenty-four suspension points while up to 300 int locals are live: a legal javac method whose state machine,
 * had it saved and restored every live local at every await, would exceed the JVM's 64 KiB method limit. The
 * awaits share their save and restore code, so it is rewritten like any other and runs like its synchronous twin;
 * the plain sibling method pins that the rest of the class is rewritten too. The methods are written here by code
 * and compiled by javac when the test runs, like {@link ManyLocalsTest}'s.
 */
class ManyLocalsManyAwaitsTest {
    @RegisterExtension
    static final GeneratedTwins GENERATED =
            new GeneratedTwins("manylocals.ManyLocalsManyAwaits", ManyLocalsManyAwaitsTest::source);

    @Test
    void manyLiveLocalsAcrossManyAwaitsAreRewrittenAndRunLikeTheTwin() {
        assertEquals(52851, GENERATED.invoke("denseSync", int.class, 3));
        GENERATED.check("dense", int.class, 3);
        GENERATED.check("dense", int.class, -7);
    }

    @Test
    void siblingOfAHugeMethodIsStillRewritten() {
        GENERATED.check(() -> 42, "sibling", int.class, 41);
    }

    // ---- the generated source ----

    static String source() {
        return classHeader("manylocals", "ManyLocalsManyAwaits") + dense() + sibling() + "}\n";
    }

    /** 300 int locals, every twelfth or thirteenth awaited, alternately on a done value and a pending future. */
    private static String dense() {
        int count = 300;
        IntFunction<String> operand = i -> i % 25 == 0 ? "await(value(" + i + "))"
                : i % 25 == 12 ? "await(future(" + i + "))" : String.valueOf(i);
        IntFunction<String> local = i -> "int v" + i + " = seed * " + (i % 17 + 1) + " + ";
        String sum = IntStream.range(0, count).mapToObj(i -> "v" + i).collect(Collectors.joining(" + "));
        return twins("int", "Integer", "dense", "int seed",
                lines(count, i -> local.apply(i) + i + ";"),
                lines(count, i -> local.apply(i) + operand.apply(i) + ";"),
                sum);
    }

    /** A small coroutine beside the huge one. */
    private static String sibling() {
        return """
                    @Async
                    public static Coroutine<Integer> sibling(int x) {
                        return Coroutine.completed(await(value(x)) + 1);
                    }
                """;
    }
}
