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
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.Arrays;
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
 * object is under construction, no jump crosses it (a jump to the cut itself goes to the tail call), and each live
 * local has a type a parameter can declare (not a bare {@code null}). An exception range may cross it if its handler
 * is after it: the head catches for that handler and passes the exception as one more parameter (with the number
 * of the handler, where several are), and the tail starts by jumping to the handler with it, so that a {@code try}
 * around most of a method does not keep it from being cut. Any other range lies on one side with its handler.
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
        if (frame == null || frame.getStackSize() != 0 || monitors[p] != 0) {
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
            int start = code.indexOf(block.start);
            int end = code.indexOf(block.end);
            int handler = code.indexOf(block.handler);
            // A range across the cut whose handler is after it is handed over; any other must be on one side.
            boolean crossing = start < p && p < end;
            if (crossing ? handler < p : start < p != handler < p) {
                return false;
            }
        }
        return parameterTypes(p, handedOver(p)) != null;
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
     * The try blocks whose range crosses the cut, their handlers after it, in table order: an exception thrown in
     * the head part of the range is caught in the head, which hands it to the tail, which jumps to the handler.
     */
    private List<TryCatchBlockNode> handedOver(int p) {
        List<TryCatchBlockNode> blocks = new ArrayList<>();
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (code.indexOf(block.start) < p && p < code.indexOf(block.end)) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /**
     * The type of the tail's parameter at each slot ({@code null}: not passed, a placeholder {@code int} where a
     * later slot is), or null where no cut holds: too many slots, or handlers that see a slot differently. A local
     * is passed where it is live or a variable in scope (a debugger reads it), not javac's spill of an object
     * under construction, which {@link MoveUninitializedNew} may no longer write in the head; and wherever a handler
     * handed over can read it, under the type it has there (the type at the cut or a super type of it).
     */
    private Type[] parameterTypes(int p, List<TryCatchBlockNode> handedOver) {
        Frame<BasicValue> frame = frames[p];
        Type[] types = new Type[frame.getLocals()];
        int slots = 0;
        for (int local = 0; local < frame.getLocals(); local++) {
            // A handler's frame merges the cut's (the range covers it): a value there is of the kind it has at the
            // cut, or a reference where the cut has null; a null there, if the handler reads it, is one at the cut.
            BasicValue caught = null;
            for (TryCatchBlockNode block : handedOver) {
                BasicValue there = frames[code.indexOf(block.handler)].getLocal(local);
                if (SavedValue.kindOf(there) == null) {
                    continue;
                }
                if (caught != null && !caught.equals(there)) {
                    return null;
                }
                caught = there;
            }
            if (caught != null || passes(p, local)) {
                types[local] = parameterType(caught != null ? caught : frame.getLocal(local));
                slots = local + types[local].getSize();
            }
        }
        int extra = handedOver.isEmpty() ? 0 : handedOver.size() == 1 ? 1 : 2;
        return slots + extra <= MAX_PARAMETER_SLOTS ? Arrays.copyOf(types, slots) : null;
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
        List<TryCatchBlockNode> handedOver = handedOver(p);
        Type[] types = parameterTypes(p, handedOver);
        StringBuilder desc = new StringBuilder("(");
        for (int local = 0; local < types.length; local += slotSize(types[local])) {
            desc.append(types[local] == null ? "I" : types[local].getDescriptor());
        }
        if (!handedOver.isEmpty()) {
            desc.append("Ljava/lang/Throwable;").append(handedOver.size() > 1 ? "I" : "");
        }
        desc.append(')').append(Type.getReturnType(method.desc).getDescriptor());
        MethodNode tail = new MethodNode(Opcodes.ASM9, access, names.tail(method.name, desc.toString()),
                desc.toString(), null, method.exceptions.toArray(new String[0]));
        return new Parts(head(p, tail, types, handedOver), tail(tail, p, types, handedOver));
    }

    private static int slotSize(Type type) {
        return type == null ? 1 : type.getSize();
    }

    /**
     * The head's call of {@code tail}, returned: each slot passed, loaded where {@code frame} (the cut's, or a
     * handler's) has a value there, else its type's zero; then, where blocks are handed over, the exception in
     * {@code exceptionSlot} (null: none) and the number of its handler.
     */
    private InsnList callOfTail(MethodNode tail, Type[] types, Frame<BasicValue> frame, int exceptionSlot, int which,
                                int handedOver) {
        InsnList call = new InsnList();
        for (int local = 0; local < types.length; local += slotSize(types[local])) {
            Type type = types[local];
            boolean hasValue = type != null && SavedValue.kindOf(frame.getLocal(local)) != null;
            call.add(hasValue ? Emit.load(type, local) : zero(type == null ? Type.INT_TYPE : type));
        }
        if (handedOver > 0) {
            call.add(exceptionSlot < 0 ? Emit.op(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, exceptionSlot));
            if (handedOver > 1) {
                call.add(Emit.push(which));
            }
        }
        call.add(Emit.callOwn(owner, tail));
        call.add(Emit.op(Opcodes.ARETURN));
        return call;
    }

    /** The zero (or null) of {@code type}: what a parameter gets where no value is passed. */
    private static AbstractInsnNode zero(Type type) {
        return Emit.op(SavedValue.kindOf(new BasicValue(type)).zeroOpcode);
    }

    /**
     * The code before the cut, then the call of the tail: the body of the head, which the method takes. A block
     * handed over keeps the head part of its range, with a handler of its own that calls the tail with the
     * exception.
     */
    private MethodNode head(int p, MethodNode tail, Type[] types, List<TryCatchBlockNode> handedOver) {
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
        head.instructions.add(callOfTail(tail, types, frames[p], -1, 0, handedOver.size()));
        head.instructions.add(end);
        int exceptionSlot = method.maxLocals;
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int which = handedOver.indexOf(block);
            if (which >= 0) {
                LabelNode handler = new LabelNode();
                head.instructions.add(handler);
                head.instructions.add(new VarInsnNode(Opcodes.ASTORE, exceptionSlot));
                head.instructions.add(callOfTail(tail, types, frames[code.indexOf(block.handler)], exceptionSlot,
                        which, handedOver.size()));
                head.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(block.start), tailCall, handler, block.type));
            } else if (code.indexOf(block.start) < p) {
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
        head.maxLocals = method.maxLocals + 1;
        head.maxStack = Math.max(method.maxStack, types.length + 2);
        return head;
    }

    /**
     * The code from the cut on, in {@code tail}. Where blocks are handed over, it starts by jumping to the handler
     * of a block with the exception the head passed, if any; else it casts each local a handler sees as a super
     * type back to its type at the cut.
     */
    private MethodNode tail(MethodNode tail, int p, Type[] types, List<TryCatchBlockNode> handedOver) {
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        LabelNode start = new LabelNode();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LabelNode label) {
                labels.put(label, i <= p ? start : new LabelNode());
            }
        }
        if (!handedOver.isEmpty()) {
            tail.instructions.add(handOver(p, types, handedOver, labels));
        }
        copy(p, code.size(), labels, tail.instructions);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (handedOver.contains(block) || code.indexOf(block.start) >= p) {
                tail.tryCatchBlocks.add(copy(block, labels));
            }
        }
        for (LocalVariableNode v : variables()) {
            if (code.indexOf(v.end) > p) {
                tail.localVariables.add(new LocalVariableNode(v.name, v.desc, v.signature, labels.get(v.start),
                        labels.get(v.end), v.index));
            }
        }
        tail.maxLocals = Math.max(method.maxLocals, types.length + 2);
        tail.maxStack = Math.max(method.maxStack, 1);
        return tail;
    }

    /** The tail's first code where blocks are handed over: see {@link #tail}. */
    private InsnList handOver(int p, Type[] types, List<TryCatchBlockNode> handedOver,
                              Map<LabelNode, LabelNode> labels) {
        int exceptionSlot = types.length;
        InsnList entry = new InsnList();
        LabelNode normal = new LabelNode();
        entry.add(new VarInsnNode(Opcodes.ALOAD, exceptionSlot));
        entry.add(Emit.jump(Opcodes.IFNULL, normal));
        LabelNode[] handlers = new LabelNode[handedOver.size()];
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = new LabelNode();
        }
        if (handlers.length > 1) {
            entry.add(new VarInsnNode(Opcodes.ILOAD, exceptionSlot + 1));
            entry.add(new TableSwitchInsnNode(0, handlers.length - 1, handlers[handlers.length - 1], handlers));
        }
        for (int i = 0; i < handlers.length; i++) {
            TryCatchBlockNode block = handedOver.get(i);
            entry.add(handlers[i]);
            entry.add(new VarInsnNode(Opcodes.ALOAD, exceptionSlot));
            if (block.type != null) {
                entry.add(new TypeInsnNode(Opcodes.CHECKCAST, block.type));
            }
            entry.add(Emit.jump(Opcodes.GOTO, labels.get(block.handler)));
        }
        entry.add(normal);
        for (int local = 0; local < types.length; local += slotSize(types[local])) {
            BasicValue atCut = frames[p].getLocal(local);
            if (types[local] != null && SavedValue.kindOf(atCut) == SavedValue.Kind.REF
                    && !types[local].equals(atCut.getType())) {
                entry.add(new VarInsnNode(Opcodes.ALOAD, local));
                entry.add(new TypeInsnNode(Opcodes.CHECKCAST, atCut.getType().getInternalName()));
                entry.add(new VarInsnNode(Opcodes.ASTORE, local));
            }
        }
        return entry;
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
