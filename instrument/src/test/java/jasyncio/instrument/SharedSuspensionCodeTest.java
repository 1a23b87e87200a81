package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.MethodNode;


import static jasyncio.instrument.CompiledSources.value;
import static jasyncio.instrument.CompiledSources.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Awaits share their save and restore code: the values below an awaitable are pushed again from the local or
 * constant they came from when they can be, a slot reused by variables of different types splits the awaits into
 * layouts, and locals an await has not set yet are zeroed before they are stored. Each runs like the original,
 * going on at every await and suspending at every one.
 */
class SharedSuspensionCodeTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";

    static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Shapes {
                static int pick(Object a, Object b, int c) {
                    return (a == null ? 1 : 2) + (b == null ? 10 : 20) + c;
                }

                static long mix(long a, long b) {
                    return a * 31 + b;
                }

                @Async
                public static Coroutine<Integer> localBelow(CompletionStage<Integer> v, int a) {
                    int r = a + await(v);
                    r = r * 2 + await(v);
                    return Coroutine.completed(r + a);
                }

                @Async
                public static Coroutine<Integer> localAssignedInTheAwaitable(CompletionStage<Integer> v, int x) {
                    int r = x + await(Coroutine.completed(x = 5));
                    return Coroutine.completed(r * 100 + x);
                }

                @Async
                public static Coroutine<Integer> localIncrementedAfterItsLoad(CompletionStage<Integer> v, int i) {
                    int r = i++ + await(v);
                    return Coroutine.completed(r * 100 + i);
                }

                @Async
                public static Coroutine<Integer> constantsBelow(CompletionStage<Integer> v) {
                    return Coroutine.completed(Math.max(3, await(v)) + Math.min(100, await(v)));
                }

                @Async
                public static Coroutine<Long> wideValuesBelow(CompletionStage<Long> v, long l, double d) {
                    long a = mix(l * 3, await(v));
                    double b = d * 0.5 + await(v);
                    long c = mix(7L, mix(l, await(v)));
                    return Coroutine.completed(a + (long) (b * 4) + c);
                }

                static int three(int a, int b, int c) {
                    return a * 10000 + b * 100 + c;
                }

                @Async
                public static Coroutine<Integer> computedValuesBelow(CompletionStage<Integer> v, int a, int b) {
                    return Coroutine.completed(three(a * 2, b * 3, await(v)));
                }

                @Async
                public static Coroutine<Integer> computedValuesBelowNestedAwaits(CompletionStage<Integer> v, int a, int b) {
                    return Coroutine.completed(a * 2 + await(Coroutine.completed(three(b * 3, b * 5, await(v)))));
                }

                @Async
                public static Coroutine<Integer> nullBelow(CompletionStage<Integer> v, Object a) {
                    return Coroutine.completed(pick(a, null, await(v)));
                }

                @Async
                public static Coroutine<String> slotReusedByAnotherType(CompletionStage<String> s, CompletionStage<Long> n,
                                                                        boolean first) {
                    String r = "";
                    if (first) {
                        String t = await(s);
                        r += t + await(s) + t;
                    } else {
                        long u = await(n);
                        r += u + await(n) + u;
                    }
                    for (int i = 0; i < 2; i++) {
                        double w = 1.5 * i;
                        r += w + await(n) + w;
                    }
                    return Coroutine.completed(r);
                }

                @Async
                public static Coroutine<Long> setLate(CompletionStage<Integer> v, int n) {
                    int a = await(v);
                    int b = a + await(v);
                    long c = b + await(v);
                    double d = c + await(v);
                    String e = "e" + await(v);
                    return Coroutine.completed(a + b + c + (long) d + e.length() + n + await(v));
                }

                @Async
                public static Coroutine<Integer> referenceDeadAtLaterAwaits(CompletionStage<Integer> v, String s) {
                    String t = s + await(v);
                    int len = t.length() + await(v);
                    for (int i = 0; i < 3; i++) {
                        len += await(v);
                    }
                    return Coroutine.completed(len);
                }

                static void failIf(boolean fail, String message) {
                    if (fail) {
                        throw new IllegalStateException(message);
                    }
                }

                @Async
                public static Coroutine<String> catchResultStoredByTheFinallysAwait(CompletionStage<String> v,
                                                                                     boolean fail) {
                    String server = await(v);
                    String c = await(v);
                    await(v);
                    String reply = await(v);
                    if (fail) {
                        c = c + "!";
                    } else {
                        c = c + "?";
                    }
                    await(v);
                    try {
                        failIf(fail, await(v));
                        return Coroutine.completed(reply + ", then drained");
                    } catch (IllegalStateException e) {
                        return Coroutine.completed(reply + ", then " + e.getMessage());
                    } finally {
                        c.length();
                        server.length();
                        await(v);
                    }
                }

                @Async
                public static Coroutine<Integer> sameLocalsAtEveryAwait(CompletionStage<Integer> v, int a, int b) {
                    int sum = a * b;
                    sum += await(v);
                    sum -= await(v);
                    sum *= await(v);
                    sum += await(v);
                    sum -= await(v);
                    sum *= await(v);
                    return Coroutine.completed(sum + a + b);
                }
            }
            """;

    private final CompiledSources sources;

    SharedSuspensionCodeTest() throws Exception {
        sources = CompiledSources.compile(SOURCE);
        sources.rewriteAndVerify("demo/Shapes");
    }

    private String run(String method, Object... args) throws ReflectiveOperationException {
        return sources.assertRunsLikeTheOriginal("demo.Shapes", method, args);
    }

    @Nested
    class StackBelowAnAwait {
        @Test
        void aLocalBelowTheAwaitableIsPushedAgainFromTheLocal() throws Exception {
            assertEquals("returned 21", run("localBelow", value(3), 4));
        }

        @Test
        void aLocalAssignedInsideTheAwaitableKeepsTheValueItHadBelow() throws Exception {
            assertEquals("returned 1505", run("localAssignedInTheAwaitable", value(0), 10));
        }

        @Test
        void aLocalIncrementedAfterItWasPushedKeepsTheValueItHadBelow() throws Exception {
            assertEquals("returned 1708", run("localIncrementedAfterItsLoad", value(10), 7));
        }

        @Test
        void constantsBelowTheAwaitableArePushedAgain() throws Exception {
            assertEquals("returned 4", run("constantsBelow", value(1)));
            assertEquals("returned 100", run("constantsBelow", value(50)));
        }

        @Test
        void longsAndDoublesBelowTheAwaitableAreSavedOrPushedAgain() throws Exception {
            run("wideValuesBelow", value(5L), 11L, 2.5);
            run("wideValuesBelow", value(-1L), Long.MAX_VALUE, Double.NaN);
        }

        @Test
        void computedValuesBelowTheAwaitableKeepEachTheirOwn() throws Exception {
            assertEquals("returned 21207", run("computedValuesBelow", value(7), 1, 4));
        }

        @Test
        void aComputedValueBelowAnOuterAwaitSurvivesTheInnerOne() throws Exception {
            assertEquals("returned 122009", run("computedValuesBelowNestedAwaits", value(7), 1, 4));
        }

        @Test
        void aNullBelowTheAwaitableIsPushedAgain() throws Exception {
            assertEquals("returned 17", run("nullBelow", value(5), "a"));
            assertEquals("returned 16", run("nullBelow", value(5), null));
        }
    }

    @Nested
    class SharedLayouts {
        @Test
        void aSlotReusedByVariablesOfOtherTypesAcrossAwaitsKeepsEachValue() throws Exception {
            assertEquals("returned ababab0.03.0", run("slotReusedByAnotherType", value("ab"), value(0L), true));
            assertEquals("returned 217.010.0", run("slotReusedByAnotherType", value("ab"), value(7L), false));
        }

        @Test
        void localsAnAwaitHasNotSetYetAreStoredOnlyOnceSet() throws Exception {
            assertEquals("returned 27", run("setLate", value(2), 3));
        }

        @Test
        void aReferenceDeadAtLaterAwaitsIsNotNeededThere() throws Exception {
            assertEquals("returned 20", run("referenceDeadAtLaterAwaits", value(4), "xyz"));
        }

        @Test
        void aLocalOnlyACatchBlockSetsIsDefinedWhenResumedInTheTryBlock() throws Exception {
            // The finally's awaits share a layout that stores the catch's result; resuming at an await of the other
            // layout (in the try block) must not leave that slot undefined on the way to them.
            assertEquals("returned x, then x", run("catchResultStoredByTheFinallysAwait", value("x"), true));
            assertEquals("returned x, then drained", run("catchResultStoredByTheFinallysAwait", value("x"), false));
        }

        @Test
        void awaitsKeepingTheSameLocalsRestoreThemWithOneBlock() throws Exception {
            assertEquals("returned 55", run("sameLocalsAtEveryAwait", value(2), 3, 4));
            MethodNode resume = method(CompiledSources.node(sources.transform("demo/Shapes").bytes),
                    "sameLocalsAtEveryAwait", RESUME_DESC);
            long restores = Insns.of(resume.instructions).stream().filter(i -> i.contains("Frame.nextInt")).count();
            assertEquals(3, restores, "sum, a and b, once for the six awaits");
        }
    }
}
