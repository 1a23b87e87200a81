package jasyncio.instrument;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.util.Printer;

import java.util.ArrayList;
import java.util.List;

/** Instructions as short readable strings ({@code "ALOAD 1"}, {@code "NEW demo/P"}), labels and lines left out. */
final class Insns {
    private Insns() {
    }

    static List<String> of(InsnList code) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode insn : code) {
            if (insn.getOpcode() >= 0) {
                out.add(text(insn));
            }
        }
        return out;
    }

    static String text(AbstractInsnNode insn) {
        String op = Printer.OPCODES[insn.getOpcode()];
        if (insn instanceof VarInsnNode) {
            return op + " " + ((VarInsnNode) insn).var;
        }
        if (insn instanceof TypeInsnNode) {
            return op + " " + ((TypeInsnNode) insn).desc;
        }
        if (insn instanceof MethodInsnNode) {
            MethodInsnNode m = (MethodInsnNode) insn;
            return op + " " + m.owner + "." + m.name + m.desc;
        }
        if (insn instanceof FieldInsnNode) {
            FieldInsnNode f = (FieldInsnNode) insn;
            return op + " " + f.owner + "." + f.name;
        }
        if (insn instanceof IntInsnNode) {
            return op + " " + ((IntInsnNode) insn).operand;
        }
        if (insn instanceof LdcInsnNode) {
            return op + " " + ((LdcInsnNode) insn).cst;
        }
        if (insn instanceof IincInsnNode) {
            return op + " " + ((IincInsnNode) insn).var + " " + ((IincInsnNode) insn).incr;
        }
        return op;
    }
}
