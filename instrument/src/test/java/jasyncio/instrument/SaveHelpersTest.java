package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The static methods of the class that store a suspension's values are named after the resume method, past any
 * name the class already has.
 */
class SaveHelpersTest {
    private static final String HELPER_DESC = "(Ljava/lang/Object;IIILjasyncio/internal/Frame;)V";

    @Test
    void aHelperSkipsANameTheClassAlreadyHas() throws Exception {
        String source = RewriteSizeBudgetTest.PRESETS.replace("public class Presets {", """
                public class Presets {
                    public static int called;

                    static void firstLocalSetLate$save0(Object v, int a, int b, int c, jasyncio.internal.Frame<?> f) {
                        called++;
                    }
                """);
        CompiledSources sources = CompiledSources.compile(source);
        ClassNode presets = sources.rewriteAndVerify("demo/Presets");
        method(presets, "firstLocalSetLate$save1", HELPER_DESC);
        assertEquals(1, presets.methods.stream().filter(m -> m.name.equals("firstLocalSetLate$save0")).count());
        CompletableFuture<Integer> three = CompletableFuture.completedFuture(3);
        assertEquals("returned -33", sources.assertRunsLikeTheOriginal("demo.Presets", "firstLocalSetLate", three, 4));
        assertEquals(0, sources.loader().loadClass("demo.Presets").getDeclaredField("called").getInt(null));
    }
}
