package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A void test method that awaits becomes a coroutine of the same name and parameters, and the void method JUnit
 * calls hands that coroutine to jasyncio-test's extension, keeping every annotation where JUnit looks for it.
 */
class TestMethodSplitTest {
    /** jasyncio-test's and JUnit's names, as stubs: the instrumenter knows them by descriptor only. */
    private static final String TEST_STUBS = """
            package jasyncio.test;
            import java.lang.annotation.*;
            @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)
            public @interface AsyncTest {}
            """;
    private static final String EXTENSION_STUB = """
            package jasyncio.test;
            public final class AsyncTestExtension {
                public static Object handedOver;
                public static void runInTest(jasyncio.Coroutine<?> coroutine) { handedOver = coroutine.run(); }
            }
            """;
    private static final String JUPITER_STUBS = """
            package org.junit.jupiter.api;
            import java.lang.annotation.*;
            @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)
            public @interface BeforeEach {}
            """;
    private static final String PARAMETER_STUB = """
            package org.junit.jupiter.api;
            import java.lang.annotation.*;
            @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.PARAMETER)
            public @interface Named {}
            """;
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import jasyncio.test.AsyncTest;
            import org.junit.jupiter.api.BeforeEach;
            import org.junit.jupiter.api.Named;
            import static jasyncio.Asyncio.await;

            public class ChatTest {
                public static String seen;

                @AsyncTest
                public void echoes(@Named String word, int times) {
                    String line = await(Coroutine.completed(word));
                    if (times == 0) {
                        seen = "none";
                        return;
                    }
                    seen = line.repeat(times);
                }

                @BeforeEach
                @Async
                void setUp() {
                    seen = await(Coroutine.completed("set up"));
                }
            }
            """;
    private static final String NOT_A_TEST = """
            package demo;
            import jasyncio.*;

            public class NotATest {
                @Async
                void noJUnitAnnotation() {
                }
            }
            """;

    private final CompiledSources sources = CompiledSources.compile(TEST_STUBS, EXTENSION_STUB, JUPITER_STUBS,
            PARAMETER_STUB, SOURCE, NOT_A_TEST);

    @Nested
    class TheMethodJUnitCalls {
        @Test
        void staysVoidWithItsAnnotationsAndItsParameters() throws Exception {
            ClassNode rewritten = sources.rewriteAndVerify("demo/ChatTest");
            MethodNode echoes = method(rewritten, "echoes", "(Ljava/lang/String;I)V");
            assertEquals(List.of("Ljasyncio/test/AsyncTest;"), descriptors(echoes.visibleAnnotations));
            assertEquals(List.of("Lorg/junit/jupiter/api/Named;"), descriptors(echoes.visibleParameterAnnotations[0]));
            assertEquals(Opcodes.ACC_PUBLIC, echoes.access);
        }

        @Test
        void keepsTheLineOfTheBodysFirstStatement() throws Exception {
            MethodNode echoes = method(sources.rewriteAndVerify("demo/ChatTest"), "echoes", "(Ljava/lang/String;I)V");
            assertEquals(CompiledSources.lineOf(SOURCE, "String line = await"), AwaitSites.firstLine(echoes.instructions));
        }

        @Test
        void handsTheCoroutineToTheExtension() throws Exception {
            sources.rewriteAndVerify("demo/ChatTest");
            Class<?> test = Class.forName("demo.ChatTest", true, sources.loader());
            Object instance = test.getConstructor().newInstance();
            test.getMethod("echoes", String.class, int.class).invoke(instance, "ab", 2);
            assertEquals("abab", test.getField("seen").get(null));
            test.getMethod("echoes", String.class, int.class).invoke(instance, "ab", 0);
            assertEquals("none", test.getField("seen").get(null));
            Class<?> extension = Class.forName("jasyncio.test.AsyncTestExtension", true, sources.loader());
            assertNull(extension.getField("handedOver").get(null), "a void body's coroutine completes with null");
        }

        @Test
        void isSplitForAnAsyncLifecycleMethodToo() throws Exception {
            sources.rewriteAndVerify("demo/ChatTest");
            Class<?> test = Class.forName("demo.ChatTest", true, sources.loader());
            // getDeclaredMethod would pick either of the two setUp(): the one JUnit calls is the void one.
            Method setUp = Arrays.stream(test.getDeclaredMethods())
                    .filter(m -> m.getName().equals("setUp") && m.getReturnType() == void.class).findFirst().orElseThrow();
            setUp.setAccessible(true);
            setUp.invoke(test.getConstructor().newInstance());
            assertEquals("set up", test.getField("seen").get(null));
        }
    }

    @Nested
    class TheCoroutine {
        @Test
        void isAPrivateSyntheticTwinWithoutAnnotations() throws Exception {
            ClassNode rewritten = sources.rewriteAndVerify("demo/ChatTest");
            MethodNode twin = method(rewritten, "echoes", "(Ljava/lang/String;I)Ljasyncio/Coroutine;");
            assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, twin.access);
            assertNull(twin.visibleAnnotations);
            assertNull(twin.visibleParameterAnnotations);
        }

        /** Both twins (the test's and the lifecycle method's) become state machines, counted as rewritten methods. */
        @Test
        void isRewrittenAndCounted() {
            AsyncClassTransformer.Result result = sources.transform("demo/ChatTest");
            assertEquals(2, result.rewrittenMethods);
            MethodNode twin = method(node(result.bytes), "echoes", "(Ljava/lang/String;I)Ljasyncio/Coroutine;");
            assertTrue(Insns.of(twin.instructions).stream().noneMatch(i -> i.startsWith("INVOKESTATIC jasyncio/Asyncio.await")),
                    "the twin awaits through its frame, not by blocking");
        }
    }

    @Nested
    class NotSplit {
        @Test
        void aVoidAsyncMethodWithoutAJUnitAnnotationIsRefusedAsBefore() {
            AsyncClassTransformer.Result result = sources.transform("demo/NotATest");
            assertEquals(1, result.problems.size(), String.valueOf(result.problems));
            assertTrue(result.problems.get(0).contains("demo.NotATest.noJUnitAnnotation"), result.problems.get(0));
            ClassNode rewritten = node(result.bytes);
            assertEquals(1, rewritten.methods.stream().filter(m -> m.name.equals("noJUnitAnnotation")).count());
        }
    }

    private static List<String> descriptors(List<AnnotationNode> annotations) {
        return annotations.stream().map(a -> a.desc).toList();
    }
}
