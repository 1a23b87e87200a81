package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The instructions the passes emit, built by what they do (in the manner of ASM's {@code GeneratorAdapter}, but
 * as tree nodes, since the passes splice code into a method's {@code InsnList}). Every call into the runtime goes
 * through here with the owner, names and descriptors of {@link Names}: none is spelt in a pass.
 */
final class Emit {
    private Emit() {
    }

    /** An instruction without operands: {@code dup}, {@code pop}, {@code swap}, {@code areturn}, ... */
    static InsnNode op(int opcode) {
        return new InsnNode(opcode);
    }

    /** Pushes {@code value} with the shortest instruction: {@code iconst_*}, {@code bipush}, {@code sipush}, {@code ldc}. */
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

    static LdcInsnNode push(String value) {
        return new LdcInsnNode(value);
    }

    /** Loads local {@code slot}, saved as {@code kind}. */
    static VarInsnNode load(SavedValue.Kind kind, int slot) {
        return new VarInsnNode(kind.loadOpcode, slot);
    }

    static VarInsnNode store(SavedValue.Kind kind, int slot) {
        return new VarInsnNode(kind.storeOpcode(), slot);
    }

    /** Loads local {@code slot} holding a value of {@code type} (any sort: a boolean is loaded as an int). */
    static VarInsnNode load(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ILOAD), slot);
    }

    static VarInsnNode store(Type type, int slot) {
        return new VarInsnNode(type.getOpcode(Opcodes.ISTORE), slot);
    }

    static JumpInsnNode jump(int opcode, LabelNode target) {
        return new JumpInsnNode(opcode, target);
    }

    static JumpInsnNode jump(LabelNode target) {
        return jump(Opcodes.GOTO, target);
    }

    /** {@code new} of the class {@code internalName}, not yet initialised. */
    static TypeInsnNode newObject(String internalName) {
        return new TypeInsnNode(Opcodes.NEW, internalName);
    }

    static TypeInsnNode checkcast(String internalName) {
        return new TypeInsnNode(Opcodes.CHECKCAST, internalName);
    }

    /** {@code throw new type(message)}, {@code type} being an exception with a {@code (String)} constructor. */
    static InsnList throwNew(String type, String message) {
        InsnList code = new InsnList();
        code.add(newObject(type));
        code.add(op(Opcodes.DUP));
        code.add(push(message));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, type, Names.CONSTRUCTOR, Names.STRING_CONSTRUCTOR_DESC,
                false));
        code.add(op(Opcodes.ATHROW));
        return code;
    }

    /** Calls one of the runtime's {@code Frame} static methods. */
    static MethodInsnNode callFrame(Names.FrameMethod method) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, method.name(), method.desc(), false);
    }

    /** Calls a static method the rewrite added to {@code owner} (a save helper), in a class or an interface. */
    static MethodInsnNode callOwn(ClassNode owner, MethodNode method) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, method.name, method.desc,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
    }

    /** Pushes {@code Coroutine.completed()}: what a void body's {@code return} gives as a coroutine. */
    static MethodInsnNode completedVoid() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Names.COROUTINE, Names.COMPLETED, Names.COMPLETED_VOID_DESC, false);
    }

    /** Hands the coroutine on the stack to jasyncio-test's extension, which runs it on the test's loop. */
    static MethodInsnNode handOffTest() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Names.TEST_HAND_OFF_OWNER, Names.TEST_HAND_OFF,
                Names.TEST_HAND_OFF_DESC, false);
    }

    /** Calls {@code Frame}'s constructor, the {@code MethodInfo} on the stack. */
    static MethodInsnNode initFrame() {
        return new MethodInsnNode(Opcodes.INVOKESPECIAL, Names.FRAME, Names.CONSTRUCTOR, Names.FRAME_INIT_DESC, false);
    }

    /** Pushes {@link Names#SUSPENDED}, the marker a suspending body returns and a resumed one awaits. */
    static FieldInsnNode suspendedMarker() {
        return new FieldInsnNode(Opcodes.GETSTATIC, Names.FRAME, Names.SUSPENDED, Names.MARKER_DESC);
    }

    /** Reads ({@code GETFIELD}) or writes ({@code PUTFIELD}) the label of the frame on the stack. */
    static FieldInsnNode frameLabel(int opcode) {
        return new FieldInsnNode(opcode, Names.FRAME, Names.FRAME_LABEL, Names.FRAME_LABEL_DESC);
    }
}
