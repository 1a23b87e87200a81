package jasyncio.instrument;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Rewrites one {@code @Async} method (or coroutine lambda) into a state machine, in two methods:
 *
 * <ul>
 * <li>the <em>entry</em> keeps the name, signature and annotations: it allocates a {@code Frame}, stores the
 *     arguments in it and returns it. Nothing of the body runs.</li>
 * <li>the <em>resume</em> method ({@code private static Object name(Frame)}) holds the body, behind a
 *     {@code tableswitch} on the frame's label; the frame goes to a local above the method's own, which keep
 *     their numbers (a helpful {@code NullPointerException} names an unnamed local by it). Each {@code await(x)} asks the runtime for the value; if it came at once, the body goes on; if
 *     not, it jumps to the save code its {@link SaveLayout} shares with other awaits, which stores the live
 *     locals and the operand stack into the frame and returns {@code SUSPENDED}. See {@link SuspensionCode}
 *     for how a resume gets back to the await.</li>
 * </ul>
 *
 * Passes, in order: {@link MoveUninitializedNew}, {@link FlowAnalysis} with {@link TypeInterpreter},
 * {@link MonitorDepth} check, {@link Liveness}; then an {@link AwaitPoint} per await, grouped into layouts,
 * and the emission.
 */
final class AsyncMethodRewriter {
    private final ClassNode owner;
    private final ClassHierarchy hierarchy;
    private final ResumeNames names;

    AsyncMethodRewriter(ClassNode owner, ClassHierarchy hierarchy, ResumeNames names) {
        this.owner = owner;
        this.hierarchy = hierarchy;
        this.names = names;
    }

    /**
     * Turns {@code method} into the entry, in place, and returns the resume method to add to the class. A resume
     * method longer than HotSpot compiles is made again with its save code shared by the awaits, then also moved
     * to helper methods of the class if still too long.
     */
    MethodNode rewrite(MethodNode method) throws AnalyzerException {
        String[] resumeName = names.pick(method.name);
        MethodNode original = copyOf(method);
        SaveHelpers helpers = new SaveHelpers(owner, resumeName[0], resumeAccess());
        MethodNode resume = null;
        for (SuspensionCode.Saves saves : SuspensionCode.Saves.values()) {
            if (resume != null) {
                helpers.discard();
                MethodNode fresh = copyOf(original);
                method.instructions = fresh.instructions;
                method.tryCatchBlocks = fresh.tryCatchBlocks;
                method.localVariables = fresh.localVariables;
                method.maxLocals = original.maxLocals;
                method.maxStack = original.maxStack;
            }
            resume = rewrite(method, resumeName, helpers, saves);
            if (MethodSize.of(resume) <= MethodSize.JIT_LIMIT) {
                break;
            }
        }
        return resume;
    }

    private static MethodNode copyOf(MethodNode method) {
        MethodNode copy = new MethodNode(Opcodes.ASM9, method.access, method.name, method.desc, method.signature,
                method.exceptions.toArray(new String[0]));
        method.accept(copy);
        return copy;
    }

    private MethodNode rewrite(MethodNode method, String[] resumeName, SaveHelpers helpers,
                               SuspensionCode.Saves saves) throws AnalyzerException {
        List<LocalVariableNode> parameterNames = parameterVariables(method);
        MoveUninitializedNew.apply(owner.name, method, new HashSet<>(AwaitSites.in(method)));
        SinkStackLoads.apply(owner.name, method, AwaitSites.in(method));
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        SavedValue.Allocator argumentSlots = new SavedValue.Allocator();
        List<SavedValue> arguments = argumentsOf(method, isStatic, argumentSlots);
        int parameterSlots = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - (isStatic ? 1 : 0);

        List<AwaitPoint> points = analyse(method, Set.of());
        SavePlan plan = SavePlan.of(points, parameterSlots);
        AbstractInsnNode[] preset = {};
        if (!plan.preset.isEmpty()) {
            InsnList zeroes = new InsnList();
            Set<Integer> slots = new HashSet<>();
            for (SavedValue v : plan.preset) {
                zeroes.add(v.zeroLocal());
                slots.add(v.local);
            }
            preset = zeroes.toArray();
            method.instructions.insert(zeroes);
            points = analyse(method, slots);
            plan = SavePlan.of(points, parameterSlots);
        }
        int label = 0;
        for (SaveLayout layout : plan.layouts) {
            for (AwaitPoint member : layout.members) {
                member.label = ++label;
            }
        }
        int maxRefs = Math.max(argumentSlots.refs, plan.refsUsed);
        int maxPrims = Math.max(argumentSlots.prims(), plan.primsUsed);

        MethodNode resume = new MethodNode(Opcodes.ASM9, resumeAccess(), resumeName[0], resumeName[1], null, null);
        resume.instructions = method.instructions;
        resume.tryCatchBlocks = method.tryCatchBlocks;
        resume.localVariables = method.localVariables;
        ResumeLocals locals = ResumeLocals.above(method.maxLocals, points.size());
        resume.maxLocals = method.maxLocals + locals.count();
        resume.maxStack = method.maxStack;
        removeFrames(resume.instructions);

        rewriteReturns(resume.instructions, locals.frame());
        SuspensionCode.Restore restore = new SuspensionCode(locals, helpers, saves).emit(resume.instructions, plan);
        // The analysis saw the zeroes at the body's start; they go before the jump on the label, so that resuming
        // at any await sets them too (the awaits' save code relies on them).
        InsnList zeroes = new InsnList();
        for (AbstractInsnNode insn : preset) {
            resume.instructions.remove(insn);
            zeroes.add(insn);
        }
        new ResumeDispatch(locals).prologue(resume.instructions, resumeName[1].startsWith("(" + Names.FRAME_DESC),
                label, restore, zeroes, arguments,
                argumentSlots.refs > 0 && plan.refsUsed == 0, argumentSlots.prims() > 0 && plan.primsUsed == 0);
        dropJumpsToNext(resume.instructions);
        ResumeVariableTable.apply(owner.name, resume, new HashSet<>(Arrays.asList(preset)));

        int[] lines = new int[label + 1];
        lines[0] = AwaitSites.firstLine(resume.instructions);
        for (AwaitPoint p : points) {
            lines[p.label] = p.line;
        }
        writeEntry(method, arguments, parameterNames, resumeName, lines, maxRefs, maxPrims);
        return resume;
    }

