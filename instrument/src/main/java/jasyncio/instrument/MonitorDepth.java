package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * How many monitors ({@code synchronized} blocks) are held before each instruction. A coroutine must not
 * suspend while holding one: the monitor belongs to the thread, and the loop's thread runs other tasks.
 */
final class MonitorDepth {
    private MonitorDepth() {
    }

    static int[] of(InsnList instructions, FlowAnalysis<?> flow) {
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
            for (int s : flow.exceptionSuccessors.get(i)) {
                propagate(depth, work, s, depth[i]);
            }
        }
        return depth;
    }

    private static void propagate(int[] depth, ArrayDeque<Integer> work, int insn, int value) {
        if (value > depth[insn]) {
            depth[insn] = value;
            work.add(insn);
        }
    }
}
