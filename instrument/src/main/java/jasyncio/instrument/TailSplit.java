package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts an {@code @Async} method whose resume method would be too long for HotSpot to compile (or for a class file)
 * in two, at the start of a statement near its middle. The <em>head</em> keeps the code before the cut and ends
 * in {@code return tail(locals...)}: a tail call, which {@code Frame.complete} awaits. The <em>tail</em>, a new
 * static method of the class under the same name, takes each local slot defined at the cut as the parameter of the
 * same index (so its code, its debug variables and its line numbers stay as javac wrote them) and runs the rest.
 * Each part is then an ordinary {@code @Async} method to rewrite, and cut again if still too long; stack traces
 * and the await chain read the method's name at both.
 *
 * <p>A cut holds where the parts share nothing but the locals: the operand stack is empty, no monitor is held, no
 * object is under construction, no jump or exception range crosses it (a jump to the cut itself goes to the tail
 * call), and each live local has a type a parameter can declare (not a bare {@code null}).
 */
final class TailSplit {
    /** Rough bytes of an instruction, and of an await once rewritten: where the middle of the resume method is. */
    private static final int INSTRUCTION_WEIGHT = 2;
    private static final int AWAIT_WEIGHT = 27;
    /** Parameter slots a static method may take. */
    private static final int MAX_PARAMETER_SLOTS = 255;

    /** The method before the cut, and the new method after it (not yet in the class). */
    record Parts(MethodNode head, MethodNode tail) {
    }

    private final ClassNode owner;
    private final MethodNode method;
    private final InsnList code;
    private final Frame<BasicValue>[] frames;
    private final int[] monitors;
    private final Liveness liveness;
    /** Each jump of the method, as its index and its target's. */
    private final List<int[]> jumps = new ArrayList<>();

    private TailSplit(ClassNode owner, MethodNode method, FlowAnalysis<BasicValue> flow) {
        this.owner = owner;
        this.method = method;
        this.code = method.instructions;
        this.frames = flow.frames;
        this.monitors = MonitorDepth.of(method, flow);
        this.liveness = Liveness.of(code, flow);
        for (int i = 0; i < code.size(); i++) {
            for (LabelNode target : targetsOf(code.get(i))) {
                jumps.add(new int[] {i, code.indexOf(target)});
            }
        }
    }

    /**
     * The two parts of {@code method} (left unchanged), the tail named by {@code names} with {@code access}; null
     * when no statement start can be cut at.
     */
    static Parts split(ClassNode owner, MethodNode method, ClassHierarchy hierarchy, ResumeNames names, int access)
            throws AnalyzerException {
        TailSplit split = new TailSplit(owner, method,
                FlowAnalysis.run(owner.name, method, new TypeInterpreter(hierarchy)));
        int cut = split.middleCut();
        return cut < 0 ? null : split.cutAt(cut, names, access);
    }

    /**
     * The valid cut nearest the middle of the rewritten code, or -1. None is taken that leaves either part less than
     * a quarter of the code: the rewrite would make most of the method again, as many times as it is cut.
     */
    private int middleCut() {
        int size = code.size();
        Set<AbstractInsnNode> awaits = new HashSet<>(AwaitSites.in(method));
        long[] weightBefore = new long[size + 1];
        int[] pendingNews = new int[size + 1];
        for (int i = 0; i < size; i++) {
            AbstractInsnNode insn = code.get(i);
            int weight = insn.getOpcode() < 0 ? 0 : awaits.contains(insn) ? AWAIT_WEIGHT : INSTRUCTION_WEIGHT;
            weightBefore[i + 1] = weightBefore[i] + weight;
            pendingNews[i + 1] = pendingNews[i] + (insn.getOpcode() == Opcodes.NEW ? 1 : isConstructorCall(insn) ? -1 : 0);
        }
        long total = weightBefore[size];
        List<Integer> starts = new ArrayList<>();
        for (int p = 1; p < size; p++) {
            if (startsLine(p) && pendingNews[p] == 0) {
                starts.add(p);
            }
        }
        starts.sort(Comparator.comparingLong(p -> Math.abs(2 * weightBefore[p] - total)));
        for (int p : starts) {
            if (Math.abs(2 * weightBefore[p] - total) * 2 > total) {
                break;
            }
            if (holds(p)) {
                return p;
            }
        }
        return -1;
    }

