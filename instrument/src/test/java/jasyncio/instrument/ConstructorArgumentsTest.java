package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code new T(args)} whose arguments await, on javac's output: the object is built after the arguments, yet
 * behaves as if built where {@code new} stood (its class initialised first), and javac's spills of the pending
 * object into locals (a switch expression with a {@code try} inside) move with it.
 */
class ConstructorArgumentsTest {
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Built {
                record Foo(Object a, int b) {
                }

                @Async
                static Coroutine<Foo> awaitBeforeTheSwitch(CompletionStage<Object> v, int k) {
                    return Coroutine.completed(new Foo(await(v), switch (k) {
                        case 1 -> {
                            try {
                                yield k * 10;
                            } catch (RuntimeException e) {
                                yield -1;
                            }
                        }
                        default -> 2;
                    }));
                }

                @Async
                static Coroutine<Foo> awaitInsideTheSwitch(CompletionStage<Integer> v, int k) {
                    return Coroutine.completed(new Foo(k, switch (k) {
                        case 1 -> {
                            try {
                                yield await(v) * 10;
                            } catch (RuntimeException e) {
                                yield -1;
                            }
                        }
                        default -> 2;
                    }));
                }

                @Async
                static Coroutine<Foo> compoundAssignmentInTheArguments(CompletionStage<Object> v) {
                    long[] longs = {3};
                    return Coroutine.completed(new Foo(await(v), (int) (longs[0] += 2L)));
                }
            }
            """;

    private static final String ORDERED = """
            package demo;
            import jasyncio.*;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Ordered {
                static final List<String> LOG = new ArrayList<>();

                static class Recorded {
                    static {
                        LOG.add("Recorded.<clinit>");
                    }

                    Recorded(Object o) {
                        LOG.add("Recorded(" + o + ")");
                    }
                }

                static Object arg(Object x) {
                    LOG.add("arg(" + x + ")");
                    return x;
                }

                @Async
                static Coroutine<List<String>> initialisationOrder(CompletionStage<Object> v) {
                    new Recorded(arg(await(v)));
                    return Coroutine.completed(LOG);
                }
            }
            """;

    private final CompiledSources sources = CompiledSources.compile(SOURCE, ORDERED);

    /** Rewrites {@code demo.Built} and runs {@code method} of it like the original. */
    private String built(String method, Object... args) throws ReflectiveOperationException {
        rewrite("demo/Built");
        return sources.assertRunsLikeTheOriginal("demo.Built", method, args);
    }

    private void rewrite(String internalName) {
        AsyncClassTransformer.Result result = sources.transform(internalName);
        assertEquals(List.of(), result.problems);
        assertEquals("", sources.asmVerifierErrors(result.bytes));
    }

    @Nested
    class SpilledAroundATryInASwitchExpression {
        @Test
        void anAwaitBeforeTheSwitchBuildsTheObject() throws Exception {
            CompletableFuture<Object> seven = CompletableFuture.completedFuture(7);
            assertEquals("returned Foo[a=7, b=10]", built("awaitBeforeTheSwitch", seven, 1));
            assertEquals("returned Foo[a=7, b=2]", built("awaitBeforeTheSwitch", seven, 3));
        }

        @Test
        void anAwaitInsideTheSwitchBuildsTheObject() throws Exception {
            CompletableFuture<Integer> five = CompletableFuture.completedFuture(5);
            assertEquals("returned Foo[a=1, b=50]", built("awaitInsideTheSwitch", five, 1));
            assertEquals("returned Foo[a=4, b=2]", built("awaitInsideTheSwitch", five, 4));
        }

        @Test
        void aFailedAwaitInsideTheSwitchIsCaughtThere() throws Exception {
            CompletableFuture<Integer> failed = CompletableFuture.failedFuture(new IllegalStateException("no"));
            assertEquals("returned Foo[a=1, b=-1]", built("awaitInsideTheSwitch", failed, 1));
        }
    }

    @Nested
    class OtherValuesOnTheStack {
        @Test
        void valuesShuffledAboveThePendingObjectStayWhereTheyAre() throws Exception {
            assertEquals("returned Foo[a=x, b=5]",
                    built("compoundAssignmentInTheArguments", CompletableFuture.completedFuture("x")));
        }
    }

    @Nested
    class ClassInitialisation {
        @Test
        void theClassIsInitialisedBeforeTheArgumentsAreEvaluated() throws Exception {
            rewrite("demo/Ordered");
            assertEquals("returned [Recorded.<clinit>, arg(x), Recorded(x)]",
                    sources.assertRunsLikeTheOriginal("demo.Ordered", "initialisationOrder",
                            CompletableFuture.completedFuture("x")));
        }
    }
}
