package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.List;

/**
 * Save code moved out of a resume method that would otherwise be too long for HotSpot to compile: a piece of a
 * save chain becomes a static method of the class taking the values and the frame, and the chain just loads the
 * values and calls it. A suspension then makes one more call; an await of a done value is as it was.
 */
final class SaveHelpers {
    /** Argument slots a method may take, the frame's included. */
    static final int MAX_ARGUMENT_SLOTS = 255;

    private final ClassNode owner;
    private final String resumeName;
    private final int access;
    private int count;

    SaveHelpers(ClassNode owner, String resumeName, int access) {
        this.owner = owner;
        this.resumeName = resumeName;
        this.access = access;
    }

    /** Loads {@code values} (locals) and the frame, and calls a new helper that stores them; adds the helper. */
    InsnList save(List<SavedValue> values, int frameSlot) {
        StringBuilder desc = new StringBuilder("(");
        InsnList call = new InsnList();
        MethodNode helper = new MethodNode(Opcodes.ASM9, access, freeName(), null, null, null);
        int frameArgument = 0;
        for (SavedValue v : values) {
            desc.append(v.kind.descriptor);
            call.add(new VarInsnNode(v.kind.loadOpcode, v.local));
            frameArgument += v.kind.size();
        }
        int argument = 0;
        for (SavedValue v : values) {
            helper.instructions.add(v.inLocal(argument).saveLocal(frameArgument));
            argument += v.kind.size();
        }
        helper.desc = desc.append(Names.FRAME_DESC).append(")V").toString();
        helper.instructions.add(new InsnNode(Opcodes.RETURN));
        helper.maxLocals = frameArgument + 1;
        helper.maxStack = 4;
        call.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, helper.name, helper.desc,
                (owner.access & Opcodes.ACC_INTERFACE) != 0));
        owner.methods.add(helper);
        return call;
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
