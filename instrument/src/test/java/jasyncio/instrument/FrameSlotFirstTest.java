package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /** Methods whose frame moves to slot 0 although their prologue is not the usual {@code ALOAD 0, DUP, ASTORE}. */
    private static final String UNUSUAL_PROLOGUES = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Prologues {
                static Coroutine<Integer> twice(int x) {
                    return Coroutine.completed(x * 2);
                }

                @Async
                public static Coroutine<Integer> noAwait(CompletionStage<Integer> v, int a, int b, int c) {
                    if (a > 0) {
                        return twice(a);
                    }
                    if (b > 0) {
                        return twice(b);
                    }
                    if (c > 0) {
                        return twice(c);
                    }
                    return twice(a + b + c);
                }

                @Async
                public static Coroutine<Integer> overload(CompletionStage<Integer> v, int a, int b, int c) {
                    int d = a + await(v);
                    int e = b + await(v);
                    return Coroutine.completed(a + b + c + d + e);
                }

                @Async
                public static Coroutine<Integer> overload(CompletionStage<Integer> v, int a, int b, int c, int f) {
                    int d = a + await(v);
                    int e = b + await(v);
                    return Coroutine.completed(a + b + c + d + e + f);
                }
            }
            """;

    /** The slots the frame is loaded from for the awaits: {@code ALOAD n} right before the label's push. */
    private static Set<Integer> frameSlotsAtAwaits(MethodNode resume) {
        Set<Integer> slots = new HashSet<>();
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn instanceof MethodInsnNode call && call.name.startsWith("await") && call.owner.equals(Names.FRAME)) {
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
    void aMethodWithoutAwaitsDropsItsFramesCopyToo() throws Exception {
        // No label to jump on: the prologue is ALOAD 0, ASTORE <frame>, which becomes nothing once the frame is in 0.
        CompiledSources sources = CompiledSources.compile(UNUSUAL_PROLOGUES);
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Prologues"), "noAwait", RESUME_DESC);
        assertEquals(1, slotOf(resume, "v"));
        List<String> code = Insns.of(resume.instructions);
        assertNotEquals(List.of("ALOAD 0", "ASTORE 0"), code.subList(0, 2));
        CompletableFuture<Integer> ten = CompletableFuture.completedFuture(10);
        assertEquals("returned 4", sources.assertRunsLikeTheOriginal("demo.Prologues", "noAwait", ten, 0, 2, 3));
        assertEquals("returned -10", sources.assertRunsLikeTheOriginal("demo.Prologues", "noAwait", ten, 0, 0, -5));
    }

    @Test
    void aFrameParameterOfAnotherTypeKeepsItsCheckedStoreWhenTheFrameMovesToSlotZero() throws Exception {
        // The second overload's resume method takes the frame as a Coroutine: ALOAD 0, CHECKCAST, DUP, ASTORE.
        CompiledSources sources = CompiledSources.compile(UNUSUAL_PROLOGUES);
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Prologues"), "overload",
                "(Ljasyncio/Coroutine;)Ljava/lang/Object;");
        assertEquals(Set.of(0), frameSlotsAtAwaits(resume));
        assertEquals(List.of("ALOAD 0", "CHECKCAST jasyncio/internal/Frame"), Insns.of(resume.instructions).subList(0, 2));
        CompletableFuture<Integer> ten = CompletableFuture.completedFuture(10);
        assertEquals("returned 33", sources.assertRunsLikeTheOriginal("demo.Prologues", "overload", ten, 1, 2, 3, 4));
    }

    @Test
    void aMethodWhoseFrameHasAOneByteSlotAlreadyKeepsItsNumbering() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Slots"), "oneLocal", RESUME_DESC);
        assertEquals(Set.of(1), frameSlotsAtAwaits(resume));
        assertEquals(0, slotOf(resume, "v"));
        assertEquals(Opcodes.ALOAD, resume.instructions.getFirst().getOpcode());
    }

    /**
     * The move is made only where it makes the method shorter, each load, store and {@code iinc} counted as the
     * JVM encodes it: one byte for slots 0 to 3, two up to 255, four ({@code wide}) past it; an {@code iinc}
     * three bytes, six past slot 255 or for an increment beyond a byte. Hand-built resume methods: the prologue's
     * copy of the frame parameter, then loads of the frame and of the method's last own local.
     */
    @Nested
    class TheMoveIsWeighedInBytes {
        /**
         * Applies the pass to a method with {@code ownLocals} own locals (the frame in the slot above them, no
         * marker local), the frame loaded {@code frameLoads} times, then {@code tail}; returns the code after.
         */
        private List<String> apply(int ownLocals, int frameLoads, List<AbstractInsnNode> tail) {
            MethodNode resume = new MethodNode(Opcodes.ASM9, Opcodes.ACC_STATIC, "m", RESUME_DESC, null, null);
            int frame = ownLocals;
            resume.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
            resume.instructions.add(new VarInsnNode(Opcodes.ASTORE, frame));
            for (int i = 0; i < frameLoads; i++) {
                resume.instructions.add(new VarInsnNode(Opcodes.ALOAD, frame));
            }
            tail.forEach(resume.instructions::add);
            FrameSlotFirst.apply(resume, new ResumeLocals(frame, frame + 1, -1));
            return Insns.of(resume.instructions);
        }

        private List<AbstractInsnNode> loads(int slot, int count) {
            List<AbstractInsnNode> code = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                code.add(new VarInsnNode(Opcodes.ILOAD, slot));
            }
            return code;
        }

        @Test
        void aFrameInSlot4MovesWhenItsLoadsSaveMoreThanSlot3sCost() {
            // Frame 4 -> 0: its copy goes and each load saves a byte; local 3 -> 4 costs a byte a load.
            assertEquals(List.of("ALOAD 0", "ALOAD 0", "ILOAD 4", "ILOAD 4"), apply(4, 2, loads(3, 2)));
            assertEquals(List.of("ALOAD 0", "ASTORE 4", "ALOAD 4", "ALOAD 4", "ILOAD 3", "ILOAD 3", "ILOAD 3"),
                    apply(4, 2, loads(3, 3)), "three bytes saved (the copy's and two loads'), three lost: no move");
        }

        @Test
        void aFrameInSlot256MovesWhenItsWidePrefixesSaveMoreThanSlot255sCost() {
            // Frame 256 -> 0 saves three bytes a use (the copy's); local 255 -> 256 costs two a load.
            assertEquals(List.of("ILOAD 256"), apply(256, 0, loads(255, 1)));
            assertEquals(List.of("ALOAD 0", "ASTORE 256", "ILOAD 255", "ILOAD 255"), apply(256, 0, loads(255, 2)));
        }

        @Test
        void anIincPastSlot255CostsThreeBytesMore() {
            assertEquals(List.of("ALOAD 0", "ASTORE 256", "IINC 255 1"),
                    apply(256, 0, List.of(new IincInsnNode(255, 1))), "three bytes saved, three lost");
            assertEquals(List.of("ALOAD 0", "IINC 256 1"), apply(256, 1, List.of(new IincInsnNode(255, 1))));
        }

        @Test
        void anIincBeyondAByteIsWideWhereverItIs() {
            assertEquals(List.of("IINC 256 1000"), apply(256, 0, List.of(new IincInsnNode(255, 1000))),
                    "six bytes before the move and after it, and the copy's three saved");
        }
    }
}
