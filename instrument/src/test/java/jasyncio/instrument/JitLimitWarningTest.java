package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

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
        int original = originalSize(sources);
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

    /** Nor is it cut in two: each part would cost a frame and an await per call, and win no JIT. */
    @Test
    void aMethodAlreadyPastTheLimitLosesNothingAndIsNeitherCutNorWarnedAbout() throws Exception {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.denseSource(AWAITS * 2));
        assertTrue(originalSize(sources) > MethodSize.JIT_LIMIT);
        assertEquals(List.of(), sources.transform("demo/Dense").warnings);
        assertEquals(List.of(ENTRY_DESC, RESUME_DESC), descriptorsOfDense(sources.rewriteAndVerify("demo/Dense")));
    }

    /** HotSpot compiles a method of 8,000 bytes (only a longer one is huge): one that long is cut, not warned about. */
    @Test
    void aMethodOfExactlyTheLimitIsCutWhenItsRewriteWouldPassIt() throws Exception {
        CompiledSources sources = paddedToTheLimit(RewriteSizeBudgetTest::denseSource,
                JitLimitWarningTest::originalSize);
        assertEquals(List.of(), sources.transform("demo/Dense").warnings);
        List<String> parts = descriptorsOfDense(sources.rewriteAndVerify("demo/Dense"));
        assertEquals(4, parts.size(), parts::toString); // the entry and resume of the head, then of the tail
    }

    @Test
    void aMethodOfExactlyTheLimitThatCannotBeCutIsWarnedAbout() throws Exception {
        CompiledSources sources = paddedToTheLimit(RewriteSizeBudgetTest::uncuttableDenseSource,
                JitLimitWarningTest::originalSize);
        List<String> warnings = sources.transform("demo/Dense").warnings;
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("8,000 bytes of code"), warnings.get(0));
        assertEquals(List.of(ENTRY_DESC, RESUME_DESC), descriptorsOfDense(sources.rewriteAndVerify("demo/Dense")));
    }

    /**
     * HotSpot compiles a resume method of 8,000 bytes too: one that long, in whichever encoding, loses nothing. (Its
     * method is one as javac writes it far under the limit, where only the resume's length could matter.)
     */
    @Test
    void aResumeMethodOfExactlyTheLimitIsNotWarnedAbout() throws Exception {
        CompiledSources sources = paddedToTheLimit(RewriteSizeBudgetTest::uncuttableDenseSource,
                JitLimitWarningTest::resumeSize);
        assertEquals(List.of(), sources.transform("demo/Dense").warnings);
    }

    /**
     * {@code shape}'s method, with fewer awaits than the JIT limit's bytes would hold, padded so that {@code measure}
     * is exactly that limit: by assignments to an unused local, at its start, of 3 ({@code q++}), 4 ({@code q = 10})
     * and 5 bytes ({@code q = 200}), which its rewrite copies as they are.
     */
    private static CompiledSources paddedToTheLimit(IntFunction<String> shape, ToIntFunction<CompiledSources> measure) {
        int size = MethodSize.JIT_LIMIT;
        for (int awaits = size / 31; ; ) { // about 31 bytes an await as javac writes this shape, more once rewritten
            int room = size - measure.applyAsInt(CompiledSources.compile(padded(shape.apply(awaits), "")));
            if (room < 5) {
                awaits -= Math.max(1, -room / 40);
                continue;
            }
            int odd = room % 3 == 0 ? 0 : 3 + room % 3; // what threes leave over, in one 4- or 5-byte assignment
            String pad = odd == 4 ? "q = 10; " : odd == 5 ? "q = 200; " : "";
            CompiledSources sources = CompiledSources.compile(padded(shape.apply(awaits),
                    pad + "q++; ".repeat((room - odd) / 3)));
            assertEquals(size, measure.applyAsInt(sources));
            return sources;
        }
    }

    private static int originalSize(CompiledSources sources) {
        return sizeOf(sources.bytes("demo/Dense"), ENTRY_DESC);
    }

    private static int resumeSize(CompiledSources sources) {
        return sizeOf(sources.transform("demo/Dense").bytes, RESUME_DESC);
    }

    private static String padded(String source, String statements) {
        String first = "        String s = \"\";\n";
        assertTrue(source.contains(first));
        return source.replace(first, first + "        int q = 0;\n        " + statements + "\n");
    }

    /** The descriptors of the methods named {@code dense} in {@code rewritten}, in class-file order. */
    private static List<String> descriptorsOfDense(ClassNode rewritten) {
        return rewritten.methods.stream().filter(m -> m.name.equals("dense")).map(m -> m.desc).toList();
    }

    /** The code length of {@code dense} with descriptor {@code desc} in {@code classFile}. */
    private static int sizeOf(byte[] classFile, String desc) {
        return MethodSize.of(CompiledSources.method(CompiledSources.node(classFile), "dense", desc));
    }
}
