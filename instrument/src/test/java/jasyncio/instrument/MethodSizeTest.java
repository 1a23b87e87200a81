package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The length of a method's code as the class file will hold it. */
class MethodSizeTest {
    private static MethodNode withNops(int nops) {
        MethodNode method = new MethodNode(Opcodes.ACC_STATIC, "m", "()V", null, null);
        for (int i = 0; i < nops; i++) {
            method.instructions.add(new InsnNode(Opcodes.NOP));
        }
        method.instructions.add(new InsnNode(Opcodes.RETURN));
        return method;
    }

    @Test
    void aMethodIsAsLongAsItsInstructions() {
        assertEquals(8_000, MethodSize.of(withNops(7_999)));
    }

    @Test
    void aMethodPastTheClassFilesLimitHasNoLength() {
        assertEquals(Integer.MAX_VALUE, MethodSize.of(withNops(65_535)));
    }

    @Test
    void anAbstractMethodWithExceptionsAndASignatureHasNoCode() {
        MethodNode method = new MethodNode(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "m", "()Ljava/util/List;",
                "()Ljava/util/List<Ljava/lang/String;>;", new String[] {"java/io/IOException"});
        method.visitAnnotation("Ljava/lang/Deprecated;", true);
        assertEquals(0, MethodSize.of(method));
    }
}
