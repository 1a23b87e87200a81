package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Empties the operand stack below awaits, so that a suspension there has no stack of its own to save and a
 * resume none to push again: the values right below an awaitable are pushed after the await instead, the await's
 * result swapped back on top. {@code a + await(x)} becomes {@code await(x)}, then {@code a}, then the add.
 *
 * <ul>
 * <li>the load of a local not written before the await, or a constant, moves as it is: loading it or a
 *     constant has no effect of its own, and gives the same value there;</li>
 * <li>a computed primitive ({@code seed * 13 + await(x)}) goes to a fresh local right where it is computed and
 *     is loaded from it after the await; that local is then saved with the others. A computed reference stays
 *     on the stack: a helpful {@code NullPointerException} would name the fresh local instead of the
 *     computation.</li>
 * </ul>
 *
 * Only values pushed in straight-line code before the await move (no jump in or out between), two words at most,
 * what one {@code swap} or {@code dup2_x1; pop2} can get the result back above.
 */
final class SinkStackLoads {
    /** A value below an awaitable and how it moves: its producer, and the kind of local it goes through, if any. */
    private record Moved(AbstractInsnNode producer, SavedValue.Kind spill, int words) {
    }

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
        // In code order: the spill locals are numbered as the runs are visited, and the same class must always be
        // rewritten to the same bytes.
        Map<MethodInsnNode, List<Moved>> runs = new LinkedHashMap<>();
        Set<AbstractInsnNode> moving = new HashSet<>();
        for (MethodInsnNode await : awaits) {
            List<Moved> run = movableRun(await, origins);
            List<AbstractInsnNode> producers = run.stream().map(Moved::producer).toList();
            if (!run.isEmpty() && Collections.disjoint(producers, moving)) {
                runs.put(await, run);
                moving.addAll(producers);
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        Map<MethodInsnNode, Integer> depths = spillDepths(method, runs);
        Map<String, Integer> spillLocals = new HashMap<>();
        // dup2_x1 briefly holds two words more than the stack ever did.
        method.maxStack += 2;
        runs.forEach((await, run) -> {
            InsnList after = new InsnList();
            int words = 0;
            for (int i = 0; i < run.size(); i++) {
                Moved m = run.get(i);
                if (m.spill == null) {
                    after.add(m.producer.clone(Map.of()));
                    method.instructions.remove(m.producer);
                } else {
                    String key = m.spill + "/" + depths.get(await) + "/" + i;
                    int local = spillLocals.computeIfAbsent(key, k -> {
                        int fresh = method.maxLocals;
                        method.maxLocals += m.spill.size();
                        return fresh;
                    });
                    method.instructions.insert(m.producer, Emit.store(m.spill, local));
                    after.add(Emit.load(m.spill, local));
                }
                words += m.words;
            }
            if (words == 1) {
                after.add(Emit.op(Opcodes.SWAP));
            } else {
                after.add(Emit.op(Opcodes.DUP2_X1));
                after.add(Emit.op(Opcodes.POP2));
            }
            method.instructions.insert(await, after);
        });
    }

    /** The values right below the awaitable that can move, bottom first, two words at most. */
    private static List<Moved> movableRun(MethodInsnNode await, StackOrigins origins) {
        List<Moved> run = new ArrayList<>();
        int words = 0;
        for (int i = origins.stackSize(await) - 2; i >= 0; i--) {
            AbstractInsnNode producer = origins.producer(await, i);
            // A value a dup or swap read on the way is never moved: ASM's analysis gives every value a shuffle
            // pushes, copies and the values it moved up alike, the shuffle as its source, which moves nowhere.
            if (producer == null) {
                break;
            }
            Moved moved;
            if (origins.pushesAgain(producer, await)) {
                moved = new Moved(producer, null, StackOrigins.words(producer));
            } else {
                SavedValue.Kind kind = primitiveResultOf(producer);
                if (kind == null || !origins.straightThrough(producer, await, -2)) {
                    break;
                }
                moved = new Moved(producer, kind, kind.size());
            }
            words += moved.words;
            if (words > 2) {
                break;
            }
            run.add(0, moved);
        }
        return run;
    }

    /**
     * Where an await's spilled values go: a local per kind, per place in its run and per depth of spills around
     * it, so that a value waiting below an outer await is not overwritten by one below an await inside its
     * awaitable.
     */
    private static Map<MethodInsnNode, Integer> spillDepths(MethodNode method, Map<MethodInsnNode, List<Moved>> runs) {
        Map<MethodInsnNode, Integer> depths = new HashMap<>();
        for (Map.Entry<MethodInsnNode, List<Moved>> run : runs.entrySet()) {
            int from = method.instructions.indexOf(run.getValue().get(0).producer);
            int to = method.instructions.indexOf(run.getKey());
            int depth = 0;
            for (Map.Entry<MethodInsnNode, List<Moved>> other : runs.entrySet()) {
                if (method.instructions.indexOf(other.getValue().get(0).producer) < from
                        && to < method.instructions.indexOf(other.getKey())) {
                    depth++;
                }
            }
            depths.put(run.getKey(), depth);
        }
        return depths;
    }

    /** The kind of primitive {@code insn} computes, or null (a reference, or not a computation it knows). */
    private static SavedValue.Kind primitiveResultOf(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        Type type;
        if (op >= Opcodes.IADD && op <= Opcodes.DNEG) {
            type = new Type[] {Type.INT_TYPE, Type.LONG_TYPE, Type.FLOAT_TYPE, Type.DOUBLE_TYPE}[(op - Opcodes.IADD) % 4];
        } else if (op >= Opcodes.ISHL && op <= Opcodes.LXOR) {
            type = (op - Opcodes.ISHL) % 2 == 0 ? Type.INT_TYPE : Type.LONG_TYPE;
        } else if (op >= Opcodes.I2L && op <= Opcodes.I2S) {
            type = Type.getType("JFDIFDIJDIJFIII".substring(op - Opcodes.I2L, op - Opcodes.I2L + 1));
        } else if (op >= Opcodes.LCMP && op <= Opcodes.DCMPG || op == Opcodes.ARRAYLENGTH || op == Opcodes.INSTANCEOF
                || op >= Opcodes.BALOAD && op <= Opcodes.SALOAD || op == Opcodes.IALOAD) {
            type = Type.INT_TYPE;
        } else if (op >= Opcodes.LALOAD && op <= Opcodes.DALOAD) {
            type = new Type[] {Type.LONG_TYPE, Type.FLOAT_TYPE, Type.DOUBLE_TYPE}[op - Opcodes.LALOAD];
        } else if (insn instanceof FieldInsnNode field && (op == Opcodes.GETFIELD || op == Opcodes.GETSTATIC)) {
            type = Type.getType(field.desc);
        } else if (insn instanceof MethodInsnNode call) {
            type = Type.getReturnType(call.desc);
        } else if (insn instanceof InvokeDynamicInsnNode call) {
            type = Type.getReturnType(call.desc);
        } else {
            return null;
        }
        SavedValue.Kind kind = SavedValue.kindOf(new BasicValue(type));
        return kind != null && kind.isPrimitive() ? kind : null;
    }
}
