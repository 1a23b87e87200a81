package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a rewritten class from its original bytes: every method the rewrite did not touch is copied byte for
 * byte, code and stack map frames as javac wrote them (ASM copies a method whole when the writer shares the
 * reader's constant pool); the changed methods, and the methods the rewrite added, come from the tree as they
 * are (their frames already computed by {@link MethodFrames}); the class gets the {@code Rewritten} marker.
 * Everything else about the class (its attributes, inner classes, nest) is written as the original has it: the
 * rewrite adds methods, nothing more.
 */
final class PatchedClassWriter {
    private PatchedClassWriter() {
    }

    /**
     * @param changed the methods to write from the tree instead of copying them, by name and descriptor
     * @param added   the methods the rewrite added to the class, in order
     */
    static byte[] write(ClassReader original, Map<String, MethodNode> changed, List<MethodNode> added,
                        String markerDesc) {
        ClassWriter writer = new ClassWriter(original, 0);
        Map<String, MethodNode> pending = new HashMap<>(changed);
        original.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodNode replacement = pending.remove(name + descriptor);
                if (replacement == null) {
                    return super.visitMethod(access, name, descriptor, signature, exceptions);
                }
                replacement.accept(cv);
                return null;
            }

            @Override
            public void visitEnd() {
                if (!pending.isEmpty()) {
                    throw new IllegalStateException("changed methods missing from the class: " + pending.keySet());
                }
                for (MethodNode method : added) {
                    method.accept(cv);
                }
                cv.visitAnnotation(markerDesc, false).visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }
}
