package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a debugger sees of the code the rewrite adds. JDWP ends a line step at the first instruction of the same
 * frame whose line differs from the line it started on, and stops a breakpoint at every line-table entry of its
 * line: so the code a suspending await runs in the resume method, up to its {@code areturn}, carries the await's
 * line ("step over" a suspending await leaves the method), and the code a resume runs before it is back at its
 * await carries none (a breakpoint on another line never stops there).
 */
class SuspensionLinesTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";

    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Lines {
                @Async
                public static Coroutine<Integer> severalLines(CompletionStage<Integer> v, int a, long b) {
                    int x = a + 1;
                    int y = await(v);
                    long z = b + y;
                    int w = await(v);
                    String s = "s" + w;
                    int u = x + await(v);
                    for (int i = 0; i < a; i++) {
                        u += await(v);
                    }
                    return Coroutine.completed((int) (x + y + z + w + u + s.length()));
                }
            }
            """;

    private final MethodNode resume;

    SuspensionLinesTest() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        resume = method(sources.rewriteAndVerify("demo/Lines"), "severalLines", RESUME_DESC);
        assertEquals("returned 48", sources.assertRunsLikeTheOriginal("demo.Lines", "severalLines",
                CompletableFuture.completedFuture(5), 2, 10L));
    }

    @Nested
    class SuspendingAnAwait {
        @Test
        void everyInstructionFromTheAwaitToTheReturnCarriesTheAwaitsLine() {
            List<MethodInsnNode> awaits = frameAwaits(resume.instructions);
            assertEquals(4, awaits.size());
            Set<Integer> awaitLines = new TreeSet<>();
            for (MethodInsnNode await : awaits) {
                int line = lineAt(await);
                awaitLines.add(line);
                List<AbstractInsnNode> path = suspendedPath(await);
                assertTrue(path.stream().anyMatch(i -> i.getOpcode() == Opcodes.ARETURN),
                        "the SUSPENDED branch of the await on line " + line + " returns");
                for (AbstractInsnNode insn : path) {
                    assertEquals(line, lineAt(insn), "line of " + Insns.text(insn) + " after the await on line "
                            + line);
                }
            }
            assertEquals(4, awaitLines.size(), "awaits on four lines: " + awaitLines);
        }
    }

    @Nested
    class ResumingAnAwait {
        @Test
        void theCodeFromTheRestoreToTheAwaitCarriesNoOtherLine() {
            List<MethodInsnNode> awaits = frameCalls(resume.instructions, "resumeAt");
            assertTrue(!awaits.isEmpty(), "a resume takes its value with a call of its own");
            Set<Integer> awaitLines = new TreeSet<>();
            awaits.forEach(a -> awaitLines.add(lineAt(a)));
            List<AbstractInsnNode> reads = new ArrayList<>();
            for (AbstractInsnNode insn : resume.instructions) {
                if (insn instanceof MethodInsnNode m && m.owner.equals(Names.FRAME) && m.name.startsWith("next")) {
                    reads.add(insn);
                }
            }
            assertTrue(!reads.isEmpty(), "the resume restores saved values");
            for (AbstractInsnNode read : reads) {
                for (AbstractInsnNode insn : reachable(read, new HashSet<>(awaits))) {
                    if (insn.getOpcode() < 0) {
                        continue;
                    }
                    int line = lineAt(insn);
                    assertTrue(line == -1 || awaitLines.contains(line), "a resume passes line " + line
                            + " (" + Insns.text(insn) + ") before its await, on one of " + awaitLines);
                }
            }
        }
    }

    /** The await calls: {@code awaitAt} with a suspension per await, {@code await} with shared save code. */
    private static List<MethodInsnNode> frameAwaits(InsnList code) {
        List<MethodInsnNode> awaits = new ArrayList<>(frameCalls(code, "awaitAt"));
        awaits.addAll(frameCalls(code, "await"));
        return awaits;
    }

    /** The calls of the {@code Frame} method {@code name} in {@code code}. */
    private static List<MethodInsnNode> frameCalls(InsnList code, String name) {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode insn : code) {
            if (insn instanceof MethodInsnNode m && m.owner.equals(Names.FRAME) && m.name.equals(name)) {
                calls.add(m);
            }
        }
        return calls;
    }

    /** The line a debugger reports at {@code insn}: the last line entry before it in the code. */
    private static int lineAt(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return -1;
    }

    /**
     * The instructions the await runs when it returns SUSPENDED: from its test of the result ({@code dup},
     * the marker, {@code if_acmpeq} or {@code if_acmpne}) on, the taken or the untaken branch.
     */
    private static List<AbstractInsnNode> suspendedPath(MethodInsnNode await) {
        AbstractInsnNode test = await.getNext();
        while (test.getOpcode() != Opcodes.IF_ACMPEQ && test.getOpcode() != Opcodes.IF_ACMPNE) {
            test = test.getNext();
        }
        JumpInsnNode jump = (JumpInsnNode) test;
        AbstractInsnNode start = jump.getOpcode() == Opcodes.IF_ACMPEQ ? jump.label : jump.getNext();
        List<AbstractInsnNode> path = new ArrayList<>(reachable(start, Set.of()));
        path.removeIf(i -> i.getOpcode() < 0);
        return path;
    }

    /** The instructions reachable from {@code start} within the method, not going past {@code stops}. */
    private static Set<AbstractInsnNode> reachable(AbstractInsnNode start, Set<AbstractInsnNode> stops) {
        Set<AbstractInsnNode> seen = new HashSet<>();
        Deque<AbstractInsnNode> work = new ArrayDeque<>(List.of(start));
        while (!work.isEmpty()) {
            AbstractInsnNode insn = work.pop();
            if (insn == null || stops.contains(insn) || !seen.add(insn)) {
                continue;
            }
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode j) {
                work.push(j.label);
            } else if (insn instanceof TableSwitchInsnNode t) {
                work.push(t.dflt);
                work.addAll(t.labels);
            } else if (insn instanceof LookupSwitchInsnNode l) {
                work.push(l.dflt);
                work.addAll(l.labels);
            }
            boolean ends = op == Opcodes.GOTO || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                    || op == Opcodes.ATHROW || op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH;
            if (!ends) {
                work.push(insn.getNext());
            }
        }
        return seen;
    }
}
