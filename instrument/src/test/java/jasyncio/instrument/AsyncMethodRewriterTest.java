package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The resume method is private wherever the class file allows it: only an interface older than Java 9 cannot
 * have private methods, and gets a public one. A local that awaits store before setting it is zeroed once at the
 * start, also the first local after a static method's parameters.
 */
class AsyncMethodRewriterTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";
    private static final int PRIVATE = Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;

    private static final String API = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public interface Api {
                @Async
                static Coroutine<String> fetch(CompletionStage<String> a) {
                    return Coroutine.completed(await(a) + "!");
                }
            }
            """;

    private static final String LEGACY = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Legacy {
                @Async
                public static Coroutine<String> fetch(CompletionStage<String> a) {
                    return Coroutine.completed(await(a) + "?");
                }
            }
            """;

    private static CompletableFuture<String> value(String s) {
        return CompletableFuture.completedFuture(s);
    }

    @Test
    void theFirstLocalAfterAStaticMethodsParametersIsZeroedOnceAtTheStart() throws Exception {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.PRESETS);
        MethodNode resume = method(sources.rewriteAndVerify("demo/Presets"), "firstLocalSetLate", RESUME_DESC);
        // u, slot 2 of the method (3 once the frame takes slot 0), zeroed before the jump on the label.
        assertEquals(List.of("ALOAD 0", "ICONST_0", "ISTORE 3", "GETFIELD jasyncio/internal/Frame.label"),
                Insns.of(resume.instructions).subList(0, 4));
        CompletableFuture<Integer> three = CompletableFuture.completedFuture(3);
        assertEquals("returned -33", sources.assertRunsLikeTheOriginal("demo.Presets", "firstLocalSetLate", three, 4));
    }

    @Test
    void aJava9InterfaceGetsAPrivateResumeMethod() throws Exception {
        CompiledSources sources = CompiledSources.compile(List.of("--release", "9"), API);
        ClassNode api = sources.rewriteAndVerify("demo/Api");
        assertEquals(Opcodes.V9, api.version);
        assertEquals(PRIVATE, method(api, "fetch", RESUME_DESC).access);
        assertEquals("returned x!", sources.assertRunsLikeTheOriginal("demo.Api", "fetch", value("x")));
    }

    @Test
    void aJava8ClassGetsAPrivateResumeMethod() throws Exception {
        CompiledSources sources = CompiledSources.compile(List.of("--release", "8"), LEGACY);
        ClassNode legacy = sources.rewriteAndVerify("demo/Legacy");
        assertEquals(Opcodes.V1_8, legacy.version);
        assertEquals(PRIVATE, method(legacy, "fetch", RESUME_DESC).access);
        assertEquals("returned y?", sources.assertRunsLikeTheOriginal("demo.Legacy", "fetch", value("y")));
    }
}