    /** The data-flow passes, and what each await keeps; {@code preset} are the slots zeroed at the start. */
    private List<AwaitPoint> analyse(MethodNode method, Set<Integer> preset) throws AnalyzerException {
        List<MethodInsnNode> calls = AwaitSites.in(method);
        FlowAnalysis<BasicValue> flow = FlowAnalysis.run(owner.name, method, typeInterpreter());
        // javac may copy a finally block, awaits and all, where no path reaches it: such an await never runs, so it
        // needs no resume point (the class writer turns the dead copy into NOPs and ATHROW).
        calls.removeIf(call -> flow.frames[method.instructions.indexOf(call)] == null);
        rejectAwaitUnderMonitor(method, flow, calls);
        Liveness liveness = Liveness.of(method.instructions, flow);
        StackOrigins origins = stackBelowAny(method, flow, calls) ? StackOrigins.of(owner.name, method) : null;
        List<AwaitPoint> points = new ArrayList<>();
        for (MethodInsnNode call : calls) {
            int index = method.instructions.indexOf(call);
            points.add(AwaitPoint.plan(call, flow.frames[index], liveness, index, origins, preset));
        }
        return points;
    }

    private static boolean stackBelowAny(MethodNode method, FlowAnalysis<BasicValue> flow, List<MethodInsnNode> calls) {
        for (MethodInsnNode call : calls) {
            Frame<BasicValue> frame = flow.frames[method.instructions.indexOf(call)];
            if (frame != null && frame.getStackSize() > 1) {
                return true;
            }
        }
        return false;
    }

    private TypeInterpreter typeInterpreter() {
        List<Type> interfaces = new ArrayList<>();
        for (String i : owner.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        Type superType = owner.superName == null ? null : Type.getObjectType(owner.superName);
        return new TypeInterpreter(hierarchy, Type.getObjectType(owner.name), superType, interfaces,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
    }

    private static void rejectAwaitUnderMonitor(MethodNode method, FlowAnalysis<?> flow, List<MethodInsnNode> calls) {
        int[] depth = MonitorDepth.of(method, flow);
        for (MethodInsnNode call : calls) {
            if (depth[method.instructions.indexOf(call)] > 0) {
                throw new RewriteException(Problems.AWAIT_UNDER_MONITOR, AwaitSites.lineOf(call));
            }
        }
    }

    /** {@code this} and the parameters, stored by the entry and reloaded at label 0. */
    private List<SavedValue> argumentsOf(MethodNode method, boolean isStatic, SavedValue.Allocator slots) {
        List<SavedValue> arguments = new ArrayList<>();
        int local = 0;
        if (!isStatic) {
            arguments.add(slots.allocate(SavedValue.Kind.REF, Type.getObjectType(owner.name), local++));
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            SavedValue.Kind kind = SavedValue.kindOf(new BasicValue(t));
            arguments.add(slots.allocate(kind, t, local));
            local += t.getSize();
        }
        return arguments;
    }

    private int resumeAccess() {
        boolean oldInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0 && (owner.version & 0xFFFF) < Opcodes.V9;
        return (oldInterface ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE) | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
    }

    /** The input's stack map frames describe the old code; the writer computes new ones. */
    private static void removeFrames(InsnList code) {
        for (AbstractInsnNode insn = code.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                code.remove(insn);
            }
            insn = next;
        }
    }

    /** Removes each {@code goto} whose target is the next instruction anyway (shared save code and restores end with some). */
    private static void dropJumpsToNext(InsnList code) {
        for (AbstractInsnNode insn = code.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.GOTO) {
                AbstractInsnNode after = next;
                while (after != null && after.getOpcode() < 0 && after != ((JumpInsnNode) insn).label) {
                    after = after.getNext();
                }
                if (after == ((JumpInsnNode) insn).label) {
                    code.remove(insn);
                }
            }
            insn = next;
        }
    }

