package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A resume point sits inside the try blocks of its await, without an exception table entry of its own: a method
 * with many awaits inside many nested try blocks keeps javac's handler entries, where splitting every block around
 * every await made more than the class file format allows (65,535).
 */
class ExceptionTableTest {
    private static final int TRY_DEPTH = 66;
    private static final int AWAITS = 1000;

    /** {@value #AWAITS} awaits inside {@value #TRY_DEPTH} nested try blocks, each catching with its own offset. */
    private static String nestedTries() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < TRY_DEPTH; i++) {
            body.append("try {\n");
        }
        body.append("await(v);\n".repeat(AWAITS));
        for (int i = TRY_DEPTH - 1; i >= 0; i--) {
            body.append("} catch (RuntimeException e").append(i).append(") { sum += ").append(i * 1000)
                    .append("; }\n");
        }
        return """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Nested {
                    @Async
                    public static Coroutine<Integer> deep(CompletionStage<Integer> v) {
                        int sum = 0;
                """ + body + """
                        return Coroutine.completed(sum);
                    }
                }
                """;
    }

    @Test
    void awaitsInsideManyNestedTryBlocksKeepTheHandlersJavacWrote() throws Exception {
        CompiledSources sources = CompiledSources.compile(nestedTries());
        ClassNode rewritten = sources.rewriteAndVerify("demo/Nested");

        int javacs = method(node(sources.bytes("demo/Nested")), "deep", null).tryCatchBlocks.size();
        int resumes = method(rewritten, "deep", "(Ljasyncio/internal/Frame;)Ljava/lang/Object;").tryCatchBlocks.size();
        assertEquals(javacs, resumes);
    }

    /**
     * Found by the fuzzer (seed 2818 of session 25): javac covers the {@code break} before the empty
     * {@code default}, a {@code goto} to the next instruction, with a range of its own (the {@code return} cut the
     * {@code try}'s range to copy the {@code finally} there). The rewrite drops that {@code goto}; the range, empty,
     * made the JVM refuse the class ({@code ClassFormatError: Illegal exception table range}).
     */
    @Test
    void aRangeWhoseOnlyInstructionTheRewriteDropsGoesWithIt() throws Exception {
        CompiledSources sources = CompiledSources.compile("""
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class EmptyRange {
                    @Async
                    public static Coroutine<String> run(CompletionStage<String> v, int k) {
                        String s = await(v);
                        try {
                            switch (k) {
                                case 1:
                                    return Coroutine.completed("early " + s);
                                case 2:
                                    break;
                                default:
                            }
                        } finally {
                            s += "f";
                        }
                        return Coroutine.completed(s);
                    }
                }
                """);
        int javacs = method(node(sources.bytes("demo/EmptyRange")), "run", null).tryCatchBlocks.size();
        ClassNode rewritten = sources.rewriteAndVerify("demo/EmptyRange");

        int resumes = method(rewritten, "run", "(Ljasyncio/internal/Frame;)Ljava/lang/Object;").tryCatchBlocks.size();
        assertEquals(javacs - 1, resumes, "the emptied range is dropped, the others kept");
        for (int k = 1; k <= 3; k++) {
            assertEquals(k == 1 ? "returned early a" : "returned af", sources.assertRunsLikeTheOriginal("demo.EmptyRange",
                    "run", CompletableFuture.completedFuture("a"), k));
        }
    }

    @Test
    void theyRunLikeTheOriginalAndTheInnermostHandlerCatches() throws Exception {
        CompiledSources sources = CompiledSources.compile(nestedTries());
        sources.rewriteAndVerify("demo/Nested");

        assertEquals("returned 0",
                sources.assertRunsLikeTheOriginal("demo.Nested", "deep", CompletableFuture.completedFuture(7)));
        assertEquals("returned " + (TRY_DEPTH - 1) * 1000, sources.assertRunsLikeTheOriginal("demo.Nested", "deep",
                CompletableFuture.failedFuture(new IllegalStateException("no"))));
    }
}
