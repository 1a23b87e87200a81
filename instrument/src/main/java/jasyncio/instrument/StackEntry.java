package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.Map;

/**
 * One operand stack entry below an awaitable, and how it comes back on resume: stored in the frame like a local
 * ({@link #saved}), or pushed again by the instruction that pushed it ({@link #rebuild}) when that was a constant
 * or the load of a local still holding the same value there (the local is then saved instead: {@code a + await(x)}
 * costs no stack slot of its own).
 */
final class StackEntry {
    /** The entry's kind and type, with its frame slot once allocated; null for a rebuilt entry. */
    final SavedValue saved;
    /** The instruction that pushes the entry again; null for a saved entry. */
    final AbstractInsnNode rebuild;
    /** What the stack holds there: two entries of one kind merge into a valid stack type, of two kinds they may not. */
    final SavedValue.Kind kind;
    /** The words it takes on the stack. */
    final int size;

    private StackEntry(SavedValue saved, AbstractInsnNode rebuild, SavedValue.Kind kind) {
        this.saved = saved;
        this.rebuild = rebuild;
        this.kind = kind;
        this.size = kind.size();
    }

    /**
     * Stack entry {@code i} below the awaitable at {@code call}, given the type analysis there and where the
     * stack's values came from ({@code origins}, null when no await has a stack below it). A load it is rebuilt from
     * adds the local to {@code live}.
     */
    static StackEntry at(int i, AbstractInsnNode call, Frame<BasicValue> types, StackOrigins origins,
                         Map<Integer, SavedValue> live) {
        BasicValue value = types.getStack(i);
        SavedValue.Kind kind = SavedValue.kindOf(value);
        if (kind == SavedValue.Kind.NULL) {
            return new StackEntry(null, Emit.op(Opcodes.ACONST_NULL), kind);
        }
        SavedValue saved = SavedValue.of(kind, value.getType(), -1);
        AbstractInsnNode producer = origins == null ? null : origins.producer(call, i);
        if (producer != null && origins.pushesAgain(producer, call)) {
            // The local still holds the loaded value, and so its type: nothing writes it, and no jump enters, between.
            if (producer instanceof VarInsnNode load) {
                live.putIfAbsent(load.var, SavedValue.of(kind, value.getType(), load.var));
            }
            return new StackEntry(null, producer.clone(Map.of()), kind);
        }
        return new StackEntry(saved, null, kind);
    }

    /** Takes the entry off the stack on the way to the save block: stores it, or drops it. */
    InsnList save(int frameSlot) {
        if (saved != null) {
            return saved.saveFromStack(frameSlot);
        }
        InsnList code = new InsnList();
        code.add(Emit.op(size == 2 ? Opcodes.POP2 : Opcodes.POP));
        return code;
    }

    /** Pushes the entry again on resume, after the locals (the saved entries come next in slot order). */
    InsnList restore(int frameSlot) {
        if (saved != null) {
            return saved.nextFrom(frameSlot);
        }
        InsnList code = new InsnList();
        code.add(rebuild.clone(Map.of()));
        return code;
    }

    StackEntry withSlot(SavedValue.Allocator slots) {
        return saved == null ? this : new StackEntry(slots.allocate(saved), null, kind);
    }
}
