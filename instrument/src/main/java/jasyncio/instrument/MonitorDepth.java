package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many monitors ({@code synchronized} blocks) are held before each instruction. A coroutine must not
 * suspend while holding one: the monitor belongs to the thread, and the loop's thread runs other tasks.
 *
 * <p>An exception leaves an instruction for the first handler of the table that covers it and catches
 * everything: javac's monitor-releasing handler of a {@code synchronized} block. Handlers listed after it
 * (an enclosing {@code catch}) are only reached once the monitor is released, so the depth is not carried
 * to them from inside the block.
 */
final class MonitorDepth {
    private MonitorDepth() {
    }

    static int[] of(MethodNode method, FlowAnalysis<?> flow) {
        InsnList instructions = method.instructions;
        int[] depth = new int[instructions.size()];
        Arrays.fill(depth, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int opcode = instructions.get(i).getOpcode();
            int after = depth[i] + (opcode == Opcodes.MONITORENTER ? 1 : opcode == Opcodes.MONITOREXIT ? -1 : 0);
            for (int s : flow.successors.get(i)) {
                propagate(depth, work, s, after);
            }
            for (int handler : reachableHandlers(method, i)) {
                propagate(depth, work, handler, depth[i]);
            }
        }
        return depth;
    }

    /** The handlers an exception at {@code insn} can reach: in table order, up to the first catch-all. */
    private static List<Integer> reachableHandlers(MethodNode method, int insn) {
        List<Integer> handlers = new ArrayList<>(2);
        InsnList code = method.instructions;
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (code.indexOf(block.start) <= insn && insn < code.indexOf(block.end)) {
                handlers.add(code.indexOf(block.handler));
                if (block.type == null) {
                    break;
                }
            }
        }
        return handlers;
    }

    private static void propagate(int[] depth, ArrayDeque<Integer> work, int insn, int value) {
        if (value > depth[insn]) {
            depth[insn] = value;
            work.add(insn);
        }
    }
}
