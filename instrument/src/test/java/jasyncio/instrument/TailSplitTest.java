package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A method HotSpot compiles whose resume method would pass its 8,000-byte limit even with the save code shared is
 * cut in two at a statement start near its middle ({@link TailSplit}): the head returns the tail's coroutine, the
 * tail takes the locals at their own slots. Each part compiles, the method runs like the original, and the cut
 * is never where the parts would share more than the locals.
 */
class TailSplitTest {
    private static final String ENTRY_DESC = "(Ljava/util/concurrent/CompletionStage;J)Ljasyncio/Coroutine;";
    /** Statements of {@code padded} with a {@code try} around the cut: see the tests that use it. */
    private static final String TRY_AROUND_THE_CUT = """
                        Object o = "before";
                        try {
                            o = n * 7;
                            long j = n * 3L;
                            double d = n / 2.0;
                            float f = n;
                            String t = "t" + n;
                            out += check(n - 2);
                            PAD
                            out += await(s) + o + j + d + f + t; // cut
                            out += check(n);
                            o = "after";
                        } catch (IllegalStateException e) {
                            out += e.getMessage() + n + o;
                        }
                        out += n + " " + o;
            """;
    private static final String PADDED_DESC = "(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine;";
    private static final String TAIL_DESC =
            "(Ljava/util/concurrent/CompletionStage;JLjava/lang/String;JJJJJJJJJJJJ)Ljasyncio/Coroutine;";

