package jasyncio.instrument;

import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One {@code await(x)} of a method, as a suspension needs it: the operand stack below the awaitable, the
 * locals still to be read after it, and what every local holds there.
 */
final class AwaitPoint {
    final MethodInsnNode call;
    final int line;
    /** The operand stack below the awaitable, bottom first. */
    final List<StackEntry> stack;
    /** The live locals, by slot. */
    final Map<Integer, SavedValue> live;
    private final Frame<BasicValue> frame;
    /** The slots the resume method zeroes before it jumps on the label: set on every path, resumed ones too. */
    private final Set<Integer> preset;
    /** The await call, the awaitable on top of the stack: where a resume with shared save code jumps back to. */
    final LabelNode site = new LabelNode();
    /**
     * With a suspension per await, where a resume goes instead, its stack below the awaitable pushed: the call
     * that takes the delivered value, after the suspension, on the await's line and in its try blocks.
     */
    LabelNode resume;
    /** The frame's label for this suspension: 1 and up, given once the layouts are known. */
    int label;

    private AwaitPoint(MethodInsnNode call, List<StackEntry> stack, Map<Integer, SavedValue> live,
                       Frame<BasicValue> frame, Set<Integer> preset) {
        this.call = call;
        this.line = AwaitSites.lineOf(call);
        this.stack = stack;
        this.live = live;
        this.frame = frame;
        this.preset = preset;
    }

    /**
     * What {@code call} keeps: live, typed locals and everything below the awaitable on the stack, whose
     * {@code origins} are known when some await of the method has a stack below it; {@code preset} are the
     * slots the method zeroes at its start.
     */
    static AwaitPoint plan(MethodInsnNode call, Frame<BasicValue> frame, Liveness liveness, int index,
                           StackOrigins origins, Set<Integer> preset) {
        if (frame == null) {
            throw new RewriteException("unreachable await", AwaitSites.lineOf(call));
        }
        Map<Integer, SavedValue> live = new TreeMap<>();
        for (int local = 0; local < frame.getLocals(); local++) {
            BasicValue v = frame.getLocal(local);
            SavedValue.Kind kind = SavedValue.kindOf(v);
            if (kind != null && liveness.isLiveAt(index, local)) {
                live.put(local, SavedValue.of(kind, v.getType(), local));
            }
            if (v.getSize() == 2) { // the analyser gives every local a value: never null
                local++;
            }
        }
        List<StackEntry> stack = new ArrayList<>();
        for (int i = 0; i < frame.getStackSize() - 1; i++) {
            if (SavedValue.kindOf(frame.getStack(i)) == null) {
                throw new RewriteException("an await with an unsaveable value on the operand stack",
                        AwaitSites.lineOf(call));
            }
            stack.add(StackEntry.at(i, call, frame, origins, live));
        }
        return new AwaitPoint(call, Collections.unmodifiableList(stack), Collections.unmodifiableMap(live), frame,
                preset);
    }

    /** The kind of value {@code local} holds here, or null when none is known. */
    SavedValue.Kind kindAt(int local) {
        return SavedValue.kindOf(frame.getLocal(local));
    }

    /**
     * True when a shared save block may store local {@code value} when reached from here without first
     * setting it: a primitive of that kind, live or not (its old bits harm no one), or a reference that is
     * live, or null. A dead reference is not kept: the frame would retain what the method no longer needs.
     * This holds for the core's values, which every resume restores; a layout's, see {@link #canSaveInLayout}.
     */
    boolean canSave(SavedValue value) {
        if (value.kind.isPrimitive()) {
            return kindAt(value.local) == value.kind;
        }
        return live.containsKey(value.local) || kindAt(value.local) == SavedValue.Kind.NULL;
    }

    /**
     * {@link #canSave} for a value of a layout, which only a resume at one of the layout's awaits restores. This
     * await is also reached by resuming at an await of another layout, where a dead value's slot holds nothing
     * (the flow analysis only sees the paths of the original code): only a live value, or a preset one (zeroed
     * whatever the label), is set on every path.
     */
    boolean canSaveInLayout(SavedValue value) {
        return canSave(value) && (live.containsKey(value.local) || preset.contains(value.local));
    }
}
