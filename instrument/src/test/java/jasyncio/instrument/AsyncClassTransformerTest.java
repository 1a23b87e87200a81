package jasyncio.instrument;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static jasyncio.instrument.CompiledSources.value;
import static jasyncio.instrument.CompiledSources.lineOf;
import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on javac's output: compile sources against the runtime stubs, rewrite, inspect and verify. */
class AsyncClassTransformerTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";
    private static final String AWAIT_CALL = "INVOKESTATIC jasyncio/Asyncio.await";

    static final String SHOP = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Shop {
                @Async
                public Coroutine<String> order(CompletionStage<String> item, int count) {
                    String name = await(item); // first await
                    String more = await(item); // second await
                    return Coroutine.completed(name + more + count); // return line
                }

                @Async
                public static Coroutine<Void> idle() {
                    return Coroutine.completed();
                }
            }
            """;

    private static ClassNode rewriteAndVerify(CompiledSources sources, String name) throws Exception {
        return sources.rewriteAndVerify(name);
    }

    private static CompletableFuture<Object> failure(String message) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(message));
    }

    private static String assertRunsLikeTheOriginal(CompiledSources sources, String className, String method,
                                                    Object... args) throws ReflectiveOperationException {
        return sources.assertRunsLikeTheOriginal(className, method, args);
    }

    private static DynamicTest runsLikeTheOriginal(CompiledSources sources, String className, String method,
                                                   Object... args) {
        List<String> shown = new ArrayList<>();
        for (Object arg : args) {
            shown.add(arg instanceof CompletableFuture ? "future" : String.valueOf(arg));
        }
        return DynamicTest.dynamicTest(method + "(" + String.join(", ", shown) + ")",
                () -> assertRunsLikeTheOriginal(sources, className, method, args));
    }

    private static List<String> calls(MethodNode method) {
        return Insns.of(method.instructions).stream().filter(i -> i.startsWith("INVOKE")).collect(Collectors.toList());
    }

    private static boolean awaitsDirectly(MethodNode method) {
        return Insns.of(method.instructions).stream().anyMatch(i -> i.startsWith(AWAIT_CALL));
    }

    @Nested
    class EntryAndResume {
        private final ClassNode shop;

        EntryAndResume() throws Exception {
            shop = rewriteAndVerify(CompiledSources.compile(SHOP), "demo/Shop");
        }

        @Test
        void theEntryAllocatesAFrameStoresTheArgumentsAndReturnsIt() {
            MethodNode entry = method(shop, "order", "(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine;");
            List<String> code = Insns.of(entry.instructions);

            assertEquals(List.of("NEW jasyncio/internal/Frame", "DUP"), code.subList(0, 2));
            assertTrue(code.get(2).startsWith("INVOKEDYNAMIC"), code.toString());
            assertEquals("INVOKESPECIAL jasyncio/internal/Frame.<init>(Ljasyncio/internal/MethodInfo;)V", code.get(3));
            assertEquals("ASTORE 3", code.get(4));
            assertEquals(List.of("ALOAD 3", "ARETURN"), code.subList(code.size() - 2, code.size()));
            assertTrue(code.contains("INVOKESTATIC jasyncio/internal/Frame.putInt(ILjasyncio/internal/Frame;I)V"),
                    "the int argument is stored: " + code);
            assertFalse(awaitsDirectly(entry), "nothing of the body runs in the entry");
        }

        @Test
        void theEntryKeepsItsAnnotation() {
            MethodNode entry = method(shop, "order", "(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine;");
            assertEquals(List.of("Ljasyncio/Async;"),
                    entry.visibleAnnotations.stream().map(a -> a.desc).collect(Collectors.toList()));
        }

        @Test
        void theEntryNamesItsResumeMethodToTheBootstrap() {
            MethodNode entry = method(shop, "order", "(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine;");
            InvokeDynamicInsnNode indy = null;
            for (AbstractInsnNode insn : entry.instructions) {
                if (insn instanceof InvokeDynamicInsnNode) {
                    indy = (InvokeDynamicInsnNode) insn;
                }
            }
            assertNotNull(indy);
            assertEquals(Names.BOOTSTRAP, indy.bsm.getOwner());
            Handle body = (Handle) indy.bsmArgs[0];
            assertEquals("demo/Shop", body.getOwner());
            assertEquals("order", body.getName());
            assertEquals(RESUME_DESC, body.getDesc());
            assertEquals("order", indy.bsmArgs[1]);
            assertEquals("Shop.java", indy.bsmArgs[2]);
        }

        @Test
        void theResumeMethodKeepsTheNameTakesTheFrameAndIsPrivateStaticSynthetic() {
            MethodNode resume = method(shop, "order", RESUME_DESC);
            assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, resume.access);
        }

        @Test
        void theResumeMethodStartsByJumpingOnTheLabel() {
            MethodNode resume = method(shop, "order", RESUME_DESC);
            List<String> code = Insns.of(resume.instructions);
            // The frame stays in slot 0, a byte shorter to load than above the method's own five locals (this,
            // item, count, name, more; now 1 to 5), its label goes above them; label 0 starts the body, any other
            // restores (Frame.resume refuses a label that is no await site's).
            assertEquals(List.of("ALOAD 0", "GETFIELD jasyncio/internal/Frame.label", "DUP", "ISTORE 6", "IFEQ",
                    "ALOAD 0", "DUP", "ICONST_0", "PUTFIELD jasyncio/internal/Frame.label"), code.subList(0, 9));
        }

        @Test
        void theResumeMethodAwaitsThroughTheFrame() {
            MethodNode resume = method(shop, "order", RESUME_DESC);
            assertFalse(awaitsDirectly(resume));
            assertEquals(2, calls(resume).stream().filter(c -> c.startsWith(
                    "INVOKESTATIC jasyncio/internal/Frame.await")).count());
        }

        @Test
        void anAsyncMethodWithoutAwaitsIsRewrittenToo() {
            assertEquals(RESUME_DESC, method(shop, "idle", RESUME_DESC).desc);
            assertTrue(Insns.of(method(shop, "idle", "()Ljasyncio/Coroutine;").instructions)
                    .contains("NEW jasyncio/internal/Frame"));
        }

        @Test
        void theRewrittenMethodsComputeWhatTheOriginalsDo() throws Exception {
            CompiledSources sources = CompiledSources.compile(SHOP);
            sources.transform("demo/Shop");
            assertEquals("returned xx3", assertRunsLikeTheOriginal(sources, "demo.Shop", "order", value("x"), 3));
            assertEquals("returned null", assertRunsLikeTheOriginal(sources, "demo.Shop", "idle"));
        }

        @Test
        void suspendingAtEveryAwaitResumesOncePerAwait() throws Exception {
            CompiledSources sources = CompiledSources.compile(SHOP);
            sources.transform("demo/Shop");
            ClassLoader loader = sources.loader();
            assertEquals("returned yy1", CompiledSources.outcome(loader, true, "demo.Shop", "order", value("y"), 1));
            assertEquals(2, loader.loadClass("jasyncio.internal.Frame").getField("suspensions").getInt(null));
        }

        @Test
        void theClassIsMarkedRewritten() {
            List<String> marks = new ArrayList<>();
            for (AnnotationNode a : shop.invisibleAnnotations) {
                marks.add(a.desc);
            }
            assertTrue(marks.contains(Names.REWRITTEN_DESC), marks.toString());
        }
    }

    @Nested
    class LeftAlone {
        @Test
        void aClassThatNeverMentionsJasyncioIsReturnedUnchanged() {
            CompiledSources sources = CompiledSources.compile("package demo; public class Plain { int f() { return 1; } }");
            AsyncClassTransformer.Result result = sources.transform("demo/Plain");
            assertNull(result.bytes);
            assertEquals(List.of(), result.problems);
        }

        @Test
        void suchAClassIsNotEvenParsed() {
            byte[] notAClassFile = {(byte) 0xCA, (byte) 0xFE, 1, 2, 3};
            AsyncClassTransformer.Result result = new AsyncClassTransformer(ClassHierarchy.of(null))
                    .transform(notAClassFile);
            assertNull(result.bytes);
        }

        @Test
        void aRewrittenClassIsNotRewrittenTwice() {
            CompiledSources sources = CompiledSources.compile(SHOP);
            byte[] once = sources.transform("demo/Shop").bytes;
            AsyncClassTransformer.Result twice = new AsyncClassTransformer(sources.hierarchy).transform(once);
            assertNull(twice.bytes);
            assertEquals(List.of(), twice.problems);
        }

        /** What tools that read class files (the size benchmark) ask, to skip what has nothing of javac's left. */
        @Test
        void aRewrittenClassIsToldFromJavacsOutput() {
            CompiledSources sources = CompiledSources.compile(SHOP);
            assertFalse(AsyncClassTransformer.isRewritten(sources.bytes("demo/Shop")));
            assertTrue(AsyncClassTransformer.isRewritten(sources.transform("demo/Shop").bytes));
        }

        @Test
        void aClassThatOnlyUsesCoroutinesWithoutAwaitingIsUnchanged() {
            CompiledSources sources = CompiledSources.compile("""
                    package demo;
                    import jasyncio.*;
                    public class Caller {
                        Coroutine<String> make() { return Coroutine.completed("x"); }
                        Object awaitable() { return Asyncio.class; }
                    }
                    """);
            assertNull(sources.transform("demo/Caller").bytes);
        }
    }

    @Nested
    class LineNumbers {
        @Test
        void theResumeMethodKeepsTheOriginalLines() throws Exception {
            ClassNode shop = rewriteAndVerify(CompiledSources.compile(SHOP), "demo/Shop");
            List<Integer> lines = new ArrayList<>();
            for (AbstractInsnNode insn : method(shop, "order", RESUME_DESC).instructions) {
                if (insn instanceof LineNumberNode) {
                    lines.add(((LineNumberNode) insn).line);
                }
            }
            assertTrue(lines.contains(lineOf(SHOP, "// first await")), lines.toString());
            assertTrue(lines.contains(lineOf(SHOP, "// second await")), lines.toString());
            assertTrue(lines.contains(lineOf(SHOP, "// return line")), lines.toString());
        }

        @Test
        void theAwaitLinesReachTheRuntimeThroughTheBootstrap() throws Exception {
            ClassNode shop = rewriteAndVerify(CompiledSources.compile(SHOP), "demo/Shop");
            MethodNode entry = method(shop, "order", "(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine;");
            InvokeDynamicInsnNode indy = null;
            for (AbstractInsnNode insn : entry.instructions) {
                if (insn instanceof InvokeDynamicInsnNode) {
                    indy = (InvokeDynamicInsnNode) insn;
                }
            }
            int first = lineOf(SHOP, "// first await");
            assertEquals(first + "," + first + "," + lineOf(SHOP, "// second await"), indy.bsmArgs[3]);
        }
    }

    @Nested
    class Refusals {
        private static final String BAD = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Bad {
                    public Bad() {
                    }

                    public Bad(CompletionStage<String> s) {
                        await(s); // in constructor
                    }

                    @Async
                    public int returnsInt(CompletionStage<Integer> s) {
                        return await(s); // returns int
                    }

                    @Async
                    public Coroutine<String> underMonitor(CompletionStage<String> s) {
                        String before = "x";
                        synchronized (this) {
                            before += await(s); // under monitor
                        }
                        return Coroutine.completed(before);
                    }

                    @Async
                    public synchronized Coroutine<String> synchronizedMethod(CompletionStage<String> s) {
                        return Coroutine.completed(await(s)); // synchronized method
                    }

                    public String notAsync(CompletionStage<String> s) {
                        return await(s); // not async
                    }

                    public void plainLambda(CompletionStage<String> s) {
                        Runnable r = () -> await(s); // plain lambda
                        r.run();
                    }
                }
                """;

        private static final String BAD_INIT = """
                package demo;
                import java.util.concurrent.CompletableFuture;
                import static jasyncio.Asyncio.await;

                public class BadInit {
                    static final String VALUE = await(CompletableFuture.completedFuture("x")); // in clinit
                }
                """;

        private final CompiledSources sources = CompiledSources.compile(BAD, BAD_INIT);
        private final AsyncClassTransformer.Result bad = sources.transform("demo/Bad");

        private String problem(String method, String marker, String what) {
            return "jasyncio: demo.Bad." + method + " (Bad.java:" + lineOf(BAD, marker) + "): " + what;
        }

        private String lambdaName() {
            return node(sources.bytes("demo/Bad")).methods.stream().map(m -> m.name)
                    .filter(n -> n.startsWith("lambda$plainLambda$")).findFirst().orElseThrow();
        }

        /** Calls {@code method} of the rewritten class and returns what it threw. */
        private Throwable thrownBy(String method) throws Exception {
            Class<?> type = Class.forName("demo.Bad", true, sources.loader());
            Object instance = type.getConstructor().newInstance();
            CompletionStage<Object> stage = CompletableFuture.completedFuture(1);
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> type.getMethod(method, CompletionStage.class).invoke(instance, stage));
            return e.getCause();
        }

        private void assertThrowsTheProblem(String problem, Throwable thrown) {
            assertInstanceOf(IllegalStateException.class, thrown);
            assertEquals(problem, thrown.getMessage());
        }

        @Test
        void everyRefusalIsReportedOnceAndTheClassStillVerifies() {
            assertNotNull(bad.bytes);
            assertEquals(6, bad.problems.size(), String.join("\n", bad.problems));
            assertEquals("", sources.asmVerifierErrors(bad.bytes));
        }

        @Test
        void anAsyncMethodReturningIntIsRefusedAndThrows() throws Exception {
            String problem = problem("returnsInt", "// returns int", String.format(Problems.NOT_RETURNING_COROUTINE, "int"));
            assertTrue(bad.problems.contains(problem), String.join("\n", bad.problems));
            assertThrowsTheProblem(problem, thrownBy("returnsInt"));
        }

        @Test
        void anAwaitInsideASynchronizedBlockIsRefusedAndThrows() throws Exception {
            String problem = problem("underMonitor", "// under monitor", Problems.AWAIT_UNDER_MONITOR);
            assertTrue(bad.problems.contains(problem), String.join("\n", bad.problems));
            assertThrowsTheProblem(problem, thrownBy("underMonitor"));
        }

        @Test
        void aSynchronizedAsyncMethodIsRefusedAndThrows() throws Exception {
            String problem = problem("synchronizedMethod", "// synchronized method", Problems.SYNCHRONIZED_METHOD);
            assertTrue(bad.problems.contains(problem), String.join("\n", bad.problems));
            assertThrowsTheProblem(problem, thrownBy("synchronizedMethod"));
        }

        @Test
        void anAwaitInAConstructorIsRefusedAndThrows() throws Exception {
            String problem = problem("<init>", "// in constructor", Problems.AWAIT_IN_CONSTRUCTOR);
            assertTrue(bad.problems.contains(problem), String.join("\n", bad.problems));
            Class<?> type = Class.forName("demo.Bad", true, sources.loader());
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> type.getConstructor(CompletionStage.class).newInstance(CompletableFuture.completedFuture("x")));
            assertThrowsTheProblem(problem, e.getCause());
        }

        @Test
        void anAwaitInANonAsyncMethodIsRefusedAndThrows() throws Exception {
            String problem = problem("notAsync", "// not async", Problems.AWAIT_NOT_ASYNC);
            assertTrue(bad.problems.contains(problem), String.join("\n", bad.problems));
            assertThrowsTheProblem(problem, thrownBy("notAsync"));
        }

        @Test
        void anAwaitInALambdaNotReturningCoroutineIsRefusedAndThrows() throws Exception {
            String problem = problem(lambdaName(), "// plain lambda", Problems.AWAIT_IN_PLAIN_LAMBDA);
            assertTrue(bad.problems.contains(problem), String.join("\n", bad.problems));
            assertThrowsTheProblem(problem, thrownBy("plainLambda"));
        }

        @Test
        void anAwaitInAStaticInitializerIsRefusedAndThrowsWhenTheClassInitializes() {
            AsyncClassTransformer.Result init = sources.transform("demo/BadInit");
            String problem = "jasyncio: demo.BadInit.<clinit> (BadInit.java:" + lineOf(BAD_INIT, "// in clinit") + "): "
                    + Problems.AWAIT_IN_STATIC_INITIALIZER;
            assertEquals(List.of(problem), init.problems);
            assertEquals("", sources.asmVerifierErrors(init.bytes));
            ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class,
                    () -> Class.forName("demo.BadInit", true, sources.loader()));
            assertThrowsTheProblem(problem, e.getCause());
        }
    }

    @Nested
    class Lambdas {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;
                import java.util.function.Supplier;
                import static jasyncio.Asyncio.await;

                public class Lambdas {
                    interface AsyncTask<T> {
                        Coroutine<T> run();
                    }

                    static AsyncTask<Integer> ownInterface(CompletionStage<Integer> s, int k) {
                        return () -> Coroutine.completed(await(s) + k);
                    }

                    static Supplier<Coroutine<String>> supplier(CompletionStage<String> s) {
                        return () -> {
                            String v = await(s);
                            return Coroutine.completed(v + "!");
                        };
                    }

                    static Supplier<Coroutine<String>> notAwaiting() {
                        return () -> Coroutine.completed("x");
                    }

                    static Coroutine<Integer> runOwnInterface(CompletionStage<Integer> s, int k) {
                        return ownInterface(s, k).run();
                    }

                    static Coroutine<String> runSupplier(CompletionStage<String> s) {
                        return supplier(s).get();
                    }

                    static final Supplier<Coroutine<String>> IN_STATIC_INIT =
                            () -> Coroutine.completed(await(CompletableFuture.completedFuture("static")) + "!");

                    final Supplier<Coroutine<String>> inConstructor =
                            () -> Coroutine.completed(await(CompletableFuture.completedFuture("field")) + "?");

                    @Async
                    static Coroutine<String> runInitializerLambdas() {
                        return Coroutine.completed(
                                Asyncio.await(IN_STATIC_INIT.get()) + Asyncio.await(new Lambdas().inConstructor.get()));
                    }
                }
                """;

        private final ClassNode rewritten;
        private final ClassNode original;

        Lambdas() throws Exception {
            CompiledSources sources = CompiledSources.compile(SOURCE);
            original = node(sources.bytes("demo/Lambdas"));
            rewritten = rewriteAndVerify(sources, "demo/Lambdas");
        }

        private MethodNode originalLambdaOf(String enclosing) {
            return original.methods.stream().filter(m -> m.name.startsWith("lambda$" + enclosing + "$"))
                    .findFirst().orElseThrow();
        }

        private void assertRewrittenAsCoroutine(MethodNode lambda) {
            MethodNode entry = method(rewritten, lambda.name, lambda.desc);
            assertTrue(Insns.of(entry.instructions).contains("NEW jasyncio/internal/Frame"), lambda.name);
            MethodNode resume = method(rewritten, lambda.name, RESUME_DESC);
            assertFalse(awaitsDirectly(resume));
        }

        @Test
        void aLambdaOfAFunctionalInterfaceReturningCoroutineIsRewritten() {
            MethodNode lambda = originalLambdaOf("ownInterface");
            assertEquals("Ljasyncio/Coroutine;", org.objectweb.asm.Type.getReturnType(lambda.desc).getDescriptor());
            assertRewrittenAsCoroutine(lambda);
        }

        @Test
        void aSupplierOfCoroutineLambdaIsRewritten() {
            assertRewrittenAsCoroutine(originalLambdaOf("supplier"));
        }

        @Test
        void coroutineLambdasComputeWhatTheOriginalsDo() throws Exception {
            CompiledSources sources = CompiledSources.compile(SOURCE);
            sources.transform("demo/Lambdas");
            assertEquals("returned 7", assertRunsLikeTheOriginal(sources, "demo.Lambdas", "runOwnInterface", value(5), 2));
            assertEquals("returned s!", assertRunsLikeTheOriginal(sources, "demo.Lambdas", "runSupplier", value("s")));
        }

        @Test
        void coroutineLambdasInInitializersAreRewritten() throws Exception {
            CompiledSources sources = CompiledSources.compile(SOURCE);
            sources.transform("demo/Lambdas");
            assertEquals(1, rewritten.methods.stream().filter(m -> m.name.startsWith("lambda$static$")
                    && m.desc.equals(RESUME_DESC)).count());
            assertEquals(1, rewritten.methods.stream().filter(m -> m.name.startsWith("lambda$new$")
                    && m.desc.equals(RESUME_DESC)).count());
            assertEquals("returned static!field?",
                    assertRunsLikeTheOriginal(sources, "demo.Lambdas", "runInitializerLambdas"));
        }

        @Test
        void aCoroutineLambdaThatNeverAwaitsIsRewrittenToo() {
            assertRewrittenAsCoroutine(originalLambdaOf("notAwaiting"));
        }
    }

    @Nested
    class OldClassFiles {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import java.util.function.Supplier;
                import static jasyncio.Asyncio.await;

                public class Legacy {
                    @Async
                    Coroutine<String> join(CompletionStage<String> a, long n) {
                        String x = await(a);
                        Supplier<Coroutine<String>> later = () -> Coroutine.completed(await(a) + n);
                        return Coroutine.completed(x + await(later.get()));
                    }
                }
                """;

        private static final String API = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public interface Api {
                    @Async
                    static Coroutine<String> fetch(CompletionStage<String> a) {
                        return Coroutine.completed(await(a));
                    }

                    @Async
                    default Coroutine<String> twice(CompletionStage<String> a) {
                        return Coroutine.completed(await(a) + await(a));
                    }
                }
                """;

        @Test
        void aClassCompiledForJava8IsRewrittenAndVerifies() throws Exception {
            CompiledSources sources = CompiledSources.compile(List.of("--release", "8"), SOURCE);
            assertEquals(Opcodes.V1_8, new org.objectweb.asm.ClassReader(sources.bytes("demo/Legacy")).readUnsignedShort(6));
            ClassNode legacy = rewriteAndVerify(sources, "demo/Legacy");
            assertEquals(Opcodes.V1_8, legacy.version);
            method(legacy, "join", RESUME_DESC);
            assertEquals("returned aa5", assertRunsLikeTheOriginal(sources, "demo.Legacy", "join", value("a"), 5L));
        }

        @Test
        void aJava8InterfaceGetsPublicResumeMethods() throws Exception {
            CompiledSources sources = CompiledSources.compile(List.of("--release", "8"), API);
            ClassNode api = rewriteAndVerify(sources, "demo/Api");
            assertEquals("returned f", assertRunsLikeTheOriginal(sources, "demo.Api", "fetch", value("f")));
            assertEquals(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    method(api, "fetch", RESUME_DESC).access);
            assertEquals(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    method(api, "twice", RESUME_DESC).access);
        }

        @Test
        void aModernInterfaceGetsPrivateResumeMethods() throws Exception {
            CompiledSources sources = CompiledSources.compile(API);
            ClassNode api = rewriteAndVerify(sources, "demo/Api");
            assertEquals("returned g", assertRunsLikeTheOriginal(sources, "demo.Api", "fetch", value("g")));
            assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    method(api, "twice", RESUME_DESC).access);
        }
    }

    @Nested
    class ComplexConstructs {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import java.util.List;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                class Pair {
                    private final String text;

                    Pair(String a, int b) {
                        text = a + "/" + b;
                    }

                    public String toString() {
                        return text;
                    }
                }

                public class Complex {
                    int field;

                    @Async
                    Coroutine<String> tryCatchFinally(CompletionStage<String> a, CompletionStage<String> b) {
                        StringBuilder log = new StringBuilder();
                        try {
                            log.append(await(a));
                            throw new IllegalStateException(await(b));
                        } catch (IllegalStateException e) {
                            log.append(await(b)).append(e.getMessage());
                        } finally {
                            log.append(await(a));
                        }
                        return Coroutine.completed(log.toString());
                    }

                    @Async
                    Coroutine<String> nestedTry(CompletionStage<String> a) {
                        try {
                            try {
                                return Coroutine.completed(await(a));
                            } finally {
                                await(a);
                            }
                        } catch (RuntimeException e) {
                            return Coroutine.completed(e.toString() + await(a));
                        }
                    }

                    @Async
                    Coroutine<Integer> switches(CompletionStage<Integer> n, String key) {
                        int total = 0;
                        switch (await(n)) {
                            case 1: total += await(n); break;
                            case 2: case 3: total -= await(n);
                            default: total++;
                        }
                        switch (key) {
                            case "a": total += await(n); break;
                            case "b": total *= 2; break;
                            default: break;
                        }
                        return Coroutine.completed(total);
                    }

                    @Async
                    static Coroutine<Double> wideLocals(CompletionStage<Long> l, CompletionStage<Double> d, float f,
                                                        boolean flag, char c, byte by, short sh, double[] out) {
                        long big = 1L << 40;
                        double ratio = 0.5;
                        long got = await(l);
                        double dd = await(d);
                        out[0] = ratio;
                        return Coroutine.completed(big + ratio + got + dd + f + (flag ? 1 : 0) + c + by + sh);
                    }

                    @Async
                    static Coroutine<Object> constructions(CompletionStage<String> a, CompletionStage<Integer> n) {
                        Object p = new Pair(await(a), await(n));
                        Object q = new Pair(new StringBuilder(await(a)).toString(), 7);
                        return Coroutine.completed(new Object[] {p, q});
                    }

                    @Async
                    static Coroutine<Integer> operandStack(CompletionStage<Integer> n, int[] arr) {
                        int x = 40 + await(n);
                        long y = 2L * await(n);
                        String s = "v" + await(n) + x;
                        arr[0] = await(n);
                        int t = x > 0 ? await(n) : -1;
                        String none = null;
                        String both = String.valueOf(none) + await(n);
                        return Coroutine.completed(x + (int) y + s.length() + arr[0] + t + both.length());
                    }

                    @Async
                    Coroutine<Integer> loops(CompletionStage<Integer> n, List<CompletionStage<Integer>> more) {
                        int sum = 0;
                        for (int i = 0; i < 3; i++) {
                            sum += await(n);
                        }
                        for (CompletionStage<Integer> m : more) {
                            sum += await(m);
                        }
                        int k = 0;
                        while (k < 2) {
                            k += await(n);
                        }
                        return Coroutine.completed(sum + k + field);
                    }

                    @Async
                    Coroutine<String> tailCall(CompletionStage<String> a) {
                        return other(a);
                    }

                    @Async
                    Coroutine<String> other(CompletionStage<String> a) {
                        return Coroutine.completed(await(a));
                    }

                    @Async
                    Coroutine<String> overload(CompletionStage<String> a) {
                        return Coroutine.completed(await(a));
                    }

                    @Async
                    Coroutine<String> overload(Awaitable<String> a) {
                        return Coroutine.completed(await(a));
                    }

                    Coroutine<String> overloadViaAwaitable(CompletionStage<String> a) {
                        return overload(Coroutine.completed("via " + a.toCompletableFuture().join()));
                    }

                    @Async
                    Coroutine<String> afterSynchronized(CompletionStage<String> a) {
                        synchronized (this) {
                            field++;
                        }
                        return Coroutine.completed(await(a));
                    }

                    @Async
                    Coroutine<Void> nothing() {
                        return Coroutine.completed();
                    }
                }
                """;

        private final CompiledSources sources = CompiledSources.compile(SOURCE);
        private final ClassNode complex;

        ComplexConstructs() throws Exception {
            complex = rewriteAndVerify(sources, "demo/Complex");
        }

        @TestFactory
        Stream<DynamicTest> eachRunsLikeTheOriginal() {
            String c = "demo.Complex";
            return Stream.of(
                    runsLikeTheOriginal(sources, c, "tryCatchFinally", value("A"), value("B")),
                    runsLikeTheOriginal(sources, c, "tryCatchFinally", failure("a"), value("B")),
                    runsLikeTheOriginal(sources, c, "tryCatchFinally", value("A"), failure("b")),
                    runsLikeTheOriginal(sources, c, "nestedTry", value("A")),
                    runsLikeTheOriginal(sources, c, "nestedTry", failure("x")),
                    runsLikeTheOriginal(sources, c, "switches", value(1), "a"),
                    runsLikeTheOriginal(sources, c, "switches", value(2), "b"),
                    runsLikeTheOriginal(sources, c, "switches", value(3), "z"),
                    runsLikeTheOriginal(sources, c, "switches", value(7), "a"),
                    runsLikeTheOriginal(sources, c, "wideLocals", value(3L), value(0.25), 1.5f, true, 'c', (byte) 2,
                            (short) 3, new double[1]),
                    runsLikeTheOriginal(sources, c, "constructions", value("A"), value(7)),
                    runsLikeTheOriginal(sources, c, "operandStack", value(2), new int[1]),
                    runsLikeTheOriginal(sources, c, "loops", value(1), List.of(value(10), value(20))),
                    runsLikeTheOriginal(sources, c, "tailCall", value("T")),
                    runsLikeTheOriginal(sources, c, "overload", value("S")),
                    runsLikeTheOriginal(sources, c, "overloadViaAwaitable", value("S")),
                    runsLikeTheOriginal(sources, c, "afterSynchronized", value("S")),
                    runsLikeTheOriginal(sources, c, "nothing"));
        }

        @Test
        void theReferenceOutcomesAreTheExpectedOnes() throws Exception {
            assertEquals("returned ABBA",
                    assertRunsLikeTheOriginal(sources, "demo.Complex", "tryCatchFinally", value("A"), value("B")));
            assertEquals("returned [A/7, A/7]",
                    assertRunsLikeTheOriginal(sources, "demo.Complex", "constructions", value("A"), value(7)));
            assertEquals("threw java.lang.IllegalArgumentException: x",
                    assertRunsLikeTheOriginal(sources, "demo.Complex", "nestedTry", failure("x")));
        }

        private void assertRewritten(String name) {
            MethodNode resume = method(complex, name, RESUME_DESC);
            assertFalse(awaitsDirectly(resume), name);
        }

        @Test
        void tryCatchFinallyWithAwaitsInEveryPart() {
            assertRewritten("tryCatchFinally");
            assertRewritten("nestedTry");
        }

        @Test
        void switchesOnIntsAndStrings() {
            assertRewritten("switches");
        }

        @Test
        void longDoubleAndSmallPrimitiveLocals() {
            assertRewritten("wideLocals");
        }

        @Test
        void constructorArgumentsThatAwait() {
            assertRewritten("constructions");
        }

        @Test
        void valuesOnTheOperandStackBelowTheAwait() {
            assertRewritten("operandStack");
        }

        @Test
        void loops() {
            assertRewritten("loops");
        }

        @Test
        void aMethodReturningAnotherCoroutineCompletesThroughTheFrame() {
            assertTrue(calls(method(complex, "tailCall", RESUME_DESC)).contains(
                    "INVOKESTATIC jasyncio/internal/Frame.complete" + Names.FRAME_COMPLETE.desc()));
        }

        @Test
        void overloadsGetTwoResumeMethods() {
            long resumes = complex.methods.stream().filter(m -> m.name.equals("overload") && !m.desc.endsWith(
                    "Ljasyncio/Coroutine;")).count();
            assertEquals(2, resumes);
        }

        @Test
        void anAwaitAfterASynchronizedBlockIsAllowed() {
            assertRewritten("afterSynchronized");
        }
    }

    @Nested
    class TypesAcrossAwaits {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import java.util.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                class Res implements AutoCloseable {
                    public void close() {
                    }
                }

                class Pair {
                    private final String text;

                    Pair(String a, int b) {
                        text = a + "/" + b;
                    }

                    public String toString() {
                        return text;
                    }
                }

                public class Merges {
                    int field;

                    static int pick(String a, Integer b) {
                        return b;
                    }

                    @Async
                    static Coroutine<Integer> objectArrayFirst(CompletionStage<Integer> n, boolean f) {
                        Object[] a = f ? new Object[1] : new String[2];
                        await(n);
                        return Coroutine.completed(a.length);
                    }

                    @Async
                    static Coroutine<Integer> stringArrayFirst(CompletionStage<Integer> n, boolean f) {
                        Object[] a = f ? new String[2] : new Object[1];
                        await(n);
                        return Coroutine.completed(a.length);
                    }

                    @Async
                    static Coroutine<Integer> arraysOfDifferentDepth(CompletionStage<Integer> n, boolean f) {
                        Object[] a = f ? new Object[1] : new String[2][2];
                        await(n);
                        return Coroutine.completed(a.length);
                    }

                    @Async
                    static Coroutine<Integer> siblingClasses(CompletionStage<Integer> n, boolean f) {
                        AbstractList<String> l = f ? new ArrayList<>() : new LinkedList<>();
                        await(n);
                        return Coroutine.completed(l.size());
                    }

                    @Async
                    static Coroutine<Integer> unrelatedImplementations(CompletionStage<Integer> n, boolean f) {
                        Collection<String> c = f ? new ArrayList<>() : new HashSet<>();
                        await(n);
                        return Coroutine.completed(c.size());
                    }

                    @Async
                    static Coroutine<Integer> nulls(CompletionStage<Integer> n) {
                        String none = null;
                        int fromStack = pick(null, await(n));
                        return Coroutine.completed(String.valueOf(none).length() + fromStack);
                    }

                    @Async
                    static Coroutine<Integer> manyLiveLocals(CompletionStage<Integer> n) {
                        String a = "a", b = "b", c = "c", d = "d", e = "e", f = "f", g = "g", h = "h";
                        int i = 1, j = 2, k = 3, l = 4, m = 5, o = 6, p = 7, q = 8;
                        int x = await(n);
                        return Coroutine.completed((a + b + c + d + e + f + g + h).length() + i + j + k + l + m + o + p
                                + q + x);
                    }

                    @Async
                    static Coroutine<Integer> tryWithResources(CompletionStage<Integer> n) throws Exception {
                        int v;
                        try (Res r = new Res()) {
                            v = await(n);
                        }
                        return Coroutine.completed(v);
                    }

                    @Async
                    static Coroutine<Integer> switchExpression(CompletionStage<Integer> n, int k) {
                        int v = 10 + switch (k) {
                            case 1 -> await(n);
                            default -> {
                                int w = await(n);
                                yield w + 1;
                            }
                        };
                        return Coroutine.completed(v);
                    }

                    @Async
                    static Coroutine<Object> conditionalConstructorArgument(CompletionStage<String> a, boolean f) {
                        return Coroutine.completed(new Pair(f ? await(a) : "x", 1));
                    }

                    interface AsyncTask<T> {
                        Coroutine<T> run();
                    }

                    AsyncTask<Integer> capturingThis(CompletionStage<Integer> n) {
                        return () -> Coroutine.completed(await(n) + field);
                    }

                    @Async
                    Coroutine<Integer> viaLambda(CompletionStage<Integer> n) {
                        field = 100;
                        return Coroutine.completed(await(capturingThis(n).run()));
                    }
                }
                """;

        private final CompiledSources sources = CompiledSources.compile(SOURCE);
        private final ClassNode merges;

        TypesAcrossAwaits() throws Exception {
            merges = rewriteAndVerify(sources, "demo/Merges");
        }

        @TestFactory
        Stream<DynamicTest> eachRunsLikeTheOriginal() {
            String m = "demo.Merges";
            return Stream.of(
                    runsLikeTheOriginal(sources, m, "objectArrayFirst", value(1), true),
                    runsLikeTheOriginal(sources, m, "objectArrayFirst", value(1), false),
                    runsLikeTheOriginal(sources, m, "stringArrayFirst", value(1), true),
                    runsLikeTheOriginal(sources, m, "stringArrayFirst", value(1), false),
                    runsLikeTheOriginal(sources, m, "arraysOfDifferentDepth", value(1), true),
                    runsLikeTheOriginal(sources, m, "arraysOfDifferentDepth", value(1), false),
                    runsLikeTheOriginal(sources, m, "siblingClasses", value(1), true),
                    runsLikeTheOriginal(sources, m, "siblingClasses", value(1), false),
                    runsLikeTheOriginal(sources, m, "unrelatedImplementations", value(1), true),
                    runsLikeTheOriginal(sources, m, "unrelatedImplementations", value(1), false),
                    runsLikeTheOriginal(sources, m, "nulls", value(3)),
                    runsLikeTheOriginal(sources, m, "manyLiveLocals", value(5)),
                    runsLikeTheOriginal(sources, m, "tryWithResources", value(4)),
                    runsLikeTheOriginal(sources, m, "tryWithResources", failure("closed anyway")),
                    runsLikeTheOriginal(sources, m, "switchExpression", value(4), 1),
                    runsLikeTheOriginal(sources, m, "switchExpression", value(4), 2),
                    runsLikeTheOriginal(sources, m, "conditionalConstructorArgument", value("A"), true),
                    runsLikeTheOriginal(sources, m, "conditionalConstructorArgument", value("A"), false),
                    runsLikeTheOriginal(sources, m, "viaLambda", value(4)));
        }

        @Test
        void mergedArrayTypesInEitherOrder() {
            method(merges, "objectArrayFirst", RESUME_DESC);
            method(merges, "stringArrayFirst", RESUME_DESC);
        }

        @Test
        void mergedClassAndInterfaceTypes() {
            method(merges, "siblingClasses", RESUME_DESC);
            method(merges, "unrelatedImplementations", RESUME_DESC);
        }

        @Test
        void nullLocalsAndStackEntriesAreRebuiltNotStored() {
            List<String> code = Insns.of(method(merges, "nulls", RESUME_DESC).instructions);
            long refReads = code.stream().filter(i -> i.startsWith("INVOKESTATIC jasyncio/internal/Frame.getRef")).count();
            assertEquals(1, refReads, "only the argument is read back: " + code);
        }

        @Test
        void moreThanFiveSavedValuesOfEachKind() {
            method(merges, "manyLiveLocals", RESUME_DESC);
        }

        @Test
        void tryWithResourcesSwitchExpressionsAndConditionalArguments() {
            method(merges, "tryWithResources", RESUME_DESC);
            method(merges, "switchExpression", RESUME_DESC);
            method(merges, "conditionalConstructorArgument", RESUME_DESC);
        }

        @Test
        void anInstanceCoroutineLambdaCapturingThis() {
            assertTrue(merges.methods.stream().anyMatch(m -> m.name.startsWith("lambda$capturingThis$")
                    && m.desc.equals(RESUME_DESC)));
        }
    }

    @Nested
    class StateAcrossSuspensions {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                class Box {
                    private final String text;

                    Box(String text, double d) {
                        this.text = text + "/" + d;
                    }

                    public String toString() {
                        return text;
                    }
                }

                public class State {
                    static String mix(boolean z, char c, short s, byte b, float f, double d, Object o) {
                        return "" + z + c + s + b + f + d + o;
                    }

                    @Async
                    static Coroutine<String> handlerSeesTheLatestValue(CompletionStage<String> a, CompletionStage<String> bad) {
                        String state = "start";
                        try {
                            state = await(a);
                            state = state + "+";
                            await(bad);
                        } catch (IllegalArgumentException e) {
                            return Coroutine.completed(state + e.getMessage());
                        }
                        return Coroutine.completed(state);
                    }

                    @Async
                    static Coroutine<String> primitivesOnTheStack(CompletionStage<Integer> n, CompletionStage<Double> d) {
                        boolean z = true;
                        char c = 'q';
                        byte[] bytes = new byte[2];
                        bytes[1] = (byte) (int) await(n);
                        double product = 1.5 * await(d);
                        float sum = 2.5f + await(n);
                        String mixed = mix(z, c, (short) -3, bytes[1], sum, product, await(n));
                        return Coroutine.completed(mixed + (c + await(n)));
                    }

                    @Async
                    static Coroutine<Integer> manyAwaits(CompletionStage<Integer> n) {
                        int total = await(n);
                        total += await(n);
                        total += await(n);
                        total += await(n);
                        total += await(n);
                        total += await(n);
                        total += await(n) * 100;
                        return Coroutine.completed(total);
                    }

                    @Async
                    static Coroutine<Integer> countdown(int n) {
                        if (n == 0) {
                            return Coroutine.completed(0);
                        }
                        return Coroutine.completed(await(countdown(n - 1)) + 1);
                    }

                    @Async
                    static Coroutine<String> constructionInATry(CompletionStage<String> a, CompletionStage<Double> d) {
                        Object made = "none";
                        try {
                            made = new Box(await(a), await(d));
                        } catch (IllegalArgumentException e) {
                            return Coroutine.completed("caught " + e.getMessage() + " with " + made);
                        }
                        return Coroutine.completed(made.toString());
                    }

                    @Async
                    static Coroutine<String> arraysSizedByAwaits(CompletionStage<Integer> n) {
                        int[] flat = new int[await(n)];
                        String[][] grid = new String[await(n)][await(n) + 1];
                        return Coroutine.completed(flat.length + "x" + grid.length + "x" + grid[0].length);
                    }

                    @Async
                    static <T> Coroutine<T> generic(CompletionStage<T> s) {
                        T value = await(s);
                        return Coroutine.completed(value);
                    }

                    @Async
                    static Coroutine<String> longLoopCounter(CompletionStage<Integer> n) {
                        StringBuilder out = new StringBuilder();
                        for (long i = 0; i < await(n); i++) {
                            double half = i / 2.0;
                            out.append(await(n) - i).append(':').append(half).append(' ');
                        }
                        return Coroutine.completed(out.toString());
                    }
                }
                """;

        private final CompiledSources sources = CompiledSources.compile(SOURCE);

        StateAcrossSuspensions() throws Exception {
            rewriteAndVerify(sources, "demo/State");
        }

        @TestFactory
        Stream<DynamicTest> eachRunsLikeTheOriginal() {
            String c = "demo.State";
            return Stream.of(
                    runsLikeTheOriginal(sources, c, "handlerSeesTheLatestValue", value("a"), failure("!")),
                    runsLikeTheOriginal(sources, c, "handlerSeesTheLatestValue", failure("?"), value("b")),
                    runsLikeTheOriginal(sources, c, "primitivesOnTheStack", value(3), value(0.5)),
                    runsLikeTheOriginal(sources, c, "manyAwaits", value(2)),
                    runsLikeTheOriginal(sources, c, "countdown", 5),
                    runsLikeTheOriginal(sources, c, "constructionInATry", value("a"), value(0.5)),
                    runsLikeTheOriginal(sources, c, "constructionInATry", value("a"), failure("no d")),
                    runsLikeTheOriginal(sources, c, "arraysSizedByAwaits", value(3)),
                    runsLikeTheOriginal(sources, c, "generic", value("g")),
                    runsLikeTheOriginal(sources, c, "longLoopCounter", value(3)));
        }

        @Test
        void theHandlerSeesTheValueWrittenBeforeTheFailingAwait() throws Exception {
            assertEquals("returned a+!", assertRunsLikeTheOriginal(sources, "demo.State", "handlerSeesTheLatestValue",
                    value("a"), failure("!")));
        }
    }

    @Nested
    class WithoutDebugInformation {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Bare {
                    @Async
                    Coroutine<String> fine(CompletionStage<String> a) {
                        return Coroutine.completed(await(a) + await(a));
                    }

                    String notAsync(CompletionStage<String> a) {
                        return await(a);
                    }
                }
                """;

        @Test
        void aClassWithoutLinesIsRewrittenAndItsProblemsSayNoLine() throws Exception {
            CompiledSources sources = CompiledSources.compile(List.of("-g:none"), SOURCE);
            AsyncClassTransformer.Result result = sources.transform("demo/Bare");
            assertEquals(List.of("jasyncio: demo.Bare.notAsync: " + Problems.AWAIT_NOT_ASYNC), result.problems);
            assertEquals("", sources.asmVerifierErrors(result.bytes));
            Class.forName("demo.Bare", true, sources.loader());
        }
    }

    @Nested
    class Unsupported {
        @Test
        void anAsyncMethodInAClassForJava7IsRefused() throws Exception {
            String source = """
                    package demo;
                    import jasyncio.*;
                    import java.util.concurrent.CompletionStage;
                    import static jasyncio.Asyncio.await;

                    public class Old {
                        @Async
                        public Coroutine<String> get(CompletionStage<String> a) {
                            return Coroutine.completed(await(a)); // old
                        }
                    }
                    """;
            // javac 17 still targets Java 7, but the stubs need CompletionStage (Java 8): patch the version.
            CompiledSources sources = CompiledSources.compile(List.of("--release", "8"), source);
            byte[] java7 = sources.bytes("demo/Old");
            java7[6] = 0;
            java7[7] = (byte) Opcodes.V1_7;
            AsyncClassTransformer.Result result = sources.transform("demo/Old");
            assertEquals(List.of("jasyncio: demo.Old.get (Old.java:" + lineOf(source, "// old") + "): "
                    + String.format(Problems.TOO_OLD, 7)), result.problems);
            assertEquals("", sources.asmVerifierErrors(result.bytes));
            Class<?> old = Class.forName("demo.Old", true, sources.loader());
            Object instance = old.getConstructor().newInstance();
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> old
                    .getDeclaredMethod("get", CompletionStage.class).invoke(instance, CompletableFuture.completedFuture("x")));
            assertEquals(result.problems.get(0), e.getCause().getMessage());
        }

        @Test
        void anAbstractAsyncMethodLeavesTheClassUnchanged() {
            CompiledSources sources = CompiledSources.compile("""
                    package demo;
                    import jasyncio.*;
                    public interface Service {
                        @Async
                        Coroutine<String> call();
                    }
                    """);
            assertNull(sources.transform("demo/Service").bytes);
        }
    }

    @Nested
    class MonitorsAndHandlers {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Guarded {
                    int count;

                    @Async
                    Coroutine<String> recoverAfterLock(CompletionStage<String> a) {
                        try {
                            synchronized (this) {
                                count++;
                            }
                        } catch (RuntimeException e) {
                            return Coroutine.completed(await(a)); // no monitor held here
                        }
                        return Coroutine.completed("ok");
                    }
                }
                """;

        @Test
        void anAwaitInACatchAroundASynchronizedBlockIsNotUnderTheMonitor() throws Exception {
            rewriteAndVerify(CompiledSources.compile(SOURCE), "demo/Guarded");
        }
    }

    @Test
    void mentionsJasyncioLooksForTheAsyncAndAsyncioNames() {
        assertTrue(AsyncClassTransformer.mentionsJasyncio("..Ljasyncio/Async;..".getBytes()));
        assertTrue(AsyncClassTransformer.mentionsJasyncio("jasyncio/Asyncio".getBytes()));
        assertFalse(AsyncClassTransformer.mentionsJasyncio("jasyncio/Coroutine".getBytes()));
        assertFalse(AsyncClassTransformer.mentionsJasyncio(new byte[0]));
    }
}
