package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * One value kept across a suspension: a local or a stack entry, saved into the frame's {@code refs} or
 * {@code prims} array at {@link #index} (primitives widened to {@code long}) and cast back on resume.
 * A value known to be {@code null} is not stored at all: it is pushed again as a constant.
 */
final class SavedValue {
    enum Kind {
        REF("Ref", "Ljava/lang/Object;"), INT("Int", "I"), LONG("Long", "J"), FLOAT("Float", "F"),
        DOUBLE("Double", "D"), NULL(null, null);

        final String suffix;
        final String descriptor;

        Kind(String suffix, String descriptor) {
            this.suffix = suffix;
            this.descriptor = descriptor;
        }
    }

    final Kind kind;
    /** The static type of a REF, for the cast on resume. */
    final Type type;
    /** The local variable slot, or -1 for a stack entry. */
    final int local;
    final int index;

    private SavedValue(Kind kind, Type type, int local, int index) {
        this.kind = kind;
        this.type = type;
        this.local = local;
        this.index = index;
    }

    /** The kind a value of this analysed type is saved as, or null when it holds nothing usable. */
    static Kind kindOf(BasicValue value) {
        Type type = value == null ? null : value.getType();
        if (type == null) {
            return null;
        }
        switch (type.getSort()) {
            case Type.BOOLEAN: case Type.CHAR: case Type.BYTE: case Type.SHORT: case Type.INT:
                return Kind.INT;
            case Type.LONG:
                return Kind.LONG;
            case Type.FLOAT:
                return Kind.FLOAT;
            case Type.DOUBLE:
                return Kind.DOUBLE;
            case Type.ARRAY:
                return Kind.REF;
            case Type.OBJECT:
                return type.getInternalName().equals("null") ? Kind.NULL : Kind.REF;
            default:
                return null;
        }
    }

    /**
     * Assigns slots in order of appearance: one counter for references, one for primitives. Primitive slot 0
     * lives in the frame itself and is an {@code int} (a smaller frame), so it takes the first int or float; a
     * long or double always goes to the array.
     */
    static final class Allocator {
        int refs;
        private boolean inlinePrimUsed;
        private int nextArrayPrim = 1;

        SavedValue allocate(Kind kind, Type type, int local) {
            int index;
            if (kind == Kind.NULL) {
                index = -1;
            } else if (kind == Kind.REF) {
                index = refs++;
            } else if ((kind == Kind.INT || kind == Kind.FLOAT) && !inlinePrimUsed) {
                inlinePrimUsed = true;
                index = 0;
            } else {
                index = nextArrayPrim++;
            }
            return new SavedValue(kind, type, local, index);
        }

        /** Primitive slots in use, counting slot 0 when any array slot is (the array starts at 1). */
        int prims() {
            return nextArrayPrim > 1 ? nextArrayPrim : inlinePrimUsed ? 1 : 0;
        }
    }

    /** Moves the value on top of the stack into the frame (the frame is in local {@code frameSlot}). */
    InsnList saveFromStack(int frameSlot) {
        InsnList code = new InsnList();
        if (kind == Kind.NULL) {
            code.add(new InsnNode(Opcodes.POP));
            return code;
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(push(index));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, "put" + kind.suffix,
                "(" + kind.descriptor + Names.FRAME_DESC + "I)V", false));
        return code;
    }

    /** Pushes the saved value back, with its static type. */
    InsnList restoreToStack(int frameSlot) {
        InsnList code = new InsnList();
        if (kind == Kind.NULL) {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
            return code;
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(push(index));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, "get" + kind.suffix,
                "(" + Names.FRAME_DESC + "I)" + kind.descriptor, false));
        if (kind == Kind.REF && !type.equals(Names.OBJECT)) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
        }
        return code;
    }

    /** Saves the local this value lives in. */
    InsnList saveLocal(int frameSlot) {
        InsnList code = new InsnList();
        if (kind == Kind.NULL) {
            return code;
        }
        code.add(new VarInsnNode(loadOpcode(), local));
        code.add(saveFromStack(frameSlot));
        return code;
    }

    /** Restores the local this value lives in. */
    InsnList restoreLocal(int frameSlot) {
        InsnList code = restoreToStack(frameSlot);
        code.add(new VarInsnNode(loadOpcode() - Opcodes.ILOAD + Opcodes.ISTORE, local));
        return code;
    }

    private int loadOpcode() {
        switch (kind) {
            case INT: return Opcodes.ILOAD;
            case LONG: return Opcodes.LLOAD;
            case FLOAT: return Opcodes.FLOAD;
            case DOUBLE: return Opcodes.DLOAD;
            default: return Opcodes.ALOAD;
        }
    }

    static AbstractInsnNode push(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }
}
