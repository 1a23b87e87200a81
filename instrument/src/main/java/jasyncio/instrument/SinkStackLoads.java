package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves the loads of locals and the constants pushed just below an awaitable to just after the await, the
 * await's result then swapped back on top: {@code a + await(x)} becomes {@code await(x)}, then {@code a}, then the
 * add. A suspension there has nothing on the stack to save, a resume nothing to push again. The value is the same:
 * the local is not written between where it was loaded and the await (a load is moved only then), and loading
 * it or a constant has no effect of its own. Up to two words move, what one {@code swap} or {@code dup2_x1; pop2}
 * can get the result back above.
 */
final class SinkStackLoads {
    private static final Set<Integer> STACK_SHUFFLES = Set.of(Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2,
            Opcodes.DUP2, Opcodes.DUP2_X1, Opcodes.DUP2_X2, Opcodes.SWAP);
    /** The deepest a stack shuffle reads: {@code dup2_x2} four values down. */
    private static final int SHUFFLE_DEPTH = 4;

    private SinkStackLoads() {
    }

    static void apply(String owner, MethodNode method, List<MethodInsnNode> awaits) throws AnalyzerException {
        if (awaits.isEmpty()) {
            return;
        }
        StackOrigins origins = StackOrigins.of(owner, method);
        if (!origins.stackBelowAny(awaits)) {
            return;
        }
        Map<MethodInsnNode, List<AbstractInsnNode>> runs = new HashMap<>();
        Set<AbstractInsnNode> moving = new HashSet<>();
        for (MethodInsnNode await : awaits) {
            List<AbstractInsnNode> run = movableRun(await, origins);
            if (!run.isEmpty() && Collections.disjoint(run, moving)) {
                runs.put(await, run);
                moving.addAll(run);
            }
        }
        // dup2_x1 briefly holds two words more than the stack ever did.
        method.maxStack += runs.isEmpty() ? 0 : 2;
        runs.forEach((await, run) -> {
            InsnList after = new InsnList();
            int words = 0;
            for (AbstractInsnNode producer : run) {
                after.add(producer.clone(Map.of()));
                words += StackOrigins.words(producer);
                method.instructions.remove(producer);
            }
            if (words == 1) {
                after.add(new InsnNode(Opcodes.SWAP));
            } else {
                after.add(new InsnNode(Opcodes.DUP2_X1));
                after.add(new InsnNode(Opcodes.POP2));
            }
            method.instructions.insert(await, after);
        });
    }

    /** The producers of the stack entries right below the awaitable that can move, bottom first, two words at most. */
    private static List<AbstractInsnNode> movableRun(MethodInsnNode await, StackOrigins origins) {
        List<AbstractInsnNode> run = new ArrayList<>();
        int words = 0;
        for (int i = origins.stackSize(await) - 2; i >= 0; i--) {
            AbstractInsnNode producer = origins.producer(await, i);
            if (producer == null || !origins.pushesAgain(producer, await)
                    || shuffledBetween(producer, await, i, origins)) {
                break;
            }
            words += StackOrigins.words(producer);
            if (words > 2) {
                break;
            }
            run.add(0, producer);
        }
        return run;
    }

    /** True when a {@code dup} or {@code swap} between may have read stack entry {@code i} (and still left it there). */
    private static boolean shuffledBetween(AbstractInsnNode from, AbstractInsnNode to, int i, StackOrigins origins) {
        for (AbstractInsnNode insn = from.getNext(); insn != to; insn = insn.getNext()) {
            if (STACK_SHUFFLES.contains(insn.getOpcode()) && origins.stackSize(insn) - SHUFFLE_DEPTH <= i) {
                return true;
            }
        }
        return false;
    }
}
