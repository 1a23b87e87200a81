package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.analysis.BasicValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One value kept across a suspension: a local or a stack entry, saved into the frame's {@code refs} or
 * {@code prims} array at {@link #index} (primitives widened to {@code long}) and cast back on resume.
 * A value known to be {@code null} is not stored at all: it is pushed again as a constant.
 */
final class SavedValue {
    enum Kind {
        REF("Ref", Names.OBJECT_DESC, Opcodes.ALOAD, Opcodes.ACONST_NULL),
        INT("Int", "I", Opcodes.ILOAD, Opcodes.ICONST_0),
        LONG("Long", "J", Opcodes.LLOAD, Opcodes.LCONST_0),
        FLOAT("Float", "F", Opcodes.FLOAD, Opcodes.FCONST_0),
        DOUBLE("Double", "D", Opcodes.DLOAD, Opcodes.DCONST_0),
        NULL(null, null, Opcodes.ALOAD, Opcodes.ACONST_NULL);

        final String suffix;
        final String descriptor;
        final int loadOpcode;
        /** Pushes this kind's zero (or null): what a local gets when it must hold some value of the kind. */
        final int zeroOpcode;

        Kind(String suffix, String descriptor, int loadOpcode, int zeroOpcode) {
            this.suffix = suffix;
            this.descriptor = descriptor;
            this.loadOpcode = loadOpcode;
            this.zeroOpcode = zeroOpcode;
        }

        boolean isPrimitive() {
            return this != REF && this != NULL;
        }

        /** Local variable slots a value of this kind takes. */
        int size() {
            return this == LONG || this == DOUBLE ? 2 : 1;
        }

        int storeOpcode() {
            return loadOpcode - Opcodes.ILOAD + Opcodes.ISTORE;
        }
    }

    final Kind kind;
    /** The static type of a REF, for the cast on resume. */
    final Type type;
    /** The local variable slot, or -1 for a stack entry. */
    final int local;
    /** The slot in the frame's arrays, or -1 before one is allocated (and always for a NULL). */
    final int index;

    private SavedValue(Kind kind, Type type, int local, int index) {
        this.kind = kind;
        this.type = type;
        this.local = local;
        this.index = index;
    }

    /** A value not yet given a slot in the frame. */
    static SavedValue of(Kind kind, Type type, int local) {
        return new SavedValue(kind, type, local, -1);
    }

    /** The same value in local {@code otherLocal}, in the same frame slot. */
    SavedValue inLocal(int otherLocal) {
        return new SavedValue(kind, type, otherLocal, index);
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

    /** True when both are restored by the same code: same kind and, for references, the same cast. */
    boolean restoresLike(SavedValue other) {
        return kind == other.kind && (kind != Kind.REF || type.equals(other.type));
    }

    /** True when this local and {@code other} share a slot without being the same local (a long's upper half). */
    boolean overlaps(SavedValue other) {
        return local != other.local
                && local < other.local + other.kind.size() && other.local < local + kind.size();
    }

    /**
     * Assigns slots in order of appearance: one counter for references, one for primitives. Primitive slot 0
     * lives in the frame itself and is an {@code int} (a smaller frame), so it takes the first int or float; a
     * long or double always goes to the array.
     */
    static final class Allocator {
        int refs;
        /** Primitive slot 0 holds a value. */
        private boolean inlinePrimUsed;
        /** Primitive slot 0 is not to be given: it holds a value, or a copy keeps it free. */
        private boolean inlinePrimClosed;
        private int nextArrayPrim = 1;

        /** Never given a NULL: a known null is pushed again as a constant, never stored. */
        SavedValue allocate(Kind kind, Type type, int local) {
            int index;
            if (kind == Kind.REF) {
                index = refs++;
            } else if ((kind == Kind.INT || kind == Kind.FLOAT) && !inlinePrimClosed) {
                inlinePrimUsed = true;
                inlinePrimClosed = true;
                index = 0;
            } else {
                index = nextArrayPrim++;
            }
            return new SavedValue(kind, type, local, index);
        }

        /**
         * An allocator that goes on from where this one is, slot after slot: primitive slot 0, if still free, stays
         * free, so that what it allocates follows what this one did, for a resume reading them in order.
         */
        Allocator copy() {
            Allocator copy = new Allocator();
            copy.refs = refs;
            copy.inlinePrimUsed = inlinePrimUsed;
            copy.inlinePrimClosed = true;
            copy.nextArrayPrim = nextArrayPrim;
            return copy;
        }

        /** Where a resume starts reading this allocator's values: reference slot 0, primitive slot 0 or 1. */
        int firstSlots() {
            return inlinePrimUsed ? 0 : 1 << 16;
        }

        SavedValue allocate(SavedValue value) {
            return allocate(value.kind, value.type, value.local);
        }

        /** Primitive slots in use, counting slot 0 when any array slot is (the array starts at 1). */
        int prims() {
            return nextArrayPrim > 1 ? nextArrayPrim : inlinePrimUsed ? 1 : 0;
        }
    }

    /** Moves the value on top of the stack into the frame (the frame is in local {@code frameSlot}); not a NULL. */
    InsnList saveFromStack(int frameSlot) {
        InsnList code = new InsnList();
        code.add(Emit.load(Kind.REF, frameSlot));
        code.add(Emit.push(index));
        code.add(Emit.callFrame(Names.put(kind.suffix, kind.descriptor)));
        return code;
    }

    /** Pushes the saved value back, with its static type; not a NULL. */
    InsnList restoreToStack(int frameSlot) {
        InsnList code = new InsnList();
        code.add(Emit.load(Kind.REF, frameSlot));
        code.add(Emit.push(index));
        code.add(Emit.callFrame(Names.get(kind.suffix, kind.descriptor)));
        code.add(cast());
        return code;
    }

    /**
     * Pushes the next saved value of its kind, with its static type: the frame is on top of the stack and stays,
     * and the resume reads the values in slot order ({@link #inSlotOrder}).
     */
    InsnList next() {
        return next(Emit.op(Opcodes.DUP));
    }

    /** Pushes the next saved value of its kind, the frame being in local {@code frameSlot}. */
    InsnList nextFrom(int frameSlot) {
        return next(Emit.load(Kind.REF, frameSlot));
    }

    private InsnList next(AbstractInsnNode frame) {
        InsnList code = new InsnList();
        if (kind == Kind.NULL) {
            code.add(Emit.op(Opcodes.ACONST_NULL));
            return code;
        }
        code.add(frame);
        code.add(Emit.callFrame(Names.next(kind.suffix, kind.descriptor)));
        code.add(cast());
        return code;
    }

    /** The cast of a reference read back as an {@code Object} to its static type (none when that is Object). */
    private InsnList cast() {
        InsnList code = new InsnList();
        if (kind == Kind.REF && !type.equals(Names.OBJECT)) {
            code.add(Emit.checkcast(type.getInternalName()));
        }
        return code;
    }

    /** {@code values} sorted the way a resume reads them: each kind by slot. */
    static List<SavedValue> inSlotOrder(List<SavedValue> values) {
        List<SavedValue> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparing((SavedValue v) -> v.kind.isPrimitive()).thenComparingInt(v -> v.index));
        return sorted;
    }

    /** Restores the local this value lives in from the next saved value of its kind (the frame on the stack). */
    InsnList restoreNext() {
        InsnList code = next();
        code.add(Emit.store(kind, local));
        return code;
    }

    /** Saves the local this value lives in; not a NULL. */
    InsnList saveLocal(int frameSlot) {
        InsnList code = new InsnList();
        code.add(Emit.load(kind, local));
        code.add(saveFromStack(frameSlot));
        return code;
    }

    /** Restores the local this value lives in. */
    InsnList restoreLocal(int frameSlot) {
        InsnList code = restoreToStack(frameSlot);
        code.add(Emit.store(kind, local));
        return code;
    }

    /** Pushes the local this value lives in, or the zero (or null) of its kind when {@code zero}. */
    AbstractInsnNode load(boolean zero) {
        return zero ? Emit.op(kind.zeroOpcode) : Emit.load(kind, local);
    }

    /** Gives the local this value lives in the zero (or null) of its kind. */
    InsnList zeroLocal() {
        InsnList code = new InsnList();
        code.add(Emit.op(kind.zeroOpcode));
        code.add(Emit.store(kind, local));
        return code;
    }

}
