package jasyncio.instrument;

import org.junit.jupiter.api.Test;


import static jasyncio.instrument.CompiledSources.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A local slot that javac reuses, block after block, for variables of other types live across awaits: each await
 * gets its own variable back (references of two classes, a long over an int's slot or under it, a known null then
 * a long), and values saved in an order other than their frame slots' are read back in slot order. Each runs like
 * the original, going on at every await and suspending at every one; a value restored into the wrong type fails
 * verification or the run.
 */
class ReusedSlotsTest {
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Reused {
                @Async
                public static Coroutine<String> twoReferenceTypes(CompletionStage<String> x) {
                    String r = "";
                    {
                        String s = "ab";
                        r += await(x) + s.length();
                    }
                    {
                        Integer n = 5;
                        r += await(x) + n.intValue();
                    }
                    return Coroutine.completed(r);
                }

                /**
                 * {@code l} takes slots 5 and 6; then {@code i}, live, slot 6 ({@code k}, dead, slot 5). {@code a},
                 * {@code b} and {@code c}, dead at the last await, are saved in layouts, which the two first awaits
                 * would share but for the clash.
                 */
                @Async
                public static Coroutine<String> longThenIntInItsUpperHalf(CompletionStage<String> x) {
                    String r = "";
                    String a = "a", b = "b", c = "c";
                    {
                        long l = 1L << 33;
                        r += await(x) + l + a + b + c;
                    }
                    {
                        int k = 1;
                        int i = 7;
                        r += await(x) + i + a + b + c;
                    }
                    return Coroutine.completed(r + await(x));
                }

                @Async
                public static Coroutine<String> intThenLongOverIt(CompletionStage<String> x) {
                    String r = "";
                    String a = "a", b = "b", c = "c";
                    {
                        int k = 1;
                        int i = 7;
                        r += await(x) + i + a + b + c;
                    }
                    {
                        long l = 1L << 33;
                        r += await(x) + l + a + b + c;
                    }
                    return Coroutine.completed(r + await(x));
                }

                @Async
                public static Coroutine<String> knownNullThenLong(CompletionStage<String> x) {
                    String r = "";
                    {
                        Object o = null;
                        r += await(x) + o;
                    }
                    {
                        long l = 1L << 33;
                        r += await(x) + l;
                    }
                    return Coroutine.completed(r);
                }

                /**
                 * Slot 4 holds {@code i} (int) at the first await, {@code f} (float) at the third: two layouts. The
                 * await keeping {@code x} joins the first (an int in slot 5 too), the one keeping {@code r} the
                 * second, whose chain stores {@code f}, dead there. Resuming at the first of the two restores the
                 * first layout, an int in slot 4, on the way to the second: a dead value that is not preset is not
                 * stored, not even where the original code's slot holds its kind.
                 */
                @Async
                public static Coroutine<String> deadValueOfALayoutReachedFromAnother(CompletionStage<String> s,
                                                                                     float g, int n) {
                    String out = "";
                    {
                        int i = n;
                        int v = n + 1;
                        out += await(s) + (i + v);
                    }
                    {
                        float f = g * 2;
                        out += await(s);
                        out += f;
                        {
                            int x = n;
                            out += await(s) + x;
                        }
                        {
                            String r = out;
                            out += await(s) + r.length();
                        }
                    }
                    return Coroutine.completed(out);
                }

                /**
                 * {@code a}, set only after the first await, is saved first (fewer awaits can store it) and takes
                 * primitive slot 1; {@code i}, saved after it, takes slot 0.
                 */
                @Async
                public static Coroutine<Long> savedOutOfSlotOrder(CompletionStage<Long> x, int n) {
                    long l = n * 3L;
                    int i = n + 1;
                    long a = await(x) + l;
                    long b = await(x) + i;
                    return Coroutine.completed(a * 1000 + b);
                }
            }
            """;

    private final CompiledSources sources;

    /** Rewritten for each test, so that mutation testing sees which test's rewrite ran what (javac's output is memoised). */
    ReusedSlotsTest() throws Exception {
        sources = CompiledSources.compile(SOURCE);
        sources.rewriteAndVerify("demo/Reused");
    }

    private String run(String method, Object... args) throws ReflectiveOperationException {
        return sources.assertRunsLikeTheOriginal("demo.Reused", method, args);
    }

    @Test
    void referencesOfTwoClassesInOneSlotComeBackEachWithItsOwnClass() throws Exception {
        assertEquals("returned v2v5", run("twoReferenceTypes", value("v")));
    }

    @Test
    void anIntInTheUpperHalfOfAnEarlierLongComesBack() throws Exception {
        assertEquals("returned v8589934592abcv7abcv", run("longThenIntInItsUpperHalf", value("v")));
    }

    @Test
    void aLongOverAnEarlierIntComesBack() throws Exception {
        assertEquals("returned v7abcv8589934592abcv", run("intThenLongOverIt", value("v")));
    }

    @Test
    void aKnownNullInASlotLaterHoldingALongComesBackAsNull() throws Exception {
        assertEquals("returned vnullv8589934592", run("knownNullThenLong", value("v")));
    }

    @Test
    void aDeadValueIsNotStoredOnAPathFromAResumeAtAnotherLayout() throws Exception {
        assertEquals("returned s7s3.0s3s8", run("deadValueOfALayoutReachedFromAnother", value("s"), 1.5f, 3));
    }

    @Test
    void valuesSavedOutOfSlotOrderAreReadBackInSlotOrder() throws Exception {
        assertEquals("returned 19010", run("savedOutOfSlotOrder", value(4L), 5));
    }
}
