package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Gives one changed method its stack map frames and max stack and locals, alone: a {@link ClassWriter} computes
 * frames for every method it writes, and the methods the rewrite did not touch must keep javac's (their merges may
 * need classes the hierarchy cannot read). The method is written into a scratch class with only itself and read
 * back, frames and all.
 */
final class MethodFrames {
    private MethodFrames() {
    }

    /**
     * The method with frames: computed when it has none (new code), kept when it still carries javac's (an await
     * replaced in place). Throws {@link org.objectweb.asm.MethodTooLargeException} past the JVM's code limit and
     * {@link UnreadableTypeException} when a merge needs a class that cannot be read.
     */
    static MethodNode of(ClassNode owner, MethodNode method, ClassHierarchy hierarchy) {
        boolean computeFrames = !hasFrames(method) && (owner.version & 0xFFFF) >= Opcodes.V1_6;
        ClassWriter scratch = new HierarchyClassWriter(
                computeFrames ? ClassWriter.COMPUTE_FRAMES : ClassWriter.COMPUTE_MAXS, hierarchy);
        scratch.visit(owner.version, owner.access, owner.name, null, owner.superName,
                owner.interfaces.toArray(new String[0]));
        method.accept(scratch);
        scratch.visitEnd();
        ClassNode written = new ClassNode();
        new ClassReader(scratch.toByteArray()).accept(written, 0);
        return written.methods.get(0);
    }

    private static boolean hasFrames(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof FrameNode) {
                return true;
            }
        }
        return false;
    }
}