    /** A label that a line number starts at: the start of a statement, as javac writes one. */
    private boolean startsLine(int p) {
        return p + 1 < code.size() && code.get(p) instanceof LabelNode label
                && code.get(p + 1) instanceof LineNumberNode line
                && line.start == label;
    }

    private static boolean isConstructorCall(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>");
    }

    /**
     * Whether the code can be cut at the statement starting with label {@code p}: see the class comment. (The
     * analysis gives a label the frame, the liveness and the monitor depth of the instruction it marks.)
     */
    private boolean holds(int p) {
        Frame<BasicValue> frame = frames[p];
        if (frame == null || frame.getStackSize() != 0 || monitors[p] != 0 || parameterSlots(p) < 0) {
            return false;
        }
        for (int local = 0; local < frame.getLocals(); local++) {
            if (SavedValue.kindOf(frame.getLocal(local)) == SavedValue.Kind.NULL && liveness.isLiveAt(p, local)) {
                return false;
            }
        }
        for (int[] jump : jumps) {
            if (jump[0] < p ? jump[1] > p : jump[1] < p) {
                return false;
            }
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            boolean inHead = code.indexOf(block.start) < p;
            if (inHead != code.indexOf(block.handler) < p || inHead && code.indexOf(block.end) > p) {
                return false;
            }
        }
        return true;
    }

    private static List<LabelNode> targetsOf(AbstractInsnNode insn) {
        if (insn instanceof JumpInsnNode jump) {
            return List.of(jump.label);
        }
        List<LabelNode> targets = new ArrayList<>();
        if (insn instanceof TableSwitchInsnNode table) {
            targets.add(table.dflt);
            targets.addAll(table.labels);
        } else if (insn instanceof LookupSwitchInsnNode lookup) {
            targets.add(lookup.dflt);
            targets.addAll(lookup.labels);
        }
        return targets;
    }

    /**
     * The slots the tail takes (each local passed at its index, a placeholder int where none is), or -1: too many.
     * A local is passed where it is live or a variable in scope (a debugger reads it): not javac's spill of an
     * object under construction, which {@link MoveUninitializedNew} may no longer write in the head.
     */
    private int parameterSlots(int p) {
        int slots = 0;
        for (int local = 0; local < frames[p].getLocals(); local++) {
            if (passes(p, local)) {
                slots = local + frames[p].getLocal(local).getSize();
            }
        }
        return slots <= MAX_PARAMETER_SLOTS ? slots : -1;
    }

