package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the local variable table of a finished resume method true at every instruction, for debuggers. The
 * table is the original method's, but a resume point reloads only the live locals: a variable still in scope
 * there holds nothing (or, in slot 0, the frame), and a debugger reading it shows garbage or fails with
 * {@code InconsistentDebugInfoException}. Each entry is cut to the instructions where its slot holds a value of
 * its kind, found by a data-flow pass over the finished code, whatever the encoding of saves and restores.
 * Names and generic signatures stay; only the receiver is renamed {@code $this}, since the resume method is
 * static and JDI never lists a variable called {@code this} (it reads a static method's receiver as null).
 */
final class ResumeVariableTable {
    static final String RECEIVER = "$this";
    /** A class file counts the entries of a method's table in 16 bits. */
    static final int MAX_ENTRIES = 0xFFFF;

    private ResumeVariableTable() {
    }

    /**
     * Rewrites {@code resume.localVariables}. A table cut into more entries than a class file holds (a huge method
     * with many variables and awaits) is dropped: a debugger then shows no variables there rather than wrong ones.
     * The analysis also sets {@code resume}'s max stack and locals, which the save and restore code has changed.
     * The prologue zeroes some slots with the constants {@code presetZeroes}, whatever the label: such a zero is a
     * placeholder, not a variable's value (on the first run it stands in its slot until the method's own first
     * store there), so a variable holding it is not shown.
     */
    static void apply(String owner, MethodNode resume, Set<AbstractInsnNode> presetZeroes) throws AnalyzerException {
        if (resume.localVariables == null || resume.localVariables.isEmpty()) {
            return;
        }
        Frame<BasicValue>[] frames = new Analyzer<>(new SlotContents(presetZeroes)).analyzeAndComputeMaxs(owner,
                resume);
        InsnList code = resume.instructions;
        List<Cut> cuts = new ArrayList<>();
        for (LocalVariableNode variable : resume.localVariables) {
            cuts.add(new Cut(variable, code.indexOf(variable.start), code.indexOf(variable.end)));
        }
        // One sweep over the code, every variable at each instruction: the frames are read in the order they lie
        // in memory, which matters in a huge method (a variable at a time would read them across).
        Map<AbstractInsnNode, LabelNode> boundaries = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            AbstractInsnNode insn = code.get(i);
            if (insn.getOpcode() >= 0) {
                for (Cut cut : cuts) {
                    cut.step(i, insn, frames[i], boundaries);
                }
            }
        }
        boundaries.forEach(code::insertBefore);
        List<LocalVariableNode> table = new ArrayList<>();
        for (Cut cut : cuts) {
            table.addAll(cut.finish());
        }
        resume.localVariables = table.size() <= MAX_ENTRIES ? table : null;
    }

    /**
     * One variable cut into the parts of its range where its slot holds a value of its kind, each an entry of its
     * own. A part that starts or ends at an instruction gets a label placed before it, in {@code boundaries}.
     */
    private static final class Cut {
        private final LocalVariableNode variable;
        private final int start;
        private final int end;
        private final BasicValue kind;
        private final String name;
        private final List<LocalVariableNode> parts = new ArrayList<>();
        private LabelNode partStart;
        private boolean seenAnInstruction;

        Cut(LocalVariableNode variable, int start, int end) {
            this.variable = variable;
            this.start = start;
            this.end = end;
            this.kind = SlotContents.KINDS.newValue(Type.getType(variable.desc));
            this.name = variable.name.equals("this") ? RECEIVER : variable.name;
        }

        /** Takes in instruction {@code index} of the code, with the frame before it. */
        void step(int index, AbstractInsnNode insn, Frame<BasicValue> frame, Map<AbstractInsnNode, LabelNode> boundaries) {
            if (index < start || index >= end) {
                return;
            }
            boolean held = frame != null && variable.index < frame.getLocals()
                    && SlotContents.holds(frame.getLocal(variable.index), kind);
            if (held && partStart == null) {
                partStart = seenAnInstruction ? boundaries.computeIfAbsent(insn, x -> new LabelNode()) : variable.start;
            } else if (!held && partStart != null) {
                parts.add(part(partStart, boundaries.computeIfAbsent(insn, x -> new LabelNode())));
                partStart = null;
            }
            seenAnInstruction = true;
        }

        List<LocalVariableNode> finish() {
            if (partStart != null) {
                parts.add(part(partStart, variable.end));
            }
            return parts;
        }

        private LocalVariableNode part(LabelNode from, LabelNode to) {
            return new LocalVariableNode(name, variable.desc, variable.signature, from, to, variable.index);
        }
    }

    /**
     * The kind of value in each slot (int, long, float, double, reference, nothing), with the resume method's
     * parameter, the frame, told apart from every other reference: no variable of the original method holds it.
     * Any other reference in a variable's slot was stored there by the original code or reloaded from the frame
     * at the same point, so it is the variable's value.
     */
    private static final class SlotContents extends BasicInterpreter {
        private static final BasicValue FRAME = new BasicValue(Type.getObjectType("java/lang/Object"));
        /** Only maps a descriptor to its kind. */
        static final SlotContents KINDS = new SlotContents(Set.of());
        private final Set<AbstractInsnNode> presetZeroes;
        /** The placeholders the preset zeroes push, by kind: told apart from every value the code computes. */
        private final Map<BasicValue, BasicValue> placeholders = new HashMap<>();

        SlotContents(Set<AbstractInsnNode> presetZeroes) {
            super(Opcodes.ASM9);
            this.presetZeroes = presetZeroes;
        }

        /** True when {@code value} is a variable's own of kind {@code kind}: neither the frame nor a placeholder. */
        static boolean holds(BasicValue value, BasicValue kind) {
            return value != FRAME && kind.equals(value) && !isPlaceholder(value);
        }

        private static boolean isPlaceholder(BasicValue value) {
            return value instanceof Placeholder;
        }

        @Override
        public BasicValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
            return FRAME;
        }

        @Override
        public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
            BasicValue value = super.newOperation(insn);
            return presetZeroes.contains(insn) ? placeholders.computeIfAbsent(value, Placeholder::new) : value;
        }

        @Override
        public BasicValue merge(BasicValue value1, BasicValue value2) {
            if (value1 != value2 && (value1 == FRAME || value2 == FRAME || isPlaceholder(value1)
                    || isPlaceholder(value2))) {
                return BasicValue.UNINITIALIZED_VALUE;
            }
            return super.merge(value1, value2);
        }
    }

    /** A preset zero's value: of a kind like any other, but not equal to one the code computed. */
    private static final class Placeholder extends BasicValue {
        Placeholder(BasicValue kind) {
            super(kind.getType());
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
