package jasyncio.instrument;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
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
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.StringJoiner;

/**
 * Rewrites one {@code @Async} method (or coroutine lambda) into a state machine, in two methods:
 *
 * <ul>
 * <li>the <em>entry</em> keeps the name, signature and annotations: it allocates a {@code Frame}, stores the
 *     arguments in it and returns it. Nothing of the body runs.</li>
 * <li>the <em>resume</em> method ({@code private static Object name(Frame)}) holds the body, behind a
 *     {@code tableswitch} on the frame's label. Each {@code await(x)} becomes: ask the runtime for the value;
 *     if it came at once, go on; if not, save the live locals and the operand stack into the frame, set the
 *     label and return {@code SUSPENDED}. The resume point, reached from the switch, reloads them and takes
 *     the delivered value (or throws the delivered exception) where the await was, inside the same try
 *     blocks. The reload code itself is cut out of the try blocks: its locals are not restored yet.</li>
 * </ul>
 *
 * Passes, in order: {@link MoveUninitializedNew}, {@link FlowAnalysis} with {@link TypeInterpreter},
 * {@link MonitorDepth} check, {@link Liveness}; then the plan of each suspension and the emission.
 */
final class AsyncMethodRewriter {
    /** One await site: what is saved there. */
    private static final class Suspension {
        final MethodInsnNode call;
        final int label;
        final int line;
        final List<SavedValue> locals = new ArrayList<>();
        /** The operand stack below the awaitable, bottom first. */
        final List<SavedValue> stack = new ArrayList<>();
        int refsUsed;
        int primsUsed;

        Suspension(MethodInsnNode call, int label) {
            this.call = call;
            this.label = label;
            this.line = AwaitSites.lineOf(call);
        }
    }

    private final ClassNode owner;
    private final ClassHierarchy hierarchy;
    private final ResumeNames names;

    AsyncMethodRewriter(ClassNode owner, ClassHierarchy hierarchy, ResumeNames names) {
        this.owner = owner;
        this.hierarchy = hierarchy;
        this.names = names;
    }

