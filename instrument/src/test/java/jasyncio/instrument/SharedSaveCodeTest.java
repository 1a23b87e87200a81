package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.tree.ClassNode;

import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resume method past HotSpot's limit with a save per await is made again with save chains shared by the awaits
 * (and moved to helper methods if still too long); it runs like the original, going on at every await, suspending
 * at every one, and through its catch blocks.
 */
class SharedSaveCodeTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 13})
    void aDenseMethodWithSharedSavesRunsLikeTheOriginal(long value) throws Exception {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.uncuttableDenseSource(260));
        ClassNode dense = sources.rewriteAndVerify("demo/Dense");
        assertTrue(MethodSize.of(method(dense, "dense", "(Ljasyncio/internal/Frame;)Ljava/lang/Object;"))
                > MethodSize.JIT_LIMIT, "not the method meant: its saves are in helpers");
        CompletableFuture<Long> v = CompletableFuture.completedFuture(value);
        assertTrue(sources.assertRunsLikeTheOriginal("demo.Dense", "dense", v, 2L).startsWith("returned "));
    }

    /**
     * {@code a}, {@code b} and {@code c} are references dead at some awaits, so a layout's (the frame must not
     * retain them there); {@code a}, kept by fewer awaits, comes first in its chain. The first two awaits both enter
     * the chain at {@code a}, with nothing on the stack, but each has another dead value to store as null: {@code b}
     * at the first, {@code c} at the second. Their stubs differ; one stub for both would null the other's live value.
     */
    private static final String FILLS = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Fills {
                @Async
                public static Coroutine<String> deadAtDifferentAwaits(CompletionStage<String> s, int n) {
                    int[] pad = PAD;
                    String a = "a" + n, b = "b" + n, c = "c" + n;
                    String out = "";
                    out += await(s) + a + c;
                    b = "B";
                    out += await(s) + a + b;
                    c = "C";
                    out += await(s) + b + c;
                    out += await(s) + b + c;
                    return Coroutine.completed(out + pad.length);
                }
            }
            """.replace("PAD", CompiledSources.padding());

    /**
     * Two awaits with the same locals, so entering the chains at one place, over stacks of the same kinds: but the
     * first one's constant {@code "k"} is pushed again on resume (its stub drops it), where the second one's
     * {@code tag(n + 1)} is saved (its stub stores it). Their stubs differ.
     */
    private static final String STACKS = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Stacks {
                static String tag(int n) {
                    return "t" + n;
                }

                static String join(String a, String b, String c) {
                    return a + b + c;
                }

                @Async
                public static Coroutine<String> droppedAndSaved(CompletionStage<String> s, int n) {
                    int[] pad = PAD;
                    String[] got = new String[2];
                    got[0] = join("k", tag(n), await(s));
                    got[1] = join(tag(n + 1), tag(n + 2), await(s));
                    return Coroutine.completed(got[0] + got[1] + pad.length + n + s.toCompletableFuture().join());
                }
            }
            """.replace("PAD", CompiledSources.padding());

    @Test
    void awaitsOverStacksOfOneKindThatComeBackDifferentlyKeepTheirOwnStubs() throws Exception {
        CompiledSources sources = CompiledSources.compile(STACKS);
        sources.rewriteAndVerify("demo/Stacks");
        assertEquals("returned kt3st4t5s10003s", sources.assertRunsLikeTheOriginal("demo.Stacks", "droppedAndSaved",
                CompletableFuture.completedFuture("s"), 3));
    }

    @Test
    void awaitsEnteringTheChainAtOnePlaceKeepTheirOwnStubs() throws Exception {
        CompiledSources sources = CompiledSources.compile(FILLS);
        ClassNode fills = sources.rewriteAndVerify("demo/Fills");
        String resume = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";
        assertTrue(MethodSize.of(method(fills, "deadAtDifferentAwaits", resume)) > MethodSize.JIT_LIMIT,
                "not the method meant: its saves are in helpers");
        assertEquals("returned sa3c3sa3BsBCsBC1000", sources.assertRunsLikeTheOriginal("demo.Fills",
                "deadAtDifferentAwaits", CompletableFuture.completedFuture("s"), 3));
    }
}
