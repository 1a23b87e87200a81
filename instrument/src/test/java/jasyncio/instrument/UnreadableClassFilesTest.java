package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static jasyncio.instrument.CompiledSources.lineOf;
import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class loader that defines classes from bytes and serves no {@code .class} resources (plugins, scripting,
 * generated code): the rewriter cannot read the user's classes it needs for type merges. Methods without
 * awaits keep javac's code and frames; a coroutine finds its types among the loaded classes, or is refused
 * alone with a message naming the type. Never a {@code VerifyError}.
 */
class UnreadableClassFilesTest {
    private static final String SHELTER = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Shelter {
                public static String plain(int k) {
                    Animal a = k > 0 ? new Dog() : new Cat();
                    return a.sound();
                }

                @Async
                public static Coroutine<String> adopt(CompletionStage<String> name, int k) {
                    Animal a = k > 0 ? new Dog() : new Cat(); // merge
                    String n = await(name);
                    return Coroutine.completed(n + " says " + a.sound());
                }
            }
            """;
    private static final List<String> ANIMALS = List.of(
            "package demo; public class Animal { public String sound() { return \"...\"; } }",
            "package demo; public class Dog extends Animal { public String sound() { return \"woof\"; } }",
            "package demo; public class Cat extends Animal { public String sound() { return \"meow\"; } }");

    private final CompiledSources sources = CompiledSources.compile(
            List.of(), SHELTER, ANIMALS.get(0), ANIMALS.get(1), ANIMALS.get(2));

    /**
     * Class files as a loader that defines {@code demo.*} of {@code compiled} from bytes serves them: all but its own
     * classes; {@code loaded} finds the classes loaded already.
     */
    private static ClassHierarchy withoutDemoClassFiles(CompiledSources compiled, Function<String, Class<?>> loaded) {
        return new ClassHierarchy(name -> name.startsWith("demo/") ? null
                : compiled.classes.containsKey(name) ? new ByteArrayInputStream(compiled.classes.get(name))
                : ClassLoader.getSystemResourceAsStream(name + ".class"), loaded);
    }

    /** The {@code demo.*} classes {@code loader} has loaded, as the agent finds them among the loaded classes. */
    private static Function<String, Class<?>> demoClassesOf(ClassLoader loader) {
        return name -> {
            try {
                return name.startsWith("demo/") ? loader.loadClass(name.replace('/', '.')) : null;
            } catch (ClassNotFoundException e) {
                return null;
            }
        };
    }

    private static String text(MethodNode method) {
        Textifier text = new Textifier();
        method.accept(new TraceMethodVisitor(text));
        StringWriter out = new StringWriter();
        text.print(new PrintWriter(out));
        return out.toString();
    }

    /**
     * A coroutine past HotSpot's limit, so that its awaits share save code: two awaits with a {@code Dog} and a
     * {@code Cat} on the stack below them share the stub that stores it. The original code never merges the two
     * (the analysis of the method does not read them); the resume method does, at the stub.
     */
    private static final String KENNEL = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Kennel {
                static String heard = "";

                static void hear(Animal pet, String name) {
                    heard += name + " says " + pet.sound() + "; ";
                }

                public static int plain(int k) {
                    return k + 1;
                }

                @Async
                public static Coroutine<String> call(CompletionStage<String> name) {
                    heard = "";
                    int[] pad = PAD;
                    hear(new Dog(), await(name));
                    hear(new Cat(), await(name));
                    return Coroutine.completed(heard + pad.length + name.toCompletableFuture().join());
                }
            }
            """.replace("PAD", CompiledSources.padding());

    @Nested
    class AResumeMergingTypesTheOriginalNeverMerges {
        private final CompiledSources kennel = CompiledSources.compile(
                List.of(), KENNEL, ANIMALS.get(0), ANIMALS.get(1), ANIMALS.get(2));

        private AsyncClassTransformer.Result transform(Function<String, Class<?>> loaded) {
            return kennel.transform("demo/Kennel", withoutDemoClassFiles(kennel, loaded));
        }

        @Test
        void isRefusedAloneNamingTheTypeItCouldNotRead() throws Exception {
            AsyncClassTransformer.Result result = transform(name -> null);
            assertEquals(1, result.problems.size(), String.join("\n", result.problems));
            String problem = result.problems.get(0);
            assertTrue(problem.startsWith("jasyncio: demo.Kennel.call (Kennel.java:"), problem);
            assertTrue(problem.contains(String.format(Problems.UNREADABLE_TYPE, "demo.Cat", "demo.Cat"))
                    || problem.contains(String.format(Problems.UNREADABLE_TYPE, "demo.Dog", "demo.Dog")), problem);
            assertEquals("", kennel.asmVerifierErrors(result.bytes));

            Class<?> type = Class.forName("demo.Kennel", true, kennel.loader());
            assertEquals(3, type.getMethod("plain", int.class).invoke(null, 2), "the class's other methods run");
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> type
                    .getMethod("call", java.util.concurrent.CompletionStage.class)
                    .invoke(null, CompletableFuture.completedFuture("Rex")));
            assertEquals(problem, thrown.getCause().getMessage());
        }

