package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Save code of a resume method in static methods of the class taking the values and the frame: a suspension
 * loads the values it stores and calls the helper for them, so that the code it runs in the resume method stays
 * short and on its await's line while the saves are shared by the suspensions storing the same values; shared
 * save chains past the JIT limit ({@link SharedSaveCode}) call them too. A suspension makes one call more than a
 * save in line; an await of a done value is as it was.
 */
final class SaveHelpers {
    /** Argument slots a method may take, the frame's included. */
    static final int MAX_ARGUMENT_SLOTS = 255;

    private final ClassNode owner;
    private final String resumeName;
    private final int access;
    /** The helper storing each list of values already asked for. */
    private final Map<List<SavedValue>, MethodInsnNode> calls = new HashMap<>();
    private final List<MethodNode> added = new ArrayList<>();
    private int count;

    SaveHelpers(ClassNode owner, String resumeName, int access) {
        this.owner = owner;
        this.resumeName = resumeName;
        this.access = access;
    }

    /**
     * Loads {@code values} (locals, or the zero of their kind for those in {@code zeroed}: a local not set, or
     * holding another type, there) and the frame, and calls the helpers that store them, as many as the
     * arguments need.
     */
    InsnList save(List<SavedValue> values, Set<SavedValue> zeroed, int frameSlot) {
        InsnList code = new InsnList();
        int start = 0;
        int slots = 1;
        for (int i = 0; i <= values.size(); i++) {
            if (i == values.size() || slots + values.get(i).kind.size() > MAX_ARGUMENT_SLOTS) {
                List<SavedValue> piece = values.subList(start, i);
                for (SavedValue v : piece) {
                    code.add(v.load(zeroed.contains(v)));
                }
                code.add(Emit.load(SavedValue.Kind.REF, frameSlot));
                code.add(calls.computeIfAbsent(List.copyOf(piece), this::helper).clone(Map.of()));
                start = i;
                slots = 1;
            }
            if (i < values.size()) {
                slots += values.get(i).kind.size();
            }
        }
        return code;
    }

    /** Adds a helper that stores {@code values} (its arguments) into the frame (its last); returns a call of it. */
    private MethodInsnNode helper(List<SavedValue> values) {
        StringBuilder desc = new StringBuilder("(");
        MethodNode helper = new MethodNode(Opcodes.ASM9, access, freeName(), null, null, null);
        int frameArgument = 0;
        for (SavedValue v : values) {
            desc.append(v.kind.descriptor);
            frameArgument += v.kind.size();
        }
        int argument = 0;
        for (SavedValue v : values) {
            helper.instructions.add(v.inLocal(argument).saveLocal(frameArgument));
            argument += v.kind.size();
        }
        helper.desc = desc.append(Names.FRAME_DESC).append(")V").toString();
        helper.instructions.add(Emit.op(Opcodes.RETURN));
        helper.maxLocals = frameArgument + 1;
        helper.maxStack = 4;
        owner.methods.add(helper);
        added.add(helper);
        return Emit.callOwn(owner, helper);
    }

    /** Takes the helpers added so far out of the class again: the resume method that called them is dropped. */
    void discard() {
        owner.methods.removeAll(added);
        added.clear();
        calls.clear();
    }

    private String freeName() {
        for (;;) {
            String name = resumeName + "$save" + count++;
            if (owner.methods.stream().noneMatch(m -> m.name.equals(name))) {
                return name;
            }
        }
    }
}
