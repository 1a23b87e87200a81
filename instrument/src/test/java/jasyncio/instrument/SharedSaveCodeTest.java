package jasyncio.instrument;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.tree.ClassNode;

import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
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
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.denseSource(260));
        ClassNode dense = sources.rewriteAndVerify("demo/Dense");
        assertTrue(MethodSize.of(method(dense, "dense", "(Ljasyncio/internal/Frame;)Ljava/lang/Object;"))
                > MethodSize.JIT_LIMIT, "not the method meant: its saves are in helpers");
        CompletableFuture<Long> v = CompletableFuture.completedFuture(value);
        assertTrue(sources.assertRunsLikeTheOriginal("demo.Dense", "dense", v, 2L).startsWith("returned "));
    }
}
