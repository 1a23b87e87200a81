package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.objectweb.asm.Opcodes.*;

/**
 * The local variable table of a resume method is true at every instruction: each entry covers only code where
 * its slot holds a value of its kind, never the frame parameter or a slot a resume point did not reload.
 */
class ResumeVariableTableTest {
    private static final String OWNER = "demo/Owner";

    /** The instructions each entry called {@code name} covers, one list per entry, labels and lines left out. */
    private static List<List<String>> partsOf(MethodNode method, String name) {
        List<List<String>> parts = new ArrayList<>();
        for (LocalVariableNode v : method.localVariables) {
            if (v.name.equals(name)) {
                parts.add(covered(method.instructions, v));
            }
        }
        return parts;
    }

    private static List<String> covered(InsnList code, LocalVariableNode v) {
        List<String> insns = new ArrayList<>();
        for (AbstractInsnNode i = v.start; i != v.end; i = i.getNext()) {
            if (i.getOpcode() >= 0) {
                insns.add(Insns.text(i));
            }
        }
        return insns;
    }

    /**
     * Hand-built resume methods: static, the frame as parameter in slot 0, a jump from the start to a resume point
     * standing for the tableswitch.
     */
    @Nested
    class HandBuilt {
        private final MethodNode method = new MethodNode(Opcodes.ASM9, ACC_STATIC | ACC_SYNTHETIC, "m",
                "(Ljava/lang/Object;)Ljava/lang/Object;", null, null);
        private final Label end = new Label();

        private Label mark() {
            Label label = new Label();
            method.visitLabel(label);
            return label;
        }

        private void variable(String name, String desc, String signature, Label start, int slot) {
            method.visitLocalVariable(name, desc, signature, start, end, slot);
        }

        private void finish() throws AnalyzerException {
            finish(Set.of());
        }

        private void finish(Set<AbstractInsnNode> presetZeroes) throws AnalyzerException {
            method.visitLabel(end);
            method.visitMaxs(0, 0);
            ResumeVariableTable.apply(OWNER, method, presetZeroes);
        }

        /** The prologue's zero for slot 1 of a preset local: returns the instruction pushing it. */
        private AbstractInsnNode presetZero() {
            method.visitInsn(ICONST_0);
            AbstractInsnNode zero = method.instructions.getLast();
            method.visitVarInsn(ISTORE, 1);
            return zero;
        }

        /**
         * Straight code stores n and s, then joins a resume point that reloads s only (as a dead n is not saved);
         * both read s afterwards.
         */
        private void resumePointReloadingOnly(int slot, String reloaded) {
            Label resume = new Label();
            Label proceed = new Label();
            method.visitVarInsn(ALOAD, 0);
            method.visitJumpInsn(IFNULL, resume);
            method.visitIntInsn(BIPUSH, 20);
            method.visitVarInsn(ISTORE, 1);
            method.visitLdcInsn("kept");
            method.visitVarInsn(ASTORE, 2);
            method.visitJumpInsn(GOTO, proceed);
            method.visitLabel(resume);
            method.visitLdcInsn(reloaded);
            method.visitVarInsn(ASTORE, slot);
            method.visitLabel(proceed);
            method.visitVarInsn(ALOAD, 2);
            method.visitInsn(ARETURN);
        }

        @Test
        void aVariableNotReloadedAtAResumePointEndsWhereTheResumePathStarts() throws AnalyzerException {
            Label start = mark();
            resumePointReloadingOnly(2, "reloaded");
            variable("n", "I", null, start, 1);
            finish();

            assertEquals(List.of(List.of("LDC kept", "ASTORE 2", "GOTO")), partsOf(method, "n"),
                    "held from after its store to the jump; not on the resume path, nor after the paths join");
        }

        @Test
        void aVariableReloadedAtAResumePointIsSplitAroundItsReload() throws AnalyzerException {
            Label start = mark();
            resumePointReloadingOnly(2, "reloaded");
            variable("s", "Ljava/lang/Object;", "TT;", start, 2);
            finish();

            assertEquals(List.of(List.of("GOTO"), List.of("ALOAD 2", "ARETURN")), partsOf(method, "s"));
            for (LocalVariableNode v : method.localVariables) {
                assertEquals("TT;", v.signature, "every part keeps the generic signature");
                assertEquals("Ljava/lang/Object;", v.desc);
            }
        }

        @Test
        void aSlotHoldingAValueOfAnotherKindIsNotShownAsTheVariable() throws AnalyzerException {
            Label start = mark();
            method.visitLdcInsn("a string where the table says int");
            method.visitVarInsn(ASTORE, 1);
            method.visitVarInsn(ALOAD, 1);
            method.visitInsn(ARETURN);
            variable("n", "I", null, start, 1);
            finish();

            assertEquals(List.of(), partsOf(method, "n"));
        }