        @Test
        void isRewrittenWithSharedSavesWhenTheTypesAreLoaded() throws Exception {
            AsyncClassTransformer.Result result = transform(demoClassesOf(kennel.originalLoader()));
            assertEquals(List.of(), result.problems);
            assertEquals("", kennel.asmVerifierErrors(result.bytes));
            MethodNode resume = method(node(result.bytes), "call", "(Ljasyncio/internal/Frame;)Ljava/lang/Object;");
            assertTrue(MethodSize.of(resume) > MethodSize.JIT_LIMIT, "not the method meant: shared saves in helpers");
            assertEquals("returned Rex says woof; Rex says meow; 1000Rex",
                    kennel.assertRunsLikeTheOriginal("demo.Kennel", "call", CompletableFuture.completedFuture("Rex")));
        }
    }

    @Nested
    class NothingLoadedYet {
        private final AsyncClassTransformer.Result result =
                sources.transform("demo/Shelter", withoutDemoClassFiles(sources, name -> null));

        @Test
        void aMethodWithoutAwaitsKeepsItsCodeAndFramesExactly() {
            MethodNode before = method(node(sources.bytes("demo/Shelter")), "plain", null);
            MethodNode after = method(node(result.bytes), "plain", null);
            assertTrue(text(before).contains("FRAME"), "the method has stack map frames to keep");
            assertEquals(text(before), text(after));
        }

        @Test
        void theClassLoadsAndItsOtherMethodsRun() throws Exception {
            Class<?> shelter = Class.forName("demo.Shelter", true, sources.loader());
            assertEquals("woof", shelter.getMethod("plain", int.class).invoke(null, 1));
            assertEquals("meow", shelter.getMethod("plain", int.class).invoke(null, 0));
        }

        @Test
        void theCoroutineThatNeedsTheTypeIsRefusedNamingIt() throws Exception {
            assertEquals(1, result.problems.size(), String.join("\n", result.problems));
            String problem = result.problems.get(0);
            String start = "jasyncio: demo.Shelter.adopt (Shelter.java:" + lineOf(SHELTER, "// merge") + "): ";
            assertTrue(problem.startsWith(start), problem);
            assertTrue(problem.contains(String.format(Problems.UNREADABLE_TYPE, "demo.Cat", "demo.Cat"))
                    || problem.contains(String.format(Problems.UNREADABLE_TYPE, "demo.Dog", "demo.Dog")), problem);

            Class<?> shelter = Class.forName("demo.Shelter", true, sources.loader());
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> shelter
                    .getMethod("adopt", java.util.concurrent.CompletionStage.class, int.class)
                    .invoke(null, CompletableFuture.completedFuture("Rex"), 1));
            assertInstanceOf(IllegalStateException.class, thrown.getCause());
            assertEquals(problem, thrown.getCause().getMessage());
        }

        @Test
        void theRewrittenClassVerifies() {
            assertEquals("", sources.asmVerifierErrors(result.bytes));
        }
    }

    @Nested
    class FoundAmongTheLoadedClasses {
        private AsyncClassTransformer.Result transform() {
            return sources.transform("demo/Shelter",
                    withoutDemoClassFiles(sources, demoClassesOf(sources.originalLoader())));
        }

        @Test
        void theCoroutineIsRewrittenAndRunsLikeTheOriginal() throws Exception {
            AsyncClassTransformer.Result result = transform();
            assertEquals(List.of(), result.problems);
            assertNotNull(result.bytes);
            assertEquals("", sources.asmVerifierErrors(result.bytes));
            CompletableFuture<String> name = CompletableFuture.completedFuture("Rex");
            assertEquals("returned Rex says meow", sources.assertRunsLikeTheOriginal("demo.Shelter", "adopt", name, 0));
            assertEquals("returned Rex says woof", sources.assertRunsLikeTheOriginal("demo.Shelter", "adopt", name, 1));
        }

        @Test
        void theMethodWithoutAwaitsStillKeepsItsFrames() {
            ClassNode after = node(transform().bytes);
            assertEquals(text(method(node(sources.bytes("demo/Shelter")), "plain", null)), text(method(after, "plain", null)));
        }
    }
}
