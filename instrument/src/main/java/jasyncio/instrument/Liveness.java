package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Which local variables may still be read after each instruction: only those are saved at a suspension.
 * Classic backward data flow; along an exception edge a local the instruction writes is not killed, since
 * the handler may run before the write.
 */
final class Liveness {
    private final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn) {
        this.liveIn = liveIn;
    }

    /** True when local {@code slot} may be read after control reaches instruction {@code insn}. */
    boolean isLiveAt(int insn, int slot) {
        return liveIn[insn].get(slot);
    }

    static Liveness of(InsnList instructions, FlowAnalysis<?> flow) {
        int size = instructions.size();
        BitSet[] liveIn = new BitSet[size];
        BitSet[] use = new BitSet[size];
        BitSet[] def = new BitSet[size];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int i = 0; i < size; i++) {
            liveIn[i] = new BitSet();
            use[i] = new BitSet();
            def[i] = new BitSet();
            AbstractInsnNode insn = instructions.get(i);
            if (insn instanceof VarInsnNode) {
                VarInsnNode v = (VarInsnNode) insn;
                if (v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                    def[i].set(v.var);
                } else {
                    use[i].set(v.var);
                }
            } else if (insn instanceof IincInsnNode) {
                use[i].set(((IincInsnNode) insn).var);
            }
            work.push(i);
        }
        List<List<Integer>> predecessors = predecessorsOf(flow, size);
        boolean[] queued = new boolean[size];
        Arrays.fill(queued, true);
        while (!work.isEmpty()) {
            int i = work.pop();
            queued[i] = false;
            BitSet in = new BitSet();
            for (int s : flow.successors.get(i)) {
                in.or(liveIn[s]);
            }
            in.andNot(def[i]);
            for (int s : flow.exceptionSuccessors.get(i)) {
                in.or(liveIn[s]);
            }
            in.or(use[i]);
            if (!in.equals(liveIn[i])) {
                liveIn[i] = in;
                for (int p : predecessors.get(i)) {
                    if (!queued[p]) {
                        queued[p] = true;
                        work.push(p);
                    }
                }
            }
        }
        return new Liveness(liveIn);
    }

    private static List<List<Integer>> predecessorsOf(FlowAnalysis<?> flow, int size) {
        List<List<Integer>> predecessors = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            predecessors.add(new ArrayList<>(2));
        }
        for (int i = 0; i < size; i++) {
            for (int s : flow.successors.get(i)) {
                predecessors.get(s).add(i);
            }
            for (int s : flow.exceptionSuccessors.get(i)) {
                predecessors.get(s).add(i);
            }
        }
        return predecessors;
    }
}
