package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;

/** Finds the {@code Asyncio.await(x)} calls of a method: its suspension points. */
final class AwaitSites {
    private AwaitSites() {
    }

    static List<MethodInsnNode> in(MethodNode method) {
        List<MethodInsnNode> sites = new ArrayList<>();
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (isAwait(insn)) {
                sites.add((MethodInsnNode) insn);
            }
        }
        return sites;
    }

    /**
     * True when an await of {@code method} sits in a loop, between a backward jump and its target (javac's loops
     * all end in one): a resume at that await enters the loop in its middle.
     */
    static boolean anyInLoop(MethodNode method) {
        InsnList code = method.instructions;
        List<Integer> awaits = new ArrayList<>();
        for (AbstractInsnNode insn : code) {
            if (isAwait(insn)) {
                awaits.add(code.indexOf(insn));
            }
        }
        for (AbstractInsnNode insn : code) {
            if (insn instanceof JumpInsnNode jump) {
                int from = code.indexOf(jump);
                int to = code.indexOf(jump.label);
                if (to < from && awaits.stream().anyMatch(a -> to <= a && a <= from)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isAwait(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return Names.isAwaitCall(call.owner, call.name, call.desc);
    }

    /** The source line of {@code insn}, or -1 when the class has no line numbers. */
    static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode) {
                return ((LineNumberNode) i).line;
            }
        }
        return -1;
    }

    /** The first source line of a method, or -1. */
    static int firstLine(InsnList instructions) {
        for (AbstractInsnNode i = instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof LineNumberNode) {
                return ((LineNumberNode) i).line;
            }
        }
        return -1;
    }
}
