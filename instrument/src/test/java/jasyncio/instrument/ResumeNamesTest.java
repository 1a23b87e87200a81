package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeNamesTest {
    private static final String FRAME_RESUME = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";

    private static ClassNode classWith(String... nameAndDescs) {
        ClassNode owner = new ClassNode();
        owner.name = "demo/Shop";
        for (int i = 0; i < nameAndDescs.length; i += 2) {
            owner.methods.add(new MethodNode(Opcodes.ASM9, Opcodes.ACC_PUBLIC, nameAndDescs[i], nameAndDescs[i + 1],
                    null, null));
        }
        return owner;
    }

    @Test
    void theResumeMethodKeepsTheNameAndTakesTheFrame() {
        ResumeNames names = new ResumeNames(classWith("order", "(I)Ljasyncio/Coroutine;"));
        assertArrayEquals(new String[] {"order", FRAME_RESUME}, names.pick("order"));
    }

    @Test
    void overloadsGetDistinctDescriptors() {
        ResumeNames names = new ResumeNames(classWith(
                "order", "(I)Ljasyncio/Coroutine;", "order", "(J)Ljasyncio/Coroutine;", "order", "()Ljasyncio/Coroutine;"));
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String[] pick = names.pick("order");
            assertEquals("order", pick[0]);
            assertTrue(picked.add(pick[1]), "picked twice: " + pick[1]);
        }
    }

    @Test
    void anExistingMethodWithTheCandidateDescriptorIsAvoided() {
        ResumeNames names = new ResumeNames(classWith("order", FRAME_RESUME));
        assertArrayEquals(new String[] {"order", "(Ljasyncio/Coroutine;)Ljava/lang/Object;"}, names.pick("order"));
    }

    @Test
    void whenEveryParameterTypeIsTakenTheNameChanges() {
        ResumeNames names = new ResumeNames(classWith(
                "order", FRAME_RESUME,
                "order", "(Ljasyncio/Coroutine;)Ljava/lang/Object;",
                "order", "(Ljasyncio/Awaitable;)Ljava/lang/Object;",
                "order", "(Ljava/lang/Object;)Ljava/lang/Object;"));
        assertArrayEquals(new String[] {"order$async1", FRAME_RESUME}, names.pick("order"));
    }

    @Test
    void differentMethodsDoNotCompeteForNames() {
        ResumeNames names = new ResumeNames(classWith());
        assertArrayEquals(new String[] {"a", FRAME_RESUME}, names.pick("a"));
        assertArrayEquals(new String[] {"b", FRAME_RESUME}, names.pick("b"));
    }
}
