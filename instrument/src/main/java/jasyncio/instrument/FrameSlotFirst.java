package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Gives a finished resume method's frame (and its {@code SUSPENDED} marker, when that has a local) the first
 * slots, shifting the method's own locals up, when that makes the method shorter. Slots 0 to 3 load and store in
 * one byte, higher ones in two, and the frame is loaded at every await and every save, where a method's own
 * locals 2 and 3 (now 3 and 4, or 4 and 5) are often used less. The shift keeps the locals' order, so a
 * {@code long} or {@code double} keeps its two slots; the stack-map frames are computed when the class is written.
 */
final class FrameSlotFirst {
    private static final int SHORT_SLOTS = 4;
    private static final int NARROW_SLOTS = 256;

    private FrameSlotFirst() {
    }

    /** The method's own locals are those below the ones {@code locals} adds (the frame's is the first of them). */
    static void apply(MethodNode resume, ResumeLocals locals) {
        int ownLocals = locals.frame();
        int shift = locals.suspended() < 0 ? 1 : 2;
        // The prologue's first load reads the parameter, in slot 0 whatever the numbering.
        AbstractInsnNode parameter = firstLoadOfSlotZero(resume.instructions);
        int before = 0;
        int after = 0;
        for (AbstractInsnNode insn : resume.instructions) {
            if ((insn instanceof VarInsnNode || insn instanceof IincInsnNode) && insn != parameter) {
                int slot = slotOf(insn);
                before += length(insn, slot);
                after += length(insn, moved(slot, locals, ownLocals, shift));
            }
        }
        if (after >= before) {
            return;
        }
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn instanceof VarInsnNode var && insn != parameter) {
                var.var = moved(var.var, locals, ownLocals, shift);
            } else if (insn instanceof IincInsnNode iinc) {
                iinc.var = moved(iinc.var, locals, ownLocals, shift);
            }
        }
        if (resume.localVariables != null) {
            for (LocalVariableNode variable : resume.localVariables) {
                variable.index = moved(variable.index, locals, ownLocals, shift);
            }
        }
        dropParameterCopy(resume.instructions, parameter);
    }

    private static int moved(int slot, ResumeLocals locals, int ownLocals, int shift) {
        if (slot == locals.frame()) {
            return 0;
        }
        if (slot == locals.suspended()) {
            return 1;
        }
        if (slot < ownLocals) {
            return slot + shift;
        }
        // The label's local takes the one slot left free above the method's own.
        return slot == locals.label() ? ownLocals + shift : slot;
    }

    private static int slotOf(AbstractInsnNode insn) {
        return insn instanceof VarInsnNode var ? var.var : ((IincInsnNode) insn).var;
    }

    /** The bytes {@code insn} takes with {@code slot}: the one-byte forms, a byte index, or a {@code wide} one. */
    private static int length(AbstractInsnNode insn, int slot) {
        if (insn instanceof IincInsnNode iinc) {
            return slot < NARROW_SLOTS && iinc.incr == (byte) iinc.incr ? 3 : 6;
        }
        return slot < SHORT_SLOTS ? 1 : slot < NARROW_SLOTS ? 2 : 4;
    }

    private static AbstractInsnNode firstLoadOfSlotZero(InsnList code) {
        for (AbstractInsnNode insn : code) {
            if (insn.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) insn).var == 0) {
                return insn;
            }
        }
        throw new IllegalStateException("a resume method without its prologue");
    }

    /**
     * The prologue copies the frame parameter to the frame's local, now slot 0 itself: {@code ALOAD 0, [DUP,]
     * ASTORE 0}, of which the copy goes. A parameter declared as another type than {@code Frame} has a
     * {@code CHECKCAST} between them, and keeps its checked store.
     */
    private static void dropParameterCopy(InsnList code, AbstractInsnNode parameter) {
        AbstractInsnNode next = parameter.getNext();
        if (next.getOpcode() == Opcodes.DUP && isStoreToSlotZero(next.getNext())) {
            code.remove(next.getNext());
            code.remove(next);
        } else if (isStoreToSlotZero(next)) {
            code.remove(next);
            code.remove(parameter);
        }
    }

    private static boolean isStoreToSlotZero(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) insn).var == 0;
    }
}
