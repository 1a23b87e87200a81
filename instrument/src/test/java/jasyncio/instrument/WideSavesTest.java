package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static jasyncio.instrument.CompiledSources.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More values live across awaits than a method may take as arguments: 140 {@code long}s (280 slots, where a
 * method takes 255 with its receiver or frame). Over six awaits, each suspension stores them through helper
 * methods that the awaits share, cut where the arguments would pass 255 slots: a helper taking them all would
 * not load ("too many arguments"), and a wrong cut or count loses or swaps values. Over twelve awaits with values
 * below them on the operand stack (of two shapes), saves per await would pass the JIT limit: save chains shared by
 * the awaits take over, entered through stubs that store each shape of stack. With 700 {@code int}s, the chains
 * pass it too and go into helpers, after two encodings tried and dropped. Each runs like the original, going on
 * at every await and suspending at every one.
 */
class WideSavesTest {
    private static final int LONGS = 140;
    /** Awaits of {@code wide}: a save per await, through helpers, stays under the JIT limit. */
    private static final int AWAITS = 6;
    /** Awaits of {@code stacked} (even): a save per await would pass the JIT limit (save chains take over). */
    private static final int STACKED_AWAITS = 12;
    /** Locals of {@code vast}: its save chain alone passes the JIT limit. */
    private static final int INTS = 700;

    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Wide {
                @Async
                public static Coroutine<Long> wide(CompletionStage<Long> x, long seed) {
                    %1$s
                    long s = await(x);
                    %3$s
                    return Coroutine.completed(s %2$s);
                }

                /** Each await has a long and a string, or a string, below it on the operand stack, which stay there. */
                @Async
                public static Coroutine<Long> stacked(CompletionStage<Long> x, long seed) {
                    %1$s
                    long s = seed;
                    %4$s
                    return Coroutine.completed(s %2$s);
                }

                /** Past the JIT limit with a save per await, and with save chains in the method. */
                @Async
                public static Coroutine<Long> vast(CompletionStage<Long> x, int seed) {
                    %5$s
                    long s = await(x);
                    s = s * 3 + await(x);
                    s = s * 3 + await(x);
                    return Coroutine.completed(s %6$s);
                }

                static String label(long v) {
                    return "v" + v;
                }

                static long combine(String label, long awaited) {
                    return label.length() * 1000L + awaited;
                }
            }
            """.formatted(
            IntStream.range(0, LONGS).mapToObj(i -> "long v" + i + " = seed * " + (2 * i + 1) + " + " + i + ";")
                    .collect(Collectors.joining("\n                    ")),
            IntStream.range(0, LONGS).mapToObj(i -> "+ v" + i + " * " + (i % 7 + 1)).collect(Collectors.joining(" ")),
            "s = s * 3 + await(x);\n                    ".repeat(AWAITS - 1),
            ("s = s * 3 + combine(label(s), await(x));\n                    "
                    + "s = combine(label(s), await(x)) - s;\n                    ").repeat(STACKED_AWAITS / 2),
            IntStream.range(0, INTS).mapToObj(i -> "int w" + i + " = seed * " + (i % 13 + 1) + " + " + i + ";")
                    .collect(Collectors.joining("\n                    ")),
            IntStream.range(0, INTS).mapToObj(i -> "+ w" + i).collect(Collectors.joining(" ")));

    @Test
    void valuesPastTheArgumentLimitAreSavedThroughSeveralHelpersAndComeBack() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        ClassNode rewritten = sources.rewriteAndVerify("demo/Wide");
        List<MethodNode> helpers = rewritten.methods.stream().filter(m -> m.name.contains("$save")).toList();
        assertTrue(helpers.size() >= 2, "the 280 slots need two helpers at least: " + names(helpers));
        for (MethodNode helper : helpers) {
            int slots = (Type.getArgumentsAndReturnSizes(helper.desc) >> 2) - 1; // static: no receiver
            assertTrue(slots <= SaveHelpers.MAX_ARGUMENT_SLOTS, helper.name + " takes " + slots + " slots");
        }
        long seed = 1_000_003L;
        long expected = 5 * ((long) Math.pow(3, AWAITS) - 1) / 2;
        for (int i = 0; i < LONGS; i++) {
            expected += (seed * (2 * i + 1) + i) * (i % 7 + 1);
        }
        assertEquals("returned " + expected, sources.assertRunsLikeTheOriginal("demo.Wide", "wide", value(5L), seed));
    }

    /**
     * The same values kept over awaits that have a {@code long} and a {@code String}, or a {@code String}, below them
     * on the operand stack: the shared save code stores those in stubs before the chain, one per shape of stack and
     * entry (a stub of the other shape would store a long that is not there).
     */
    @Test
    void valuesBelowAwaitsAreStoredByStubsSharedByAwaitsOfOneShape() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        ClassNode rewritten = sources.rewriteAndVerify("demo/Wide");
        assertEquals(List.of(), rewritten.methods.stream().filter(m -> m.name.startsWith("stacked$save")).toList(),
                "no helpers: the save chains are in the resume method");
        String outcome = sources.assertRunsLikeTheOriginal("demo.Wide", "stacked", value(5L), 7L);
        assertTrue(outcome.startsWith("returned "), outcome);
    }

    /**
     * The first two encodings, a save per await and save chains in the method, are tried and dropped (the first's
     * helpers removed again); the third's chains, in helpers, store 700 values through three of them.
     */
    @Test
    void saveChainsPastTheJitLimitGoIntoHelpers() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        ClassNode rewritten = sources.rewriteAndVerify("demo/Wide");
        assertTrue(rewritten.methods.stream().anyMatch(m -> m.name.startsWith("vast$save")), "helpers for vast");
        long expected = 5 * 13;
        for (int i = 0; i < INTS; i++) {
            expected += 9L * (i % 13 + 1) + i;
        }
        assertEquals("returned " + expected, sources.assertRunsLikeTheOriginal("demo.Wide", "vast", value(5L), 9));
    }

    private static List<String> names(List<MethodNode> methods) {
        return methods.stream().map(m -> m.name).toList();
    }
}
