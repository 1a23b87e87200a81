package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.List;

import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lambda whose functional interface returns {@code Coroutine} is a coroutine whether it awaits or not: calling
 * it runs nothing, like an {@code @Async} method (and like Python's {@code async def} without {@code await}).
 */
class LazyCoroutineLambdasTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";

    /** Mentions neither {@code Async} nor {@code Asyncio}: only lambdas returning {@code Coroutine}. */
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.function.Supplier;

            public class Counting {
                static int counter;

                static Supplier<Coroutine<Integer>> completedCounter() {
                    return () -> Coroutine.completed(++counter);
                }

                static Supplier<Coroutine<Integer>> blockCounter() {
                    return () -> {
                        counter += 10;
                        return Coroutine.completed(counter);
                    };
                }

                static Coroutine<Integer> plain() {
                    return Coroutine.completed(++counter);
                }

                static Supplier<Coroutine<Integer>> methodReference() {
                    return Counting::plain;
                }

                /** Calls a lambda, then reads the counter, then runs the coroutine: what ran when. */
                static Coroutine<String> callThenRun(Supplier<Coroutine<Integer>> lambda) {
                    counter = 0;
                    Coroutine<Integer> coroutine = lambda.get();
                    int before = counter;
                    Object result = coroutine.run();
                    return Coroutine.completed("called " + before + ", ran " + result);
                }

                static Coroutine<String> completedLambda() {
                    return callThenRun(completedCounter());
                }

                static Coroutine<String> blockLambda() {
                    return callThenRun(blockCounter());
                }

                static Coroutine<String> plainMethodReference() {
                    return callThenRun(methodReference());
                }
            }
            """;

    private final CompiledSources sources = CompiledSources.compile(SOURCE);

    @Nested
    class FoundWithoutAsyncInTheClass {
        @Test
        void aClassWithOnlyCoroutineLambdasIsParsed() {
            assertTrue(AsyncClassTransformer.mentionsJasyncio(sources.bytes("demo/Counting")));
        }

        @Test
        void itsCoroutineLambdasThatNeverAwaitAreRewritten() {
            AsyncClassTransformer.Result result = sources.transform("demo/Counting");
            assertNotNull(result.bytes);
            assertEquals(List.of(), result.problems);
            assertEquals("", sources.asmVerifierErrors(result.bytes));
            ClassNode rewritten = node(result.bytes);
            long resumes = rewritten.methods.stream()
                    .filter(m -> m.name.startsWith("lambda$") && m.desc.equals(RESUME_DESC)).count();
            assertEquals(2, resumes);
        }

        @Test
        void aPlainMethodReturningCoroutineIsNotRewritten() {
            ClassNode original = node(sources.bytes("demo/Counting"));
            ClassNode rewritten = node(sources.transform("demo/Counting").bytes);
            MethodNode plain = method(original, "plain", null);
            assertEquals(Insns.of(plain.instructions), Insns.of(method(rewritten, "plain", plain.desc).instructions));
        }
    }

    @Nested
    class Laziness {
        @Test
        void aLambdaReturningCoroutineCompletedRunsWhenTheCoroutineRuns() throws Exception {
            sources.transform("demo/Counting");
            assertEquals("returned called 1, ran 1",
                    CompiledSources.outcome(sources.originalLoader(), false, "demo.Counting", "completedLambda"));
            assertEquals("returned called 0, ran 1",
                    CompiledSources.outcome(sources.loader(), false, "demo.Counting", "completedLambda"));
        }

        @Test
        void aBlockLambdaThatNeverAwaitsRunsWhenTheCoroutineRuns() throws Exception {
            sources.transform("demo/Counting");
            assertEquals("returned called 0, ran 10",
                    CompiledSources.outcome(sources.loader(), false, "demo.Counting", "blockLambda"));
        }

        @Test
        void aMethodReferenceIsItsMethodAPlainOneRunsWhenCalled() throws Exception {
            sources.transform("demo/Counting");
            assertEquals("returned called 1, ran 1",
                    CompiledSources.outcome(sources.loader(), false, "demo.Counting", "plainMethodReference"));
        }
    }

    /** A Coroutine return alone lets a class through: a coroutine lambda, or a call that may drop its coroutine. */
    @Test
    void theByteFilterWantsACoroutineReturn() {
        assertTrue(AsyncClassTransformer.mentionsJasyncio("..()Ljasyncio/Coroutine;..lambda$f$0..".getBytes()));
        assertTrue(AsyncClassTransformer.mentionsJasyncio("..()Ljasyncio/Coroutine;..".getBytes()));
        assertFalse(AsyncClassTransformer.mentionsJasyncio("..(Ljasyncio/Coroutine;)V..lambda$f$0..".getBytes()));
    }
}