    /**
     * {@code return Coroutine.completed(v)} returns {@code v} directly (no coroutine object is built); any
     * other {@code return x} goes through {@code Frame.complete}, which awaits {@code x} as a tail call.
     */
    private static void rewriteReturns(InsnList code, int frameSlot) {
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.ARETURN) {
                returns.add(insn);
            }
        }
        for (AbstractInsnNode ret : returns) {
            AbstractInsnNode previous = ret.getPrevious();
            while (previous instanceof LineNumberNode) {
                previous = previous.getPrevious();
            }
            if (isCompletedCall(previous, Names.COMPLETED_VALUE_DESC)) {
                code.remove(previous);
            } else if (isCompletedCall(previous, Names.COMPLETED_VOID_DESC)) {
                code.set(previous, new InsnNode(Opcodes.ACONST_NULL));
            } else {
                InsnList complete = new InsnList();
                complete.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                complete.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, "complete",
                        Names.FRAME_COMPLETE_DESC, false));
                code.insertBefore(ret, complete);
            }
        }
    }

    private static boolean isCompletedCall(AbstractInsnNode insn, String desc) {
        if (insn == null || insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(Names.COROUTINE) && call.name.equals(Names.COMPLETED) && call.desc.equals(desc);
    }

    /** Replaces the body of {@code method} with: allocate the frame, store the arguments, return the frame. */
    private void writeEntry(MethodNode method, List<SavedValue> arguments, List<LocalVariableNode> parameterNames,
                            String[] resumeName, int[] lines, int maxRefs, int maxPrims) {
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        int frameSlot = 0;
        for (SavedValue a : arguments) {
            frameSlot = a.local + a.kind.size();
        }
        InsnList code = new InsnList();
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        code.add(start);
        if (lines[0] > 0) {
            code.add(new LineNumberNode(lines[0], start));
        }
        code.add(new TypeInsnNode(Opcodes.NEW, Names.FRAME));
        code.add(new InsnNode(Opcodes.DUP));
        StringJoiner lineList = new StringJoiner(",");
        for (int line : lines) {
            lineList.add(Integer.toString(line));
        }
        code.add(new InvokeDynamicInsnNode("methodInfo", "()" + Names.METHOD_INFO_DESC,
                new Handle(Opcodes.H_INVOKESTATIC, Names.BOOTSTRAP, Names.BOOTSTRAP_NAME, Names.BOOTSTRAP_DESC, false),
                new Handle(Opcodes.H_INVOKESTATIC, owner.name, resumeName[0], resumeName[1], isInterface),
                method.name, owner.sourceFile == null ? "" : owner.sourceFile, lineList.toString(), maxRefs, maxPrims));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, Names.FRAME, "<init>", "(" + Names.METHOD_INFO_DESC + ")V", false));
        code.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
        for (SavedValue a : arguments) {
            code.add(a.saveLocal(frameSlot));
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(end);

        List<LocalVariableNode> parameters = new ArrayList<>();
        for (LocalVariableNode v : parameterNames) {
            parameters.add(new LocalVariableNode(v.name, v.desc, v.signature, start, end, v.index));
        }
        method.instructions = code;
        method.tryCatchBlocks = new ArrayList<>();
        method.localVariables = parameters;
        method.maxLocals = frameSlot + 1;
        method.maxStack = 4;
    }

    /** The debug names of {@code this} and the parameters: the variables in scope from the first instruction on. */
    private static List<LocalVariableNode> parameterVariables(MethodNode method) {
        List<LocalVariableNode> parameters = new ArrayList<>();
        if (method.localVariables == null) {
            return parameters;
        }
        List<LabelNode> leadingLabels = new ArrayList<>();
        for (AbstractInsnNode i = method.instructions.getFirst(); i != null && i.getOpcode() < 0; i = i.getNext()) {
            if (i instanceof LabelNode) {
                leadingLabels.add((LabelNode) i);
            }
        }
        for (LocalVariableNode v : method.localVariables) {
            if (leadingLabels.contains(v.start)) {
                parameters.add(v);
            }
        }
        return parameters;
    }
}
