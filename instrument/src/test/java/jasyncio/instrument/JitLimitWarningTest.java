package jasyncio.instrument;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A method HotSpot compiles whose resume method it would not (past 8,000 bytes, even with the save code shared)
 * and which has no statement to cut it in two at ({@link TailSplitTest}) is rewritten, and the rewrite says so
 * when the class loads: it will run interpreted, several times slower, which nothing else would tell (issue 11's
 * JIT cliff). The densest code grows about 1.7 times: over the size benchmark's generator seeds 100-199, methods
 * from 4,672 bytes up (an await every 36 bytes or so) pass the limit.
 */
class JitLimitWarningTest {
    /** Awaits in {@link RewriteSizeBudgetTest#denseSource}'s shape that pass the limit once rewritten, not before. */
    private static final int AWAITS = 200;
    /** The descriptor of javac's method, which its entry keeps. */
    private static final String ENTRY_DESC = "(Ljava/util/concurrent/CompletionStage;J)Ljasyncio/Coroutine;";
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";

    @Test
    void aMethodThatLosesTheJitToItsRewriteIsReportedWithItsSizesAndWhatToDo() throws Exception {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.uncuttableDenseSource(AWAITS));
        int original = sizeOf(sources.bytes("demo/Dense"), ENTRY_DESC);
        AsyncClassTransformer.Result result = sources.transform("demo/Dense");
        int resume = sizeOf(result.bytes, RESUME_DESC);
        assertTrue(original <= MethodSize.JIT_LIMIT && resume > MethodSize.JIT_LIMIT,
                "the test needs a method the rewrite takes past the limit: " + original + " -> " + resume);
        assertEquals(List.of(), result.problems);
        assertEquals(1, result.warnings.size(), result.warnings::toString);
        String warning = result.warnings.get(0);
        assertTrue(warning.startsWith("jasyncio: demo.Dense.dense (Dense.java:"), warning);
        assertTrue(warning.contains(String.format(Locale.ROOT, "%,d bytes of code", original)), warning);
        assertTrue(warning.contains(String.format(Locale.ROOT, "%,d once rewritten", resume)), warning);
        assertTrue(warning.contains("interpreted"), warning);
        assertTrue(warning.contains("no statement to cut it in two at"), warning);
        assertTrue(warning.contains("Split it into smaller @Async methods"), warning);
        assertTrue(warning.contains("-XX:-DontCompileHugeMethods"), warning);
    }

    @Test
    void aMethodWhoseResumeStaysCompilableGetsNoWarning() {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.denseSource(AWAITS / 2));
        AsyncClassTransformer.Result result = sources.transform("demo/Dense");
        assertTrue(sizeOf(result.bytes, RESUME_DESC) <= MethodSize.JIT_LIMIT);
        assertEquals(List.of(), result.warnings);
    }

    @Test
    void aMethodAlreadyPastTheLimitLosesNothingAndGetsNoWarning() {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.denseSource(AWAITS * 2));
        assertTrue(sizeOf(sources.bytes("demo/Dense"), ENTRY_DESC) > MethodSize.JIT_LIMIT);
        assertEquals(List.of(), sources.transform("demo/Dense").warnings);
    }

    /** The code length of {@code dense} with descriptor {@code desc} in {@code classFile}. */
    private static int sizeOf(byte[] classFile, String desc) {
        return MethodSize.of(CompiledSources.method(CompiledSources.node(classFile), "dense", desc));
    }
}