        @Test
        void theFrameParameterIsNeverShownAsTheReceiver() throws AnalyzerException {
            Label start = mark();
            resumePointReloadingOnly(2, "reloaded");
            variable("this", "L" + OWNER + ";", null, start, 0);
            finish();

            assertEquals(List.of(), partsOf(method, "this"));
            assertEquals(List.of(), partsOf(method, ResumeVariableTable.RECEIVER));
        }

        @Test
        void theReceiverReloadedIntoSlot0IsListedAsDollarThisWhereItIsHeld() throws AnalyzerException {
            method.visitInsn(ACONST_NULL);
            method.visitTypeInsn(CHECKCAST, OWNER);
            method.visitVarInsn(ASTORE, 0);
            Label start = mark();
            method.visitVarInsn(ALOAD, 0);
            method.visitInsn(ARETURN);
            variable("this", "L" + OWNER + ";", null, start, 0);
            finish();

            assertEquals(List.of(List.of("ALOAD 0", "ARETURN")), partsOf(method, ResumeVariableTable.RECEIVER));
            assertEquals(List.of(), partsOf(method, "this"), "JDI never lists a static method's 'this'");
        }

        @Test
        void aLongHeldOnEveryPathKeepsItsWholeRange() throws AnalyzerException {
            method.visitInsn(LCONST_1);
            method.visitVarInsn(LSTORE, 1);
            Label start = mark();
            Label join = new Label();
            method.visitVarInsn(ALOAD, 0);
            method.visitJumpInsn(IFNULL, join);
            method.visitInsn(LCONST_0);
            method.visitVarInsn(LSTORE, 1);
            method.visitLabel(join);
            method.visitVarInsn(LLOAD, 1);
            method.visitInsn(POP2);
            method.visitInsn(ACONST_NULL);
            method.visitInsn(ARETURN);
            variable("big", "J", null, start, 1);
            finish();

            List<LocalVariableNode> big = method.localVariables;
            assertEquals(1, big.size());
            assertSame(start.info, big.get(0).start, "an entry held throughout is not split");
            assertSame(end.info, big.get(0).end);
        }

        @Test
        void aPresetZeroIsAPlaceholderNotTheVariablesValue() throws AnalyzerException {
            AbstractInsnNode zero = presetZero();
            Label start = mark();
            method.visitInsn(ICONST_1);
            method.visitInsn(POP);
            method.visitIntInsn(BIPUSH, 5);
            method.visitVarInsn(ISTORE, 1);
            method.visitVarInsn(ILOAD, 1);
            method.visitInsn(IRETURN);
            variable("n", "I", null, start, 1);
            method.desc = "(Ljava/lang/Object;)I";
            finish(Set.of(zero));

            assertEquals(List.of(List.of("ILOAD 1", "IRETURN")), partsOf(method, "n"),
                    "listed from the program's own store, not where the slot holds the prologue's zero");
        }

        /**
         * A join of a path where the slot holds a preset zero and one where it holds the variable's value: not the
         * variable's value either, whichever path the analysis reaches the join by first.
         */
        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void aPresetZeroMergedWithAValueIsNoValue(boolean storeOnTheJumpPath) throws AnalyzerException {
            AbstractInsnNode zero = presetZero();
            Label start = mark();
            Label jump = new Label();
            Label join = new Label();
            method.visitVarInsn(ALOAD, 0);
            method.visitJumpInsn(IFNULL, jump);
            if (!storeOnTheJumpPath) {
                method.visitIntInsn(BIPUSH, 5);
                method.visitVarInsn(ISTORE, 1);
            }
            method.visitJumpInsn(GOTO, join);
            method.visitLabel(jump);
            if (storeOnTheJumpPath) {
                method.visitIntInsn(BIPUSH, 5);
                method.visitVarInsn(ISTORE, 1);
            }
            method.visitLabel(join);
            method.visitInsn(ICONST_2);
            method.visitInsn(IRETURN);
            variable("n", "I", null, start, 1);
            method.desc = "(Ljava/lang/Object;)I";
            finish(Set.of(zero));

            // Held only between the store and the join: over the GOTO on the fall-through path, nowhere on the other.
            assertEquals(storeOnTheJumpPath ? List.of() : List.of(List.of("GOTO")), partsOf(method, "n"));
        }

