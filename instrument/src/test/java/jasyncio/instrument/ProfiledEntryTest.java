package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resume method whose resume path enters a loop jumps on label 0 with a {@code lookupswitch}, which HotSpot's C2
 * compiles to the cases its profile saw, however few the calls: a method called a few times whose loop runs long
 * is then compiled without its resume path, so its loop keeps one entry and C2 optimises it. Elsewhere, and where
 * the method is too long to spend the bytes, it stays an {@code ifeq}.
 */
class ProfiledEntryTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";

    private static String source() {
        StringBuilder dense = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            dense.append("                l").append(i % 12).append(" += await(v) + l").append((i * 7 + 3) % 12)
                    .append(";\n");
        }
        StringBuilder locals = new StringBuilder();
        StringBuilder sum = new StringBuilder("0L");
        for (int i = 0; i < 12; i++) {
            locals.append("        long l").append(i).append(" = ").append(i).append(";\n");
            sum.append(" + l").append(i);
        }
        return """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Entries {
                    @Async
                    public static Coroutine<Integer> loop(CompletionStage<Integer> v, int n) {
                        int sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += await(v);
                        }
                        return Coroutine.completed(sum);
                    }

                    @Async
                    public static Coroutine<Integer> straight(CompletionStage<Integer> v, int n) {
                        int a = await(v);
                        while (n > 0) {
                            n--;
                        }
                        return Coroutine.completed(a + await(v) + n);
                    }

                    @Async
                    public static Coroutine<Long> denseLoop(CompletionStage<Long> v, int n) {
                """ + locals + """
                        for (int k = 0; k < n; k++) {
                """ + dense + """
                        }
                        return Coroutine.completed(""" + sum + """
                );
                    }
                }
                """;
    }

    /** The opcode of the resume method's first jump: the prologue's, on label 0. */
    private static int entryJump(MethodNode resume) {
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn instanceof JumpInsnNode || insn instanceof LookupSwitchInsnNode) {
                return insn.getOpcode();
            }
        }
        throw new AssertionError("no jump in " + resume.name);
    }

    @Test
    void aResumeEnteringALoopJumpsOnLabelZeroWithASwitchAndRunsLikeTheOriginal() throws Exception {
        CompiledSources sources = CompiledSources.compile(source());
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Entries"), "loop", RESUME_DESC);
        assertEquals(Opcodes.LOOKUPSWITCH, entryJump(resume));
        CompletableFuture<Integer> seven = CompletableFuture.completedFuture(7);
        assertEquals("returned 35", sources.assertRunsLikeTheOriginal("demo.Entries", "loop", seven, 5));
        assertEquals("returned 0", sources.assertRunsLikeTheOriginal("demo.Entries", "loop", seven, 0));
    }

    @Test
    void aMethodWhoseLoopsHoldNoAwaitKeepsTheShorterConditionalJump() throws Exception {
        CompiledSources sources = CompiledSources.compile(source());
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Entries"), "straight", RESUME_DESC);
        assertEquals(Opcodes.IFEQ, entryJump(resume));
        CompletableFuture<Integer> seven = CompletableFuture.completedFuture(7);
        assertEquals("returned 14", sources.assertRunsLikeTheOriginal("demo.Entries", "straight", seven, 3));
    }

    @Test
    void aMethodTooLongForASavePerAwaitSpendsNoBytesOnTheSwitch() throws Exception {
        CompiledSources sources = CompiledSources.compile(source());
        MethodNode resume = CompiledSources.method(sources.rewriteAndVerify("demo/Entries"), "denseLoop",
                "(Ljasyncio/internal/Frame;)Ljava/lang/Object;");
        assertTrue(MethodSize.of(resume) > 4_000, "not the large method meant: " + MethodSize.of(resume));
        assertEquals(Opcodes.IFEQ, entryJump(resume));
        CompletableFuture<Long> one = CompletableFuture.completedFuture(1L);
        sources.assertRunsLikeTheOriginal("demo.Entries", "denseLoop", one, 2);
    }
}