    @ParameterizedTest
    @ValueSource(longs = {1, 13})
    void aDenseMethodIsCutIntoPartsHotSpotCompilesThatRunLikeTheOriginal(long value) throws Exception {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.denseSource(260));
        assertTrue(MethodSize.of(CompiledSources.method(CompiledSources.node(sources.bytes("demo/Dense")), "dense",
                ENTRY_DESC)) <= MethodSize.JIT_LIMIT);
        assertEquals(List.of(), sources.transform("demo/Dense").warnings);
        ClassNode dense = sources.rewriteAndVerify("demo/Dense");
        List<MethodNode> resumes = dense.methods.stream()
                .filter(m -> m.desc.endsWith(")" + Names.OBJECT_DESC) && m.name.equals("dense")).toList();
        assertEquals(2, resumes.size());
        for (MethodNode resume : resumes) {
            assertTrue(MethodSize.of(resume) <= MethodSize.JIT_LIMIT, resume.desc + ": " + MethodSize.of(resume));
        }
        CompletableFuture<Long> v = CompletableFuture.completedFuture(value);
        assertTrue(sources.assertRunsLikeTheOriginal("demo.Dense", "dense", v, 2L).startsWith("returned "));
    }

    @Test
    void theTailTakesEachLocalAtItsOwnSlotUnderItsOwnName() throws Exception {
        CompiledSources sources = CompiledSources.compile(RewriteSizeBudgetTest.denseSource(260));
        MethodNode tail = CompiledSources.method(sources.rewriteAndVerify("demo/Dense"), "dense", TAIL_DESC);
        assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, tail.access);
        StringBuilder names = new StringBuilder();
        for (LocalVariableNode v : tail.localVariables) {
            names.append(v.index).append(':').append(v.name).append(' ');
        }
        assertTrue(names.toString().startsWith("0:v 1:p 3:s 4:l0 6:l1 8:l2 "), names.toString());
    }

    /** A local set to {@code null} and read later cannot be a parameter: its type is only known once set. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCutIsNotWhereALiveLocalHoldsOnlyNull(int n) throws Exception {
        assertCutAt("""
                        String found = null;
                        PAD
                        out += await(s);
                        if (n > 0) { found = out; }
                        out += found; // cut
                """, n);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCutIsNotInsideALoop(int n) throws Exception {
        assertCutAt("""
                        for (int i = 0; i < 3; i++) {
                            PAD
                            out += await(s) + i;
                            out += i + n;
                        }
                        out += n; // cut
                """, n);
    }

    /**
     * A cut inside a {@code try}: an exception thrown before it (n = 3) is caught in the head and handed to the
     * tail, which runs the handler with it, as one thrown after it (n = 1) is; nothing thrown (n = 0), neither is.
     * The handler reads a local declared {@code Object} that holds an {@code Integer} at the cut; the locals of
     * every kind declared in the {@code try} go to the handler as zeros.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void aCutInsideATryHandsTheHeadsExceptionToTheHandlerInTheTail(int n) throws Exception {
        MethodNode tail = assertCutAt(List.of(), "static", TRY_AROUND_THE_CUT, n);
        assertTrue(tail.desc.endsWith("Ljava/lang/Throwable;)" + Names.COROUTINE_DESC), tail.desc);
    }

    /** A local a handler sees as a super type goes as that, and is cast back to its type at the cut on the normal path. */
    @Test
    void aLocalAHandlerSeesAsASuperTypeIsCastBackOnTheNormalPath() throws Exception {
        TailSplit.Parts parts = partsOf(TRY_AROUND_THE_CUT);
        assertTrue(parts.tail().desc.startsWith("(Ljava/util/concurrent/CompletionStage;ILjava/lang/String;[I"
                + "Ljava/lang/Object;JDFLjava/lang/String;"), parts.tail().desc);
        List<String> code = new ArrayList<>();
        for (AbstractInsnNode insn : parts.tail().instructions) {
            if (insn instanceof VarInsnNode v) {
                code.add(v.getOpcode() + " " + v.var);
            } else if (insn instanceof TypeInsnNode t) {
                code.add(t.desc);
            }
        }
        assertTrue(Collections.indexOfSubList(code, List.of(Opcodes.ALOAD + " 4", "java/lang/Integer",
                Opcodes.ASTORE + " 4")) >= 0, code.toString());
    }

    /** Two handlers across the cut that see a local as different types: no cut in their ranges. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCutIsNotWhereTwoHandlersSeeALocalDifferently(int n) throws Exception {
        assertCutAt("""
                        Object o = "before";
                        try {
                            o = n * 7;
                            try {
                                PAD
                                out += await(s);
                                out += check(n);
                            } catch (IllegalStateException e) {
                                out += o;
                            }
                        } catch (RuntimeException e) {
                            out += o;
                        }
                        out += n; // cut
                """, n);
    }

    /**
     * Several blocks across the cut (two catch clauses and a {@code finally}): the head says which handler the
     * exception is for, and one no clause catches (n = 7) runs the {@code finally} and leaves the method.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 5, 7})
    void aCutInsideATryWithSeveralHandlersHandsEachExceptionToItsOwn(int n) throws Exception {
        MethodNode tail = assertCutAt(List.of(), "static", """
                        try {
                            try {
                                out += refuse(n - 6) + argue(n - 4) + check(n - 2);
                                PAD
                                out += await(s); // cut
                                out += check(n);
                            } catch (IllegalStateException e) {
                                out += "state " + e.getMessage();
                            } catch (IllegalArgumentException e) {
                                out += "argument " + e.getMessage();
                            } finally {
                                out += " finally";
                            }
                        } catch (UnsupportedOperationException e) {
                            out += " outer " + e.getMessage();
                            throw e;
                        }
                """, n);
        assertTrue(tail.desc.endsWith("Ljava/lang/Throwable;I)" + Names.COROUTINE_DESC), tail.desc);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCutIsNotInsideASynchronizedBlock(int n) throws Exception {
        assertCutAt("""
                        synchronized (Padded.class) {
                            PAD
                            out += n;
                            out += n + 1;
                        }
                        out += n; // cut
                """, n);
    }

    /** javac keeps the object under construction in a local around the {@code try} of the switch: no cut there. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCutIsNotWhereAnObjectIsUnderConstruction(int n) throws Exception {
        assertCutAt("""
                        Box box = new Box(await(s),
                                switch (n) {
                                    case 1 -> {
                                        try {
                                            PAD
                                            yield n * 10;
                                        } catch (RuntimeException e) {
                                            yield -1;
                                        }
                                    }
                                    default -> 2;
                                });
                        out += box; // cut
                """, n);
    }

    /** An instance method's tail is static, and takes {@code this} at slot 0 like any other local. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void anInstanceMethodsTailTakesThis(int n) throws Exception {
        assertCutAt(List.of(), "", """
                        PAD
                        out += name + n; // cut
                """, n);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCutIsNotInsideASwitch(int n) throws Exception {
        assertCutAt("""
                        switch (n) {
                            case 0:
                                PAD
                                out += await(s);
                                out += n;
                                break;
                            default:
                                out += n + 1;
                        }
                        out += n; // cut
                """, n);
    }

    /** The statement after an {@code if} is its jump's target: the head's jump goes to the tail call. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aJumpToTheCutStatementGoesToTheTailCall(int n) throws Exception {
        assertCutAt("""
                        if (n == 0) {
                            PAD
                        }
                        out += n; // cut
                """, n);
    }

    /** A {@code try} whose first statement is the cut lies wholly in the tail, its handler too. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aTryStartingAtTheCutGoesWhollyToTheTail(int n) throws Exception {
        MethodNode tail = assertCutAt(List.of(), "static", """
                        PAD
                        try {
                            out += check(n); // cut
                        } catch (IllegalStateException e) {
                            out += e.getMessage();
                        }
                """, n);
        assertFalse(tail.desc.contains("Throwable"), "nothing handed over: " + tail.desc);
    }

    /** A loop whose condition is the cut statement (javac tests a {@code while} on top): its jump back stays in the tail. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aLoopStartingAtTheCutGoesWhollyToTheTail(int n) throws Exception {
        assertCutAt("""
                        PAD
                        while (out.length() < 5 + n) { // cut
                            out += await(s);
                        }
                """, n);
    }

    /**
     * A {@code try} before the cut: neither its end (javac gives the jump over its handler a line) nor its handler
     * is a cut, where the range would be in the head and its handler in the tail.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theCutIsNeitherAtTheEndOfATryNorAtItsHandler(int n) throws Exception {
        assertCutAt("""
                        try {
                            out += check(n);
                            PAD
                        } catch (IllegalStateException e) {
                            out += e.getMessage();
                        }
                        out += n; // cut
                """, n);
    }

    /**
     * Without variable names (javac's {@code -g:lines}) a local is passed only where it is live: a dead slot under
     * a live one is passed as a placeholder {@code int 0}.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aDeadSlotUnderALiveOneIsPassedAsAPlaceholderInt(int n) throws Exception {
        MethodNode tail = assertCutAt(List.of("-g:lines"), "static", """
                        String early = "early " + n;
                        String kept = "kept " + n;
                        out += early;
                        PAD
                        out += kept; // cut
                """, n);
        assertEquals("(Ljava/util/concurrent/CompletionStage;ILjava/lang/String;[IILjava/lang/String;)"
                + Names.COROUTINE_DESC, tail.desc);
    }

    /**
     * A variable in scope at the cut is passed even where no later code reads it (a debugger shows it), and the
     * head lists it through its call of the tail; one whose block ended right before the cut is neither.
     */
    @Test
    void theTailTakesTheVariablesInScopeAtTheCutAndOnlyThose() throws Exception {
        TailSplit.Parts inScope = partsOf("""
                        PAD String unused = "kept " + n;
                        out += n; // cut
                """);
        assertEquals("(Ljava/util/concurrent/CompletionStage;ILjava/lang/String;[ILjava/lang/String;)"
                + Names.COROUTINE_DESC, inScope.tail().desc);
        assertEquals("4:unused", slotOf(inScope.tail(), "unused"));
        assertTrue(coversTheTailCall(inScope, "unused"), "the head lists unused at its call of the tail");
        TailSplit.Parts ended = partsOf("""
                        PAD { String inner = "gone " + n; out += inner; }
                        out += n; // cut
                """);
        assertEquals("(Ljava/util/concurrent/CompletionStage;ILjava/lang/String;[I)" + Names.COROUTINE_DESC,
                ended.tail().desc);
        assertEquals("none", slotOf(ended.tail(), "inner"));
        assertFalse(coversTheTailCall(ended, "inner"), "the head lists inner at its call of the tail");
        assertTrue(coversTheTailCall(ended, "out"), "the head lists out at its call of the tail");
    }

    /** A static method with no parameter and no local at the cut: its tail takes nothing, under another name. */
    @Test
    void aTailTakesNothingWhereNoLocalIsDefinedAtTheCut() throws Exception {
        StringBuilder pad = new StringBuilder("{");
        for (int i = 0; i < 400; i++) {
            pad.append(i == 0 ? "" : ", ").append(1000 + i);
        }
        StringBuilder awaits = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            awaits.append(i == 95 ? "        pad = new int[] " + pad + "};\n" : "")
                    .append("        out += await(S);").append(i == 95 ? " // cut" : "").append('\n');
        }
        String source = """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletableFuture;
                import static jasyncio.Asyncio.await;

                public class Bare {
                    static final CompletableFuture<String> S = CompletableFuture.completedFuture("s");
                    static String out;
                    static int[] pad;

                    @Async
                    public static Coroutine<String> bare() {
                        out = "";
                """ + awaits + """
                        return Coroutine.completed(out + pad.length);
                    }
                }
                """;
        CompiledSources sources = CompiledSources.compile(source);
        assertTrue(MethodSize.of(CompiledSources.method(CompiledSources.node(sources.bytes("demo/Bare")), "bare",
                "()" + Names.COROUTINE_DESC)) <= MethodSize.JIT_LIMIT);
        ClassNode bare = sources.rewriteAndVerify("demo/Bare");
        MethodNode tail = CompiledSources.method(bare, "bare$tail1", "()" + Names.COROUTINE_DESC);
        assertEquals(CompiledSources.lineOf(source, "// cut"), lineOfCall(bare, tail));
        assertTrue(sources.assertRunsLikeTheOriginal("demo.Bare", "bare").startsWith("returned "));
    }

    /** "slot:name" of {@code method}'s variable {@code name}, or "none". */
    private static String slotOf(MethodNode method, String name) {
        return method.localVariables.stream().filter(v -> v.name.equals(name)).map(v -> v.index + ":" + v.name)
                .findFirst().orElse("none");
    }

    /** Whether the head's variable {@code name} is in scope at its call of the tail. */
    private static boolean coversTheTailCall(TailSplit.Parts parts, String name) {
        InsnList code = parts.head().instructions;
        int call = -1;
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof MethodInsnNode m && m.desc.equals(parts.tail().desc)) {
                call = i;
            }
        }
        assertTrue(call >= 0, "the head calls no tail");
        for (LocalVariableNode v : parts.head().localVariables) {
            if (v.name.equals(name) && code.indexOf(v.start) < call && call < code.indexOf(v.end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code statements} (with {@code PAD}, an array of about 5,000 bytes, before every statement start that is
     * no cut) then 90 awaits, in a method
     * HotSpot compiles whose resume method it would not: the tail starts at the line marked {@code // cut}, the
     * first after the pad where a cut holds, and the method runs like the original.
     */
    private static void assertCutAt(String statements, int n) throws Exception {
        assertCutAt(List.of(), "static", statements, n);
    }

    /** As above, javac given {@code options}; returns the tail's entry. */
    private static MethodNode assertCutAt(List<String> options, String modifiers, String statements, int n)
            throws Exception {
        String source = paddedSource(modifiers, statements);
        CompiledSources sources = CompiledSources.compile(options, source);
        assertTrue(MethodSize.of(CompiledSources.method(CompiledSources.node(sources.bytes("demo/Padded")), "padded",
                PADDED_DESC)) <= MethodSize.JIT_LIMIT);
        ClassNode padded = sources.rewriteAndVerify("demo/Padded");
        List<MethodNode> tails = padded.methods.stream()
                .filter(m -> m.name.equals("padded") && m.desc.endsWith(")" + Names.COROUTINE_DESC)
                        && !m.desc.equals(PADDED_DESC)).toList();
        assertEquals(1, tails.size(), "one tail");
        assertEquals(CompiledSources.lineOf(source, "// cut"), lineOfCall(padded, tails.get(0)), "the head's call");
        assertEquals(-1, firstLine(tails.get(0)), "the tail's entry has no line of its own: a breakpoint at the cut "
                + "stops at the head's call and at the statement");
        CompletableFuture<Object> v = CompiledSources.value("v");
        String outcome = sources.assertRunsLikeTheOriginal("demo.Padded", "padded", v, n);
        assertTrue(outcome.startsWith(n == 7 ? "threw java.lang.UnsupportedOperationException" : "returned "), outcome);
        return tails.get(0);
    }

    /** The parts {@link TailSplit} cuts javac's static {@code padded} with {@code statements} into. */
    private static TailSplit.Parts partsOf(String statements) throws Exception {
        CompiledSources sources = CompiledSources.compile(paddedSource("static", statements));
        ClassNode owner = CompiledSources.node(sources.bytes("demo/Padded"));
        TailSplit.Parts parts = TailSplit.split(owner, CompiledSources.method(owner, "padded", PADDED_DESC),
                sources.hierarchy, new ResumeNames(owner), Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC);
        assertNotNull(parts, "no cut");
        return parts;
    }

    /** {@code Padded}: {@code statements} (PAD: about 5,000 bytes of array) then 90 awaits, in {@code padded}. */
    private static String paddedSource(String modifiers, String statements) {
        StringBuilder pad = new StringBuilder("{");
        for (int i = 0; i < 700; i++) {
            pad.append(i == 0 ? "" : ", ").append(i);
        }
        StringBuilder awaits = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            awaits.append("        out += await(s) + n;\n");
        }
        return ("""
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Padded {
                    record Box(String s, int k) {
                    }

                    final String name = "padded";

                    static int check(int n) {
                        if (n > 0) {
                            throw new IllegalStateException("checked");
                        }
                        return n;
                    }

                    static int argue(int n) {
                        if (n > 0) {
                            throw new IllegalArgumentException("argued");
                        }
                        return n;
                    }

                    static int refuse(int n) {
                        if (n > 0) {
                            throw new UnsupportedOperationException("refused");
                        }
                        return n;
                    }

                    @Async
                    public MODIFIERS Coroutine<String> padded(CompletionStage<String> s, int n) {
                        String out = "";
                        int[] pad = {};
                """ + statements.replace("PAD", "pad = new int[] " + pad + "};") + awaits + """
                        return Coroutine.completed(out + pad.length);
                    }
                }
                """).replace("MODIFIERS", modifiers);
    }

    /** The line of the call of {@code tail} in the class (the head's, on the cut statement's line). */
    private static int lineOfCall(ClassNode owner, MethodNode tail) {
        for (MethodNode method : owner.methods) {
            int line = -1;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof LineNumberNode number) {
                    line = number.line;
                } else if (insn instanceof MethodInsnNode call && call.name.equals(tail.name)
                        && call.desc.equals(tail.desc)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no call of the tail " + tail.name + tail.desc);
    }

    private static int firstLine(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return -1;
    }
}