    /** Turns {@code method} into the entry, in place, and returns the resume method to add to the class. */
    MethodNode rewrite(MethodNode method) throws AnalyzerException {
        List<LocalVariableNode> parameterNames = parameterVariables(method);
        List<MethodInsnNode> calls = AwaitSites.in(method);
        MoveUninitializedNew.apply(owner.name, method, new HashSet<>(calls));
        FlowAnalysis<BasicValue> flow = FlowAnalysis.run(owner.name, method, typeInterpreter());
        // javac may copy a finally block, awaits and all, where no path reaches it: such an await never runs, so it
        // needs no resume point (the class writer turns the dead copy into NOPs and ATHROW).
        calls.removeIf(call -> flow.frames[method.instructions.indexOf(call)] == null);
        rejectAwaitUnderMonitor(method, flow, calls);
        Liveness liveness = Liveness.of(method.instructions, flow);

        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        SavedValue.Allocator argumentSlots = new SavedValue.Allocator();
        List<SavedValue> arguments = argumentsOf(method, isStatic, argumentSlots);
        int suspendedRefs = 0;
        int suspendedPrims = 0;
        List<Suspension> suspensions = new ArrayList<>();
        for (MethodInsnNode call : calls) {
            Suspension s = plan(method, flow, liveness, call, suspensions.size() + 1);
            suspensions.add(s);
            suspendedRefs = Math.max(suspendedRefs, s.refsUsed);
            suspendedPrims = Math.max(suspendedPrims, s.primsUsed);
        }
        int maxRefs = Math.max(argumentSlots.refs, suspendedRefs);
        int maxPrims = Math.max(argumentSlots.prims(), suspendedPrims);

        int frameSlot = method.maxLocals;
        String[] resumeName = names.pick(method.name);
        MethodNode resume = new MethodNode(Opcodes.ASM9, resumeAccess(), resumeName[0], resumeName[1], null, null);
        resume.instructions = method.instructions;
        resume.tryCatchBlocks = method.tryCatchBlocks;
        resume.localVariables = method.localVariables;
        resume.maxLocals = frameSlot + 1;
        resume.maxStack = method.maxStack;
        removeFrames(resume.instructions);

        rewriteReturns(resume.instructions, frameSlot);
        List<LabelNode> resumePoints = new ArrayList<>();
        for (Suspension s : suspensions) {
            resumePoints.add(emitSuspension(resume, s, frameSlot, maxRefs));
        }
        emitPrologue(resume, arguments, resumePoints, frameSlot, resumeName[1],
                argumentSlots.refs > 0 && suspendedRefs == 0, argumentSlots.prims() > 0 && suspendedPrims == 0);
        ResumeVariableTable.apply(owner.name, resume);

        int[] lines = new int[suspensions.size() + 1];
        lines[0] = AwaitSites.firstLine(resume.instructions);
        for (Suspension s : suspensions) {
            lines[s.label] = s.line;
        }
        writeEntry(method, arguments, parameterNames, resumeName, lines, maxRefs, maxPrims);
        return resume;
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

    /** Decides what await site {@code call} keeps: live, typed locals and everything below it on the stack. */
    private Suspension plan(MethodNode method, FlowAnalysis<BasicValue> flow, Liveness liveness,
                            MethodInsnNode call, int label) {
        int index = method.instructions.indexOf(call);
        Frame<BasicValue> frame = flow.frames[index];
        Suspension s = new Suspension(call, label);
        SavedValue.Allocator slots = new SavedValue.Allocator();
        for (int i = 0; i < frame.getStackSize() - 1; i++) {
            BasicValue v = frame.getStack(i);
            SavedValue.Kind kind = SavedValue.kindOf(v);
            if (kind == null) {
                throw new RewriteException("an await with an unsaveable value on the operand stack", s.line);
            }
            s.stack.add(slots.allocate(kind, v.getType(), -1));
        }
        for (int local = 0; local < frame.getLocals(); local++) {
            BasicValue v = frame.getLocal(local);
            SavedValue.Kind kind = SavedValue.kindOf(v);
            if (kind != null && liveness.isLiveAt(index, local)) {
                s.locals.add(slots.allocate(kind, v.getType(), local));
            }
            if (v != null && v.getSize() == 2) {
                local++;
            }
        }
        s.refsUsed = slots.refs;
        s.primsUsed = slots.prims();
        return s;
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

    /** Replaces one await call; returns the label the switch jumps to on resume. */
    private static LabelNode emitSuspension(MethodNode resume, Suspension s, int frameSlot, int maxRefs) {
        InsnList code = new InsnList();
        LabelNode proceed = new LabelNode();
        LabelNode suspendStart = new LabelNode();
        LabelNode resumePoint = new LabelNode();
        LabelNode takeResult = new LabelNode();

        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, "await", Names.FRAME_AWAIT_DESC, false));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(suspendedMarker());
        code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, proceed));

        code.add(suspendStart);
        code.add(new InsnNode(Opcodes.POP));
        for (int i = s.stack.size() - 1; i >= 0; i--) {
            code.add(s.stack.get(i).saveFromStack(frameSlot));
        }
        for (SavedValue local : s.locals) {
            code.add(local.saveLocal(frameSlot));
        }
        if (s.refsUsed < maxRefs) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            code.add(SavedValue.push(s.refsUsed));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, "clearRefs",
                    "(" + Names.FRAME_DESC + "I)V", false));
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(SavedValue.push(s.label));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, Names.FRAME, "label", "I"));
        code.add(suspendedMarker());
        code.add(new InsnNode(Opcodes.ARETURN));

        code.add(resumePoint);
        for (SavedValue local : s.locals) {
            code.add(local.restoreLocal(frameSlot));
        }
        for (SavedValue value : s.stack) {
            code.add(value.restoreToStack(frameSlot));
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(takeResult);
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Names.FRAME, "takeResult", "()Ljava/lang/Object;", false));
        code.add(proceed);

        resume.instructions.insert(s.call, code);
        resume.instructions.remove(s.call);
        excludeFromTryBlocks(resume, suspendStart, takeResult);
        return resumePoint;
    }

    private static FieldInsnNode suspendedMarker() {
        return new FieldInsnNode(Opcodes.GETSTATIC, Names.FRAME, "SUSPENDED", "Ljava/lang/Object;");
    }

    /** Splits every try block that covers [from, to) in two around it, keeping the order of the blocks. */
    private static void excludeFromTryBlocks(MethodNode method, LabelNode from, LabelNode to) {
        InsnList code = method.instructions;
        int holeStart = code.indexOf(from);
        int holeEnd = code.indexOf(to);
        List<TryCatchBlockNode> blocks = new ArrayList<>();
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (code.indexOf(block.start) <= holeStart && holeEnd <= code.indexOf(block.end)) {
                blocks.add(new TryCatchBlockNode(block.start, from, block.handler, block.type));
                blocks.add(new TryCatchBlockNode(to, block.end, block.handler, block.type));
            } else {
                blocks.add(block);
            }
        }
        method.tryCatchBlocks = blocks;
    }

    /**
     * Loads the frame, jumps on its label; label 0 reloads the arguments and falls into the body, dropping an
     * array that only carried arguments (a suspended frame then retains nothing it does not need).
     */
    private void emitPrologue(MethodNode resume, List<SavedValue> arguments, List<LabelNode> resumePoints,
                              int frameSlot, String resumeDesc, boolean dropRefs, boolean dropPrims) {
        InsnList code = new InsnList();
        LabelNode start = new LabelNode();
        LabelNode badLabel = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        if (!resumeDesc.startsWith("(" + Names.FRAME_DESC)) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, Names.FRAME));
        }
        code.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, Names.FRAME, "label", "I"));
        LabelNode[] targets = new LabelNode[resumePoints.size() + 1];
        targets[0] = start;
        for (int i = 0; i < resumePoints.size(); i++) {
            targets[i + 1] = resumePoints.get(i);
        }
        code.add(new TableSwitchInsnNode(0, targets.length - 1, badLabel, targets));
        code.add(badLabel);
        code.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new org.objectweb.asm.tree.LdcInsnNode("coroutine frame resumed at an unknown label"));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(start);
        for (SavedValue argument : arguments) {
            code.add(argument.restoreLocal(frameSlot));
        }
        if (dropRefs) {
            code.add(dropArguments(frameSlot, "dropRefs"));
        }
        if (dropPrims) {
            code.add(dropArguments(frameSlot, "dropPrims"));
        }
        resume.instructions.insert(code);
    }

    private static InsnList dropArguments(int frameSlot, String helper) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, helper, "(" + Names.FRAME_DESC + ")V", false));
        return code;
    }

    /** Replaces the body of {@code method} with: allocate the frame, store the arguments, return the frame. */
    private void writeEntry(MethodNode method, List<SavedValue> arguments, List<LocalVariableNode> parameterNames,
                            String[] resumeName, int[] lines, int maxRefs, int maxPrims) {
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        int frameSlot = 0;
        for (SavedValue a : arguments) {
            frameSlot = a.local + (a.kind == SavedValue.Kind.LONG || a.kind == SavedValue.Kind.DOUBLE ? 2 : 1);
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
