package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/** The bytecode length of a method as it will be written: what HotSpot compares with its JIT limit. */
final class MethodSize {
    /** HotSpot never compiles a longer method ({@code HugeMethodLimit}, with {@code DontCompileHugeMethods} on). */
    static final int JIT_LIMIT = 8000;

    private MethodSize() {
    }

    /** The length of {@code method}'s code, or {@link Integer#MAX_VALUE} past the class file's 65,535 bytes. */
    static int of(MethodNode method) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Sized", null, "java/lang/Object", null);
        method.accept(writer);
        writer.visitEnd();
        byte[] classFile;
        try {
            classFile = writer.toByteArray();
        } catch (MethodTooLargeException e) {
            return Integer.MAX_VALUE;
        }
        // The class has no interfaces, no fields and this one method: its attributes follow its name and descriptor.
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        int attribute = reader.header + 6 + 2 + 2 + 2 + 8;
        for (int attributes = reader.readUnsignedShort(attribute - 2); attributes > 0; attributes--) {
            if (reader.readUTF8(attribute, buffer).equals("Code")) {
                return reader.readInt(attribute + 10);
            }
            attribute += 6 + reader.readInt(attribute + 2);
        }
        return 0;
    }
}
