package jasyncio.instrument;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
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
 * The passes, in the order they run, are the numbered steps of {@code rewrite(method, resumeName, helpers)}.
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
     * The resume method to add to the class, the other methods a cut in two added ({@link TailSplit}: each tail's
     * entry and resume method), the length of the longest resume method and, where that is past HotSpot's JIT
     * limit, the length of the method as javac wrote it too (0 otherwise: it is measured only then).
     */
    record Rewrite(MethodNode resume, List<MethodNode> parts, int resumeSize, int originalSize) {
        /** A method HotSpot would compile became one it never will: the rewrite cost it the JIT. */
        boolean losesTheJit() {
            return resumeSize > MethodSize.JIT_LIMIT && originalSize <= MethodSize.JIT_LIMIT;
        }
    }

    /**
     * Turns {@code method} into the entry, in place, and returns the resume method to add to the class. A resume
     * method longer than HotSpot compiles is made again with its save code shared by the awaits, then also moved
     * to helper methods of the class if still too long; if that is not enough for a method HotSpot would compile
     * as javac wrote it (or for the class file), the method is cut in two, each part rewritten the same way.
     */
    Rewrite rewrite(MethodNode method) throws AnalyzerException {
        return rewrite(method, names.pick(method.name));
    }

    private Rewrite rewrite(MethodNode method, String[] resumeName) throws AnalyzerException {
        MethodNode original = copyOf(method);
        SaveHelpers helpers = new SaveHelpers(owner, resumeName[0], resumeAccess());
        MethodNode resume = null;
        int size = 0;
        for (SuspensionCode.Saves saves : SuspensionCode.Saves.values()) {
            if (resume != null) {
                helpers.discard();
                takeBody(method, copyOf(original));
            }
            resume = rewrite(method, resumeName, helpers, saves);
            size = MethodSize.of(resume);
            if (size <= MethodSize.JIT_LIMIT) {
                return new Rewrite(resume, List.of(), size, 0);
            }
        }
        int originalSize = MethodSize.of(original);
        if (originalSize <= MethodSize.JIT_LIMIT || size == Integer.MAX_VALUE) {
            TailSplit.Parts parts = TailSplit.split(owner, original, hierarchy, names, resumeAccess());
            if (parts != null) {
                helpers.discard();
                takeBody(method, parts.head());
                Rewrite head = rewrite(method, resumeName);
                Rewrite tail = rewrite(parts.tail(), names.pick(parts.tail().name));
                // The tail's entry only makes its frame, called from the head on the cut statement's line: without a
                // line of its own, a breakpoint there stops at the head's call and at the statement, not in between.
                dropLines(parts.tail());
                List<MethodNode> added = new ArrayList<>(head.parts);
                added.add(parts.tail());
                added.add(tail.resume);
                added.addAll(tail.parts);
                return new Rewrite(head.resume, added, Math.max(head.resumeSize, tail.resumeSize), originalSize);
            }
        }
        return new Rewrite(resume, List.of(), size, originalSize);
    }

    private static void dropLines(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (insn instanceof LineNumberNode) {
                method.instructions.remove(insn);
            }
        }
    }

    /** Gives {@code method} the code of {@code body}, which it takes over. */
    private static void takeBody(MethodNode method, MethodNode body) {
        method.instructions = body.instructions;
        method.tryCatchBlocks = body.tryCatchBlocks;
        method.localVariables = body.localVariables;
        method.maxLocals = body.maxLocals;
        method.maxStack = body.maxStack;
    }

    private static MethodNode copyOf(MethodNode method) {
        MethodNode copy = new MethodNode(Opcodes.ASM9, method.access, method.name, method.desc, method.signature,
                method.exceptions.toArray(new String[0]));
        method.accept(copy);
        return copy;
    }

    /** The pipeline of passes over one method, in the order they run. */
    private MethodNode rewrite(MethodNode method, String[] resumeName, SaveHelpers helpers,
                               SuspensionCode.Saves saves) throws AnalyzerException {
        List<LocalVariableNode> parameterNames = parameterVariables(method);
        SavedValue.Allocator argumentSlots = new SavedValue.Allocator();
        List<SavedValue> arguments = argumentsOf(method, argumentSlots);
        // A resume entering a loop jumps on label 0 with a switch (see ResumeDispatch), unless bytes are short.
        boolean profiledEntry = saves == SuspensionCode.Saves.PER_AWAIT && AwaitSites.anyInLoop(method);

        // 1. Shape the body so that every await can suspend: an object under construction leaves the stack below
        //    it (MoveUninitializedNew), a load that can be made again after it does not stay there (SinkStackLoads).
        MoveUninitializedNew.apply(owner.name, method, new HashSet<>(AwaitSites.in(method)));
        SinkStackLoads.apply(owner.name, method, AwaitSites.in(method));
        // 2. Analyse (FlowAnalysis with TypeInterpreter, MonitorDepth, Liveness, StackOrigins) what each await
        //    keeps, an AwaitPoint, and group the awaits into the shared save layouts of a SavePlan.
        Planned planned = plan(method);
        // 3. Number the awaits layout by layout: each layout's labels are consecutive.
        int labels = numberAwaits(planned.plan);
        // 4. The resume method takes the body: its returns complete the frame, its awaits suspend (SuspensionCode),
        //    its start jumps on the frame's label (ResumeDispatch), its debug variables are cut (ResumeVariableTable),
        //    the frame takes the one-byte local slots when that makes it shorter (FrameSlotFirst).
        ResumeLocals locals = ResumeLocals.above(method.maxLocals, planned.points.size());
        MethodNode resume = resumeMethod(method, resumeName, locals);
        rewriteReturns(resume.instructions, locals.frame());
        InsnList restore = new SuspensionCode(locals, helpers, saves).emit(resume.instructions,
                planned.plan);
        prologue(resume, locals, labels, restore, planned, arguments, argumentSlots, profiledEntry);
        dropJumpsToNext(resume.instructions);
        ResumeVariableTable.apply(owner.name, resume, new HashSet<>(Arrays.asList(planned.preset)));
        FrameSlotFirst.apply(resume, locals);
        dropEmptyHandlerRanges(resume);
        // 5. The entry: allocate the frame, store the arguments in it, return it.
        writeEntry(method, arguments, parameterNames, resumeName, linesOf(resume, planned.points, labels),
                Math.max(argumentSlots.refs, planned.plan.refsUsed),
                Math.max(argumentSlots.prims(), planned.plan.primsUsed));
        return resume;
    }

    /**
     * The awaits and the plan of their saves; {@code preset}, the instructions at the body's start that zero the
     * locals some saves need set (the analysis then ran again with them).
     */
    private record Planned(List<AwaitPoint> points, SavePlan plan, AbstractInsnNode[] preset) {
    }

    private Planned plan(MethodNode method) throws AnalyzerException {
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        int parameterSlots = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - (isStatic ? 1 : 0);
        List<AwaitPoint> points = analyse(method, Set.of());
        SavePlan plan = SavePlan.of(points, parameterSlots);
        if (plan.preset.isEmpty()) {
            return new Planned(points, plan, new AbstractInsnNode[0]);
        }
        InsnList zeroes = new InsnList();
        Set<Integer> slots = new HashSet<>();
        for (SavedValue v : plan.preset) {
            zeroes.add(v.zeroLocal());
            slots.add(v.local);
        }
        AbstractInsnNode[] preset = zeroes.toArray();
        method.instructions.insert(zeroes);
        points = analyse(method, slots);
        return new Planned(points, SavePlan.of(points, parameterSlots), preset);
    }

    /** Gives each await its label, from 1, layout by layout; returns the highest. */
    private static int numberAwaits(SavePlan plan) {
        int label = 0;
        for (SaveLayout layout : plan.layouts) {
            for (AwaitPoint member : layout.members) {
                member.label = ++label;
            }
        }
        return label;
    }

    /** The resume method, holding the body of {@code method} (without its stack map frames). */
    private MethodNode resumeMethod(MethodNode method, String[] resumeName, ResumeLocals locals) {
        MethodNode resume = new MethodNode(Opcodes.ASM9, resumeAccess(), resumeName[0], resumeName[1], null, null);
        resume.instructions = method.instructions;
        resume.tryCatchBlocks = method.tryCatchBlocks;
        resume.localVariables = method.localVariables;
        resume.maxLocals = method.maxLocals + locals.count();
        resume.maxStack = method.maxStack;
        removeFrames(resume.instructions);
        return resume;
    }

    /**
     * Inserts the jumps on the frame's label, and the restore code they reach. The analysis saw the zeroes at the
     * body's start; they go before the jump on the label, so that resuming at any await sets them too (the awaits'
     * save code relies on them).
     */
    private static void prologue(MethodNode resume, ResumeLocals locals, int labels, InsnList restore,
                                 Planned planned, List<SavedValue> arguments, SavedValue.Allocator argumentSlots,
                                 boolean profiledEntry) {
        InsnList zeroes = new InsnList();
        for (AbstractInsnNode insn : planned.preset) {
            resume.instructions.remove(insn);
            zeroes.add(insn);
        }
        new ResumeDispatch(locals).prologue(resume.instructions, resume.desc.startsWith("(" + Names.FRAME_DESC),
                labels, profiledEntry, restore, zeroes, arguments,
                argumentSlots.refs > 0 && planned.plan.refsUsed == 0,
                argumentSlots.prims() > 0 && planned.plan.primsUsed == 0);
    }

    /** The line of each label: label 0, the body's first line; any other, its await's. */
    private static int[] linesOf(MethodNode resume, List<AwaitPoint> points, int labels) {
        int[] lines = new int[labels + 1];
        lines[0] = AwaitSites.firstLine(resume.instructions);
        for (AwaitPoint p : points) {
            lines[p.label] = p.line;
        }
        return lines;
    }

    /** The data-flow passes, and what each await keeps; {@code preset} are the slots zeroed at the start. */
    private List<AwaitPoint> analyse(MethodNode method, Set<Integer> preset) throws AnalyzerException {
        List<MethodInsnNode> calls = AwaitSites.in(method);
        FlowAnalysis<BasicValue> flow = FlowAnalysis.run(owner.name, method, new TypeInterpreter(hierarchy));
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

    private static void rejectAwaitUnderMonitor(MethodNode method, FlowAnalysis<?> flow, List<MethodInsnNode> calls) {
        int[] depth = MonitorDepth.of(method, flow);
        for (MethodInsnNode call : calls) {
            if (depth[method.instructions.indexOf(call)] > 0) {
                throw new RewriteException(Problems.AWAIT_UNDER_MONITOR, AwaitSites.lineOf(call));
            }
        }
    }

    /** {@code this} and the parameters, stored by the entry and reloaded at label 0. */
    private List<SavedValue> argumentsOf(MethodNode method, SavedValue.Allocator slots) {
        List<SavedValue> arguments = new ArrayList<>();
        int local = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
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
     * Removes the exception handlers whose range holds no instruction any more, which the JVM refuses
     * ({@code ClassFormatError: Illegal exception table range}). javac writes a range of a single {@code goto} to the
     * next instruction: a {@code break} before an empty {@code default}, in a {@code try} whose range a
     * {@code return} cut (its {@code finally} copied there); {@link #dropJumpsToNext} empties it.
     */
    private static void dropEmptyHandlerRanges(MethodNode method) {
        method.tryCatchBlocks.removeIf(block -> {
            for (AbstractInsnNode insn = block.start; insn != null && insn != block.end; insn = insn.getNext()) {
                if (insn.getOpcode() >= 0) {
                    return false;
                }
            }
            return true;
        });
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
                code.set(previous, Emit.op(Opcodes.ACONST_NULL));
            } else {
                InsnList complete = new InsnList();
                complete.add(Emit.load(SavedValue.Kind.REF, frameSlot));
                complete.add(Emit.callFrame(Names.FRAME_COMPLETE));
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
        code.add(Emit.newObject(Names.FRAME));
        code.add(Emit.op(Opcodes.DUP));
        StringJoiner lineList = new StringJoiner(",");
        for (int line : lines) {
            lineList.add(Integer.toString(line));
        }
        code.add(new InvokeDynamicInsnNode(Names.METHOD_INFO_CALL, Names.METHOD_INFO_CALL_DESC,
                new Handle(Opcodes.H_INVOKESTATIC, Names.BOOTSTRAP, Names.BOOTSTRAP_NAME, Names.BOOTSTRAP_DESC, false),
                new Handle(Opcodes.H_INVOKESTATIC, owner.name, resumeName[0], resumeName[1], isInterface),
                method.name, owner.sourceFile == null ? "" : owner.sourceFile, lineList.toString(), maxRefs, maxPrims));
        code.add(Emit.initFrame());
        code.add(Emit.store(SavedValue.Kind.REF, frameSlot));
        for (SavedValue a : arguments) {
            code.add(a.saveLocal(frameSlot));
        }
        code.add(Emit.load(SavedValue.Kind.REF, frameSlot));
        code.add(Emit.op(Opcodes.ARETURN));
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
