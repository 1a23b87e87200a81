package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * javac copies {@code @Async} onto the bridge methods it generates (a covariant return, an erased generic
 * parameter, a public method inherited from a package-private class). A bridge only delegates to the real
 * method, which is the coroutine: the bridge stays as javac wrote it.
 */
class BridgeMethodsTest {
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import java.util.function.Supplier;
            import static jasyncio.Asyncio.await;

            public class Bridges {
                public interface Handler {
                    Awaitable<String> handle(String in);
                }

                public interface Generic<T> {
                    Coroutine<T> handle(T in);
                }

                static CompletionStage<String> stage;

                public static class Upper implements Handler {
                    @Async
                    public Coroutine<String> handle(String in) {
                        return Coroutine.completed(await(stage) + in.toUpperCase());
                    }
                }

                public static class Later implements Supplier<Coroutine<String>> {
                    @Async
                    public Coroutine<String> get() {
                        return Coroutine.completed(await(stage) + "later");
                    }
                }

                public static class Twice implements Generic<String> {
                    @Async
                    public Coroutine<String> handle(String in) {
                        return Coroutine.completed(await(stage) + in + in);
                    }
                }

                static class Hidden {
                    @Async
                    public Coroutine<String> shout() {
                        return Coroutine.completed(await(stage) + "!");
                    }
                }

                public static class Visible extends Hidden {
                }

                @Async
                public static Coroutine<String> throughInterfaces(CompletionStage<String> s) {
                    stage = s;
                    Handler h = new Upper();
                    Supplier<Coroutine<String>> later = new Later();
                    Generic<String> twice = new Twice();
                    Visible visible = new Visible();
                    return Coroutine.completed(await(h.handle("a")) + await(later.get()) + await(twice.handle("b"))
                            + await(visible.shout()));
                }
            }
            """;

    private final CompiledSources sources = CompiledSources.compile(SOURCE);

    private static MethodNode bridge(ClassNode owner, String name) {
        return owner.methods.stream().filter(m -> m.name.equals(name) && (m.access & Opcodes.ACC_BRIDGE) != 0)
                .findFirst().orElseThrow(() -> new AssertionError("javac wrote no bridge " + name + " in " + owner.name));
    }

    private AsyncClassTransformer.Result transformAll() {
        AsyncClassTransformer.Result last = null;
        for (String name : List.of("demo/Bridges$Upper", "demo/Bridges$Later", "demo/Bridges$Twice",
                "demo/Bridges$Hidden", "demo/Bridges$Visible", "demo/Bridges")) {
            last = sources.transform(name);
            assertEquals(List.of(), last.problems, name);
        }
        return last;
    }

    @Nested
    class LeftAsJavacWroteThem {
        private void assertBridgeUnchanged(String className, String methodName) {
            ClassNode original = node(sources.bytes(className));
            MethodNode before = bridge(original, methodName);
            byte[] rewritten = sources.transform(className).bytes;
            ClassNode after = rewritten == null ? original : node(rewritten);
            assertEquals(Insns.of(before.instructions), Insns.of(method(after, before.name, before.desc).instructions),
                    "the bridge " + methodName + before.desc + " of " + className);
        }

        @Test
        void aCovariantReturnBridgeIsNotRefused() {
            assertEquals(List.of(), sources.transform("demo/Bridges$Upper").problems);
            assertBridgeUnchanged("demo/Bridges$Upper", "handle");
        }

        @Test
        void aSupplierOfCoroutineBridgeIsNotRefused() {
            assertEquals(List.of(), sources.transform("demo/Bridges$Later").problems);
            assertBridgeUnchanged("demo/Bridges$Later", "get");
        }

        @Test
        void aGenericParameterBridgeIsNotMadeACoroutineOfItsOwn() {
            assertBridgeUnchanged("demo/Bridges$Twice", "handle");
        }

        @Test
        void aVisibilityBridgeIsNotMadeACoroutineOfItsOwn() {
            assertBridgeUnchanged("demo/Bridges$Visible", "shout");
        }

        @Test
        void theRealMethodBehindTheBridgeIsStillRewritten() {
            transformAll();
            ClassNode upper = node(sources.transform("demo/Bridges$Upper").bytes);
            MethodNode real = method(upper, "handle", "(Ljava/lang/String;)Ljasyncio/Coroutine;");
            assertTrue(Insns.of(real.instructions).contains("NEW jasyncio/internal/Frame"));
            assertNotEquals(0, (bridge(upper, "handle").access & Opcodes.ACC_SYNTHETIC));
        }
    }

    @Nested
    class CallsThroughTheInterface {
        @Test
        void reachTheCoroutineAndVerify() throws Exception {
            transformAll();
            for (String name : List.of("demo/Bridges$Upper", "demo/Bridges$Later", "demo/Bridges$Twice",
                    "demo/Bridges$Hidden")) {
                assertEquals("", sources.asmVerifierErrors(sources.transform(name).bytes), name);
            }
            assertEquals("returned >A>later>bb>!", sources.assertRunsLikeTheOriginal("demo.Bridges",
                    "throughInterfaces", CompletableFuture.completedFuture(">")));
        }
    }
}