        /** A table of exactly as many entries as a class file holds is kept; one more, and it is dropped. */
        @ParameterizedTest
        @ValueSource(ints = {ResumeVariableTable.MAX_ENTRIES, ResumeVariableTable.MAX_ENTRIES + 1})
        void aTableCutIntoMoreEntriesThanAClassFileHoldsIsDroppedRatherThanWrittenWrong(int parts)
                throws AnalyzerException {
            Label start = mark();
            for (int i = 0; i < parts; i++) {
                method.visitInsn(ICONST_0);
                method.visitVarInsn(ISTORE, 1);
                method.visitInsn(FCONST_0);
                method.visitVarInsn(FSTORE, 1);
            }
            method.visitInsn(ACONST_NULL);
            method.visitInsn(ARETURN);
            variable("n", "I", null, start, 1);
            finish();

            if (parts <= ResumeVariableTable.MAX_ENTRIES) {
                assertEquals(parts, method.localVariables.size());
            } else {
                assertNull(method.localVariables);
            }
        }
    }

    /** Compiled by javac and rewritten by the transformer: the table checked against the precise types of the code. */
    @Nested
    class Rewritten {
        private static final String SOURCE = """
                package demo;
                import jasyncio.*;
                import static jasyncio.Asyncio.await;
                import java.util.List;
                public class Debugged {
                    String name = "d";
                    @Async
                    public Coroutine<String> work(List<String> items, Coroutine<Integer> first) {
                        int n = items.size();
                        String label = name + n;
                        long big = n * 1000L;
                        for (int i = 0; i < n; i++) {
                            int got = await(first);
                            label = label + got;
                        }
                        String all;
                        try {
                            all = String.join(",", items) + await(first) + big;
                        } catch (IllegalStateException e) {
                            all = e.getMessage() + label;
                        }
                        return Coroutine.completed(all);
                    }
                }
                """;

        private final CompiledSources sources = CompiledSources.compile(SOURCE);
        private final MethodNode resume = resumeOf(sources);

        private static MethodNode resumeOf(CompiledSources sources) {
            AsyncClassTransformer.Result result = sources.transform("demo/Debugged");
            ClassNode rewritten = CompiledSources.node(result.bytes);
            return CompiledSources.method(rewritten, "work", "(" + Names.FRAME_DESC + ")Ljava/lang/Object;");
        }

        private TypeInterpreter types() {
            return new TypeInterpreter(sources.hierarchy);
        }

        @Test
        void everyEntryHoldsAValueOfItsDeclaredTypeAtEveryInstructionItCovers() throws AnalyzerException {
            TypeInterpreter types = types();
            Frame<BasicValue>[] frames = FlowAnalysis.run("demo/Debugged", resume, types).frames;
            for (LocalVariableNode v : resume.localVariables) {
                BasicValue declared = types.newValue(Type.getType(v.desc));
                for (AbstractInsnNode i = v.start; i != v.end; i = i.getNext()) {
                    int index = resume.instructions.indexOf(i);
                    if (i.getOpcode() < 0 || frames[index] == null) {
                        continue;
                    }
                    BasicValue held = frames[index].getLocal(v.index);
                    boolean ok = declared.isReference()
                            ? held.isReference() && (held.getType().getInternalName().equals("null")
                                    || sources.hierarchy.isAssignableFrom(declared.getType().getInternalName(),
                                            held.getType().getInternalName()))
                            : declared.equals(held);
                    if (!ok) {
                        fail(v.name + " (" + v.desc + ") covers " + Insns.text(i) + " at " + index
                                + ", where slot " + v.index + " holds " + (held.getType() == null ? "nothing" : held));
                    }
                }
            }
        }

        @Test
        void aValueHeldBeforeTheFirstAwaitIsListedThere() {
            assertTrue(covers("n", "ILOAD"), "n is listed where it is read: " + partsOf(resume, "n"));
            assertTrue(covers(ResumeVariableTable.RECEIVER, "GETFIELD"), "the receiver is listed where its field is read");
            assertTrue(covers("e", "INVOKEVIRTUAL"), "the caught exception is listed in its handler");
            assertFalse(partsOf(resume, "items").isEmpty());
        }

        @Test
        void everyPartKeepsTheGenericSignature() {
            List<LocalVariableNode> items = resume.localVariables.stream().filter(v -> v.name.equals("items")).toList();
            assertFalse(items.isEmpty());
            for (LocalVariableNode v : items) {
                assertEquals("Ljava/util/List<Ljava/lang/String;>;", v.signature);
            }
        }

        /** True when an entry called {@code name} covers an instruction {@code op} (that reads its own slot, if any). */
        private boolean covers(String name, String op) {
            for (LocalVariableNode v : resume.localVariables) {
                if (!v.name.equals(name)) {
                    continue;
                }
                for (AbstractInsnNode i = v.start; i != v.end; i = i.getNext()) {
                    boolean otherSlot = i instanceof VarInsnNode && ((VarInsnNode) i).var != v.index;
                    if (i.getOpcode() >= 0 && Insns.text(i).startsWith(op) && !otherSlot) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
