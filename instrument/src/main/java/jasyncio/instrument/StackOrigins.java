package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the values on the operand stack below an await came from, so that a resume can push them again instead of
 * saving them: the one instruction that pushed each, and whether a local loaded then still holds that value.
 */
final class StackOrigins {
    private final MethodNode method;
    private final Frame<SourceValue>[] sources;
    private final Set<LabelNode> jumpTargets = new HashSet<>();

    private StackOrigins(MethodNode method, Frame<SourceValue>[] sources) {
        this.method = method;
        this.sources = sources;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof JumpInsnNode jump) {
                jumpTargets.add(jump.label);
            } else if (insn instanceof TableSwitchInsnNode s) {
                jumpTargets.add(s.dflt);
                jumpTargets.addAll(s.labels);
            } else if (insn instanceof LookupSwitchInsnNode s) {
                jumpTargets.add(s.dflt);
                jumpTargets.addAll(s.labels);
            }
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            jumpTargets.add(block.handler);
        }
    }

    static StackOrigins of(String owner, MethodNode method) throws AnalyzerException {
        return new StackOrigins(method, new Analyzer<>(new SingleSourceInterpreter()).analyze(owner, method));
    }

    /** True when some of {@code awaits} has a value below its awaitable. */
    boolean stackBelowAny(List<MethodInsnNode> awaits) {
        return awaits.stream().anyMatch(await -> stackSize(await) > 1);
    }

    /** Values on the operand stack before {@code insn} (an unreachable instruction has none). */
    int stackSize(AbstractInsnNode insn) {
        Frame<SourceValue> frame = sources[method.instructions.indexOf(insn)];
        return frame == null ? 0 : frame.getStackSize();
    }

    /** The one instruction that pushed stack entry {@code i} as it is before {@code insn}, or null. */
    AbstractInsnNode producer(AbstractInsnNode insn, int i) {
        Frame<SourceValue> frame = sources[method.instructions.indexOf(insn)];
        return frame == null ? null : SingleSourceInterpreter.sourceOf(frame.getStack(i));
    }

    /**
     * True when running {@code producer} again at {@code at} pushes the same value: a constant, or the load of a
     * local not written in between, the code between running straight through.
     */
    boolean pushesAgain(AbstractInsnNode producer, AbstractInsnNode at) {
        if (producer instanceof VarInsnNode load && load.getOpcode() <= Opcodes.ALOAD) {
            return straightThrough(producer, at, load.var);
        }
        return isConstant(producer) && straightThrough(producer, at, -2);
    }

    /**
     * True when the code from {@code from} to {@code at} runs straight through (no jump in or out, so that a value
     * pushed at {@code from} has no other way to {@code at}) and writes neither {@code local} (-2 for none) nor a
     * long or double overlapping it.
     */
    boolean straightThrough(AbstractInsnNode from, AbstractInsnNode at, int local) {
        for (AbstractInsnNode insn = from.getNext(); insn != at; insn = insn.getNext()) {
            if (insn == null || insn instanceof LabelNode label && jumpTargets.contains(label)
                    || insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode
                    || insn instanceof LookupSwitchInsnNode || writes(insn, local)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code insn} writes {@code local}, or a long or double overlapping it. */
    private static boolean writes(AbstractInsnNode insn, int local) {
        int written = insn instanceof IincInsnNode iinc ? iinc.var
                : insn instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE ? v.var : -4;
        return written >= local - 1 && written <= local + 1;
    }

    /** The words {@code producer} (a load or constant) pushes. */
    static int words(AbstractInsnNode producer) {
        switch (producer.getOpcode()) {
            case Opcodes.LLOAD: case Opcodes.DLOAD: case Opcodes.LCONST_0: case Opcodes.LCONST_1:
            case Opcodes.DCONST_0: case Opcodes.DCONST_1:
                return 2;
            case Opcodes.LDC:
                Object constant = ((LdcInsnNode) producer).cst;
                return constant instanceof Long || constant instanceof Double ? 2 : 1;
            default:
                return 1;
        }
    }

    /** Pushing a number, a string or null: no effect but the value (a class constant may load the class). */
    private static boolean isConstant(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op >= Opcodes.ACONST_NULL && op <= Opcodes.SIPUSH) {
            return true;
        }
        return op == Opcodes.LDC && (((LdcInsnNode) insn).cst instanceof Number || ((LdcInsnNode) insn).cst instanceof String);
    }
}
