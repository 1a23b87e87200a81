package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.HashSet;
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

    /** The one instruction that pushed stack entry {@code i} as it is before {@code insn}, or null. */
    AbstractInsnNode producer(AbstractInsnNode insn, int i) {
        Frame<SourceValue> frame = sources[method.instructions.indexOf(insn)];
        return frame == null ? null : SingleSourceInterpreter.sourceOf(frame.getStack(i));
    }

    /**
     * True when the local {@code load} read still holds that value at {@code at}: the code between runs straight
     * through (no jump in or out) and writes neither the local nor a long or double overlapping it.
     */
    boolean unchangedBetween(VarInsnNode load, AbstractInsnNode at) {
        for (AbstractInsnNode insn = load.getNext(); insn != at; insn = insn.getNext()) {
            if (insn == null || insn instanceof LabelNode label && jumpTargets.contains(label)
                    || insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode
                    || insn instanceof LookupSwitchInsnNode) {
                return false;
            }
            int written = insn instanceof IincInsnNode iinc ? iinc.var
                    : insn instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE ? v.var : -2;
            if (written >= load.var - 1 && written <= load.var + 1) {
                return false;
            }
        }
        return true;
    }
}
