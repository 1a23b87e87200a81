package jasyncio.instrument;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static jasyncio.instrument.CompiledSources.value;
import static jasyncio.instrument.CompiledSources.lineOf;
import static jasyncio.instrument.CompiledSources.method;
import static jasyncio.instrument.CompiledSources.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a rewritten method keeps while it is suspended, observed by running it: the values on the operand stack
 * and in locals come back right, the frame retains exactly the references still needed (no more: a suspended
 * task must not keep garbage alive), returns take the shortest path, and the entry keeps its debug names.
 * Written against behaviour (results, verification, retained objects), not against the emitted instructions.
 */
class SuspendedFramesTest {
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Held {
                /** An object a test can recognise among what a suspended frame retains. */
                static final class Tag {
                    final String name;
                    Tag(String name) { this.name = name; }
                    @Override public String toString() { return "Tag " + name; }
                }

                static String pick(String a, Object none, String b) { return a + "," + none + "," + b; }

                static String mix(long l, Object none, double d, String s) { return l + "," + none + "," + d + "," + s; }

                static String seen(Object o) { return "seen " + o; }

                @Async
                public static Coroutine<String> nullBetween(CompletionStage<String> x) {
                    return Coroutine.completed(pick("a", null, await(x)));
                }

                @Async
                public static Coroutine<String> wideAndNullBelow(CompletionStage<String> x) {
                    long l = 1L << 40;
                    return Coroutine.completed(mix(l + 1, null, 2.5, await(x)) + mix(l, null, -0.5, await(x)));
                }

                /** {@code n} is only ever incremented after the first await, never read: still saved, as IINC reads it. */
                @Async
                public static Coroutine<String> onlyIncremented(CompletionStage<String> x) {
                    int n = 40;
                    String s = "";
                    for (int i = 0; i < 3; i++) {
                        s += await(x);
                        n++;
                    }
                    return Coroutine.completed(s);
                }

                /** {@code dead} is overwritten after the await before anything reads it: not retained there. */
                @Async
                public static Coroutine<String> overwrittenAfterTheAwait(CompletionStage<String> x) {
                    Object dead = new Tag("dead");
                    String before = seen(dead);
                    String v = await(x);
                    dead = new Tag("fresh");
                    return Coroutine.completed(before + v + dead);
                }

                /** Three tags live at the first await, none at the second. */
                @Async
                public static Coroutine<String> shrinking(CompletionStage<String> x) {
                    Object a = new Tag("a");
                    Object b = new Tag("b");
                    Object c = new Tag("c");
                    String first = await(x);
                    String joined = first + a + b + c;
                    String second = await(x);
                    return Coroutine.completed(joined + second);
                }

                /** The reference arguments are not needed at the await: a suspended frame lets go of them. */
                @Async
                public static Coroutine<Integer> argumentsNotNeededLater(Object big, int n, CompletionStage<Integer> x) {
                    int k = n * 2 + big.hashCode() * 0;
                    return Coroutine.completed(k + await(x));
                }

                /** Arguments past the first of each kind come in the frame's arrays, and no await saves a value. */
                @Async
                public static Coroutine<Long> argumentArraysNotNeededLater(Object a, Object b, long p, long q,
                                                                          CompletionStage<Long> x) {
                    if (a == b || p == q) {
                        throw new IllegalArgumentException("a, b, p, q: two alike");
                    }
                    return Coroutine.completed(await(x) * 2);
                }

                @Async
                public static Coroutine<String> returnsDirectly(CompletionStage<String> x) {
                    return Coroutine.completed(await(x) + "!");
                }

                @Async
                public static Coroutine<Void> returnsNothing(CompletionStage<String> x) {
                    await(x);
                    return Coroutine.completed();
                }

                @Async
                public static Coroutine<String> returnsAnother(CompletionStage<String> x) {
                    await(x);
                    return returnsDirectly(x);
                }

                /** The frame's local in the entry goes after the last argument, here two slots wide. */
                @Async
                public static Coroutine<String> wideLastArgument(CompletionStage<String> x, double d) {
                    return Coroutine.completed(await(x) + d);
                }

                @Async
                public Coroutine<String> described(CompletionStage<String> item, long count, String label) {
                    String got = await(item); // first line
                    return Coroutine.completed(label + got + count);
                }
            }
            """;

    /** Compiled, rewritten and loaded once: the stub's counters are read as differences. */
    private static CompiledSources sources;
    private static ClassLoader loader;

    @BeforeAll
    static void rewrite() throws Exception {
        sources = CompiledSources.compile(SOURCE);
        AsyncClassTransformer.Result result = sources.transform("demo/Held");
        assertNotNull(result.bytes);
        assertEquals(List.of(), result.problems);
        assertEquals("", sources.asmVerifierErrors(result.bytes));
        loader = sources.loader();
        // Initialising links the class: the JVM verifies the rewritten code too.
        Class.forName("demo.Held", true, loader);
    }

    /** Runs {@code method} going on at every await and suspending at every await; both must match the original. */
    private static String runsLikeTheOriginal(String method, Object... args) throws ReflectiveOperationException {
        String expected = CompiledSources.outcome(sources.originalLoader(), false, "demo.Held", method, args);
        assertEquals(expected, CompiledSources.outcome(loader, false, "demo.Held", method, args), "without suspending");
        assertEquals(expected, CompiledSources.outcome(loader, true, "demo.Held", method, args), "suspending");
        return expected;
    }

    private static int stubCounter(String className, String field) throws ReflectiveOperationException {
        return loader.loadClass(className).getField(field).getInt(null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> stubList(String field) throws ReflectiveOperationException {
        return (List<String>) loader.loadClass("jasyncio.internal.Frame").getField(field).get(null);
    }

    /**
     * Runs {@code method} suspending at every await and returns, for each suspension, what the frame retained
     * besides the awaited futures (the tests' own), as sorted strings.
     */
    @SuppressWarnings("unchecked")
    private static List<List<String>> retainedWhileRunning(String method, Object... args)
            throws ReflectiveOperationException {
        List<List<Object>> held = (List<List<Object>>) loader.loadClass("jasyncio.internal.Frame")
                .getField("retained").get(null);
        held.clear();
        CompiledSources.outcome(loader, true, "demo.Held", method, args);
        return held.stream().map(refs -> refs.stream().filter(r -> !(r instanceof CompletableFuture))
                        .map(String::valueOf).sorted().collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    @Nested
    class OperandStack {
        @Test
        void aNullInTheMiddleOfTheStackComesBackAsNull() throws Exception {
            assertEquals("returned a,null,x", runsLikeTheOriginal("nullBetween", value("x")));
        }

        @Test
        void aTwoSlotLastArgumentReachesTheBody() throws Exception {
            assertEquals("returned v2.5", runsLikeTheOriginal("wideLastArgument", value("v"), 2.5));
        }

        @Test
        void longsDoublesAndNullsBelowAnAwaitComeBack() throws Exception {
            assertEquals("returned 1099511627777,null,2.5,y1099511627776,null,-0.5,y",
                    runsLikeTheOriginal("wideAndNullBelow", value("y")));
        }
    }

    @Nested
    class Liveness {
        @Test
        void aLocalOnlyIncrementedAcrossAwaitsIsRestoredAndTheMethodVerifies() throws Exception {
            // the class verified in rewrite(): an IINC of a local not restored would be refused by the JVM
            assertEquals("returned zzz", runsLikeTheOriginal("onlyIncremented", value("z")));
        }

        @Test
        void aReferenceOverwrittenAfterTheAwaitIsNotRetainedWhileSuspended() throws Exception {
            assertEquals("returned seen Tag deadvTag fresh", runsLikeTheOriginal("overwrittenAfterTheAwait", value("v")));
            assertEquals(List.of(List.of("seen Tag dead")), retainedWhileRunning("overwrittenAfterTheAwait", value("v")));
        }
    }

    @Nested
    class Retention {
        @Test
        void eachSuspensionRetainsExactlyTheReferencesStillNeeded() throws Exception {
            assertEquals("returned wTag aTag bTag cw", runsLikeTheOriginal("shrinking", value("w")));
            assertEquals(List.of(List.of("Tag a", "Tag b", "Tag c"), List.of("wTag aTag bTag c")),
                    retainedWhileRunning("shrinking", value("w")));
        }

        @Test
        void aSuspendedFrameDropsTheArraysThatOnlyCarriedArguments() throws Exception {
            assertEquals("returned 14", runsLikeTheOriginal("argumentArraysNotNeededLater", "a", "b", 5L, 6L, value(7L)));
            List<String> arrays = stubList("arrays");
            arrays.clear();
            CompiledSources.outcome(loader, true, "demo.Held", "argumentArraysNotNeededLater", "a", "b", 5L, 6L,
                    value(7L));
            assertEquals(List.of("no refs, no prims"), arrays);
        }

        @Test
        void referenceArgumentsNoLongerNeededAreNotRetained() throws Exception {
            assertEquals("returned 17", runsLikeTheOriginal("argumentsNotNeededLater", "big", 5, value(7)));
            assertEquals(List.of(List.of()), retainedWhileRunning("argumentsNotNeededLater", "big", 5, value(7)));
        }
    }

    @Nested
    class Returns {
        @Test
        void returningCoroutineCompletedBuildsNoCoroutineAndSkipsComplete() throws Exception {
            int built = stubCounter("jasyncio.Coroutine", "built");
            int completions = stubCounter("jasyncio.internal.Frame", "completions");
            assertEquals("returned v!", CompiledSources.outcome(loader, true, "demo.Held", "returnsDirectly", value("v")));
            assertEquals(built, stubCounter("jasyncio.Coroutine", "built"));
            assertEquals(completions, stubCounter("jasyncio.internal.Frame", "completions"));
        }

        @Test
        void returningCoroutineCompletedOfNothingGivesNull() throws Exception {
            int built = stubCounter("jasyncio.Coroutine", "built");
            assertEquals("returned null", runsLikeTheOriginal("returnsNothing", value("v")));
            assertEquals(built, stubCounter("jasyncio.Coroutine", "built"));
        }

        @Test
        void returningAnotherCoroutineCompletesThroughTheFrame() throws Exception {
            int completions = stubCounter("jasyncio.internal.Frame", "completions");
            assertEquals("returned v!", CompiledSources.outcome(loader, true, "demo.Held", "returnsAnother", value("v")));
            assertEquals(completions + 1, stubCounter("jasyncio.internal.Frame", "completions"));
        }
    }

    @Nested
    class EntryDebugInformation {
        private MethodNode entry() {
            ClassNode held = node(sources.transform("demo/Held").bytes);
            return method(held, "described",
                    "(Ljava/util/concurrent/CompletionStage;JLjava/lang/String;)Ljasyncio/Coroutine;");
        }

        @Test
        void theEntryKeepsTheNamesAndSlotsOfThisAndTheParameters() {
            List<String> variables = new ArrayList<>();
            for (LocalVariableNode v : entry().localVariables) {
                variables.add(v.index + " " + v.name + " " + v.desc);
            }
            assertEquals(List.of("0 this Ldemo/Held;", "1 item Ljava/util/concurrent/CompletionStage;", "2 count J",
                    "4 label Ljava/lang/String;"), variables);
        }

        @Test
        void theEntryIsAtTheMethodsFirstLine() {
            List<Integer> lines = new ArrayList<>();
            for (AbstractInsnNode insn : entry().instructions) {
                if (insn instanceof LineNumberNode) {
                    lines.add(((LineNumberNode) insn).line);
                }
            }
            assertEquals(List.of(lineOf(SOURCE, "// first line")), lines);
        }

        @Test
        void theParameterNamesCoverTheWholeEntry() {
            MethodNode entry = entry();
            for (LocalVariableNode v : entry.localVariables) {
                assertTrue(entry.instructions.indexOf(v.start) <= 1, v.name + " starts late");
                assertEquals(entry.instructions.getLast(), v.end, v.name + " ends early");
            }
        }
    }
}
