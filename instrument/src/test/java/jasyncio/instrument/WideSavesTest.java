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
 * More values live across an await than a method may take as arguments: 140 {@code long}s (280 slots, where a
 * method takes 255 with its receiver or frame) kept over six awaits, whose saves in line would pass the JIT limit.
 * The shared save code stores them through helper methods, cut where the arguments would pass 255 slots: a helper
 * taking them all would not load ("too many arguments"), and a wrong cut or count loses or swaps values.
 */
class WideSavesTest {
    private static final int LONGS = 140;

    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Wide {
                @Async
                public static Coroutine<Long> wide(CompletionStage<Long> x, long seed) {
                    %s
                    long s = await(x);
                    s = s * 3 + await(x);
                    s = s * 3 + await(x);
                    s = s * 3 + await(x);
                    s = s * 3 + await(x);
                    s = s * 3 + await(x);
                    return Coroutine.completed(s %s);
                }
            }
            """.formatted(
            IntStream.range(0, LONGS).mapToObj(i -> "long v" + i + " = seed * " + (2 * i + 1) + " + " + i + ";")
                    .collect(Collectors.joining("\n                    ")),
            IntStream.range(0, LONGS).mapToObj(i -> "+ v" + i + " * " + (i % 7 + 1)).collect(Collectors.joining(" ")));

    @Test
    void valuesPastTheArgumentLimitAreSavedThroughSeveralHelpersAndComeBack() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        ClassNode rewritten = sources.rewriteAndVerify("demo/Wide");
        List<MethodNode> helpers = rewritten.methods.stream().filter(m -> m.name.contains("$save")).toList();
        assertTrue(helpers.size() >= 2, "the 280 slots need two helpers at least: " + names(helpers));
        for (MethodNode helper : helpers) {
            int slots = Type.getArgumentsAndReturnSizes(helper.desc) >> 2;
            assertTrue(slots <= SaveHelpers.MAX_ARGUMENT_SLOTS, helper.name + " takes " + slots + " slots");
        }
        long seed = 1_000_003L;
        long expected = 5 * (1 + 3 + 9 + 27 + 81 + 243);
        for (int i = 0; i < LONGS; i++) {
            expected += (seed * (2 * i + 1) + i) * (i % 7 + 1);
        }
        assertEquals("returned " + expected, sources.assertRunsLikeTheOriginal("demo.Wide", "wide", value(5L), seed));
    }

    private static List<String> names(List<MethodNode> methods) {
        return methods.stream().map(m -> m.name + m.desc.length()).toList();
    }
}