    private boolean passes(int p, int local) {
        if (SavedValue.kindOf(frames[p].getLocal(local)) == null) {
            return false;
        }
        if (liveness.isLiveAt(p, local)) {
            return true;
        }
        for (LocalVariableNode v : variables()) {
            if (v.index == local && inScopeAt(v, p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code v} is in scope at the statement starting with label {@code p}. */
    private boolean inScopeAt(LocalVariableNode v, int p) {
        return code.indexOf(v.start) <= p && p < code.indexOf(v.end);
    }

    /** The type of the tail's parameter for a value passed: its own, {@code Object} for a null. */
    private static Type parameterType(BasicValue value) {
        return SavedValue.kindOf(value) == SavedValue.Kind.NULL ? Type.getObjectType("java/lang/Object") : value.getType();
    }

    private Parts cutAt(int p, ResumeNames names, int access) {
        Frame<BasicValue> frame = frames[p];
        int slots = parameterSlots(p);
        // The tail's parameters, and the head's loads of them.
        InsnList call = new InsnList();
        StringBuilder desc = new StringBuilder("(");
        for (int local = 0; local < slots; ) {
            if (passes(p, local)) {
                Type type = parameterType(frame.getLocal(local));
                desc.append(type.getDescriptor());
                call.add(Emit.load(type, local));
                local += type.getSize();
            } else {
                desc.append(Type.INT_TYPE.getDescriptor());
                call.add(Emit.push(0));
                local++;
            }
        }
        desc.append(')').append(Type.getReturnType(method.desc).getDescriptor());
        MethodNode tail = new MethodNode(Opcodes.ASM9, access, names.tail(method.name, desc.toString()),
                desc.toString(), null, method.exceptions.toArray(new String[0]));
        call.add(Emit.callOwn(owner, tail));
        call.add(Emit.op(Opcodes.ARETURN));
        return new Parts(head(p, call, slots), tail(tail, p));
    }

    /** The code before the cut, then {@code call}: the body of the head, which the method takes. */
    private MethodNode head(int p, InsnList call, int slots) {
        MethodNode head = new MethodNode(Opcodes.ASM9, method.access, method.name, method.desc, method.signature,
                method.exceptions.toArray(new String[0]));
        LabelNode tailCall = new LabelNode();
        LabelNode end = new LabelNode();
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LabelNode label) {
                labels.put(label, i < p ? new LabelNode() : i == p ? tailCall : end);
            }
        }
        copy(0, p, labels, head.instructions);
        head.instructions.add(tailCall);
        head.instructions.add(new LineNumberNode(((LineNumberNode) code.get(p + 1)).line, tailCall));
        head.instructions.add(call);
        head.instructions.add(end);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (code.indexOf(block.start) < p) {
                head.tryCatchBlocks.add(copy(block, labels));
            }
        }
        // A variable in scope at the cut stays so through the tail call, where a breakpoint on the cut stops first.
        for (LocalVariableNode v : variables()) {
            if (code.indexOf(v.start) <= p) {
                head.localVariables.add(new LocalVariableNode(v.name, v.desc, v.signature, labels.get(v.start),
                        inScopeAt(v, p) ? end : labels.get(v.end), v.index));
            }
        }
        head.maxLocals = method.maxLocals;
        head.maxStack = Math.max(method.maxStack, slots);
        return head;
    }

    /** The code from the cut on, in {@code tail}. */
    private MethodNode tail(MethodNode tail, int p) {
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        LabelNode start = new LabelNode();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LabelNode label) {
                labels.put(label, i <= p ? start : new LabelNode());
            }
        }
        copy(p, code.size(), labels, tail.instructions);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (code.indexOf(block.start) >= p) {
                tail.tryCatchBlocks.add(copy(block, labels));
            }
        }
        for (LocalVariableNode v : variables()) {
            if (code.indexOf(v.end) > p) {
                tail.localVariables.add(new LocalVariableNode(v.name, v.desc, v.signature, labels.get(v.start),
                        labels.get(v.end), v.index));
            }
        }
        tail.maxLocals = method.maxLocals;
        tail.maxStack = method.maxStack;
        return tail;
    }

    private List<LocalVariableNode> variables() {
        return method.localVariables == null ? List.of() : method.localVariables;
    }

    /** Clones nodes {@code from} to {@code to} of the method into {@code into}, without the stack map frames. */
    private void copy(int from, int to, Map<LabelNode, LabelNode> labels, InsnList into) {
        for (int i = from; i < to; i++) {
            AbstractInsnNode insn = code.get(i);
            if (!(insn instanceof FrameNode)) {
                into.add(insn.clone(labels));
            }
        }
    }

    private static TryCatchBlockNode copy(TryCatchBlockNode block, Map<LabelNode, LabelNode> labels) {
        TryCatchBlockNode copy = new TryCatchBlockNode(labels.get(block.start), labels.get(block.end),
                labels.get(block.handler), block.type);
        copy.visibleTypeAnnotations = block.visibleTypeAnnotations;
        copy.invisibleTypeAnnotations = block.invisibleTypeAnnotations;
        return copy;
    }
}
