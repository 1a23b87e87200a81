package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The frame of a resume method takes slot 0 (a one-byte load at every await) when that makes the method
 * shorter, the method's own locals moving up with their names; where the frame's slot is one-byte already, nothing
 * moves.
 */
class FrameSlotFirstTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Slots {
                @Async
                public static Coroutine<Integer> manyLocals(CompletionStage<Integer> v, int a, int b, int c) {
                    int d = a + await(v);
                    int e = b + await(v);
                    int f = c + await(v);
                    return Coroutine.completed(a + b + c + d + e + f);
                }

                @Async
                public static Coroutine<Integer> oneLocal(CompletionStage<Integer> v) {
                    return Coroutine.completed(await(v) + 1);
                }
            }
            """;

    /** The slots the frame is loaded from for the awaits: {@code ALOAD n} right before the label's push. */
    private static Set<Integer> frameSlotsAtAwaits(MethodNode resume) {
        Set<Integer> slots = new HashSet<>();
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn instanceof MethodInsnNode call && call.name.equals("await") && call.owner.equals(Names.FRAME)) {
                slots.add(((VarInsnNode) insn.getPrevious().getPrevious()).var);
            }
        }
        return slots;
    }

    private static int slotOf(MethodNode resume, String name) {
        return resume.localVariables.stream().filter(v -> v.name.equals(name)).mapToInt(v -> v.index)
                .distinct().reduce((x, y) -> { throw new AssertionError(name + " in two slots"); }).orElseThrow();
    }

    @Test
    void aMethodWithItsFrameAboveTheOneByteSlotsTakesSlotZeroAndMovesItsLocalsUp() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Slots"), "manyLocals", RESUME_DESC);
        assertEquals(Set.of(0), frameSlotsAtAwaits(resume));
        // Parameters v, a, b, c were slots 0 to 3; the frame's move shifts them by one, names with them.
        assertEquals(1, slotOf(resume, "v"));
        assertEquals(4, slotOf(resume, "c"));
        for (LocalVariableNode variable : resume.localVariables) {
            assertNotEquals(0, variable.index, variable.name + " shares the frame's slot");
        }
        CompletableFuture<Integer> ten = CompletableFuture.completedFuture(10);
        assertEquals("returned 42", sources.assertRunsLikeTheOriginal("demo.Slots", "manyLocals", ten, 1, 2, 3));
    }

    @Test
    void theEntryMethodKeepsItsParametersSlotsInItsVariableTable() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        MethodNode entry = CompiledSources.method(sources.rewriteAndVerify("demo/Slots"), "manyLocals",
                "(Ljava/util/concurrent/CompletionStage;III)Ljasyncio/Coroutine;");
        assertEquals(0, slotOf(entry, "v"));
        assertEquals(3, slotOf(entry, "c"));
    }

    @Test
    void aMethodWhoseFrameHasAOneByteSlotAlreadyKeepsItsNumbering() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Slots"), "oneLocal", RESUME_DESC);
        assertEquals(Set.of(1), frameSlotsAtAwaits(resume));
        assertEquals(0, slotOf(resume, "v"));
        assertEquals(Opcodes.ALOAD, resume.instructions.getFirst().getOpcode());
    }
}
