package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

import java.util.List;

/**
 * The jumps on the frame's label in a resume method. The prologue keeps the frame, its label (and the
 * {@code SUSPENDED} marker) in locals and jumps: label 0 to the reload of the arguments and the body, any
 * other to the restore of the core, after which {@link #toLayouts} picks the layout the label belongs to. Each
 * layout's labels are consecutive, so that jump is a comparison per layout or, when shorter, a {@code tableswitch}.
 *
 * <p>Where a resume enters a loop (an await in it), the jump on label 0 is a {@code lookupswitch}, 12 to 17 bytes
 * longer than an {@code ifeq}, for HotSpot's sake. C2 compiles only the cases of a switch that the profile saw
 * taken, however few the calls, but both ways of a conditional jump until it has counted 40. A method called a
 * few times whose loop runs long (a benchmark's 100,000 awaits in one call) would be compiled with its resume path
 * entering the loop even though no resume ever happened: a loop with two entries, which C2 does not optimise
 * (docs/rewrite-size.md, "The jump on label 0").
 */
final class ResumeDispatch {
    /** Rough bytes of a {@code tableswitch} on top of its entries, and of one comparison with a label. */
    private static final int SWITCH_COST = 16;
    private static final int COMPARISON_COST = 7;

    private final ResumeLocals locals;

    ResumeDispatch(ResumeLocals locals) {
        this.locals = locals;
    }

    /**
     * Inserts the prologue before {@code body}; {@code labels} is the highest label, {@code profiledEntry} says
     * to jump on label 0 with a switch, and {@code restore} is where a label above 0 goes (placed here, before the
     * body's first line, so that it carries none). The {@code preset} zeroes run first, whatever the label. The
     * arguments are reloaded at label 0, and an array that only carried arguments dropped (a suspended frame then
     * retains nothing it does not need).
     */
    void prologue(InsnList body, boolean frameParameter, int labels, boolean profiledEntry, InsnList restore,
                  InsnList preset, List<SavedValue> arguments, boolean dropRefs, boolean dropPrims) {
        InsnList code = new InsnList();
        LabelNode start = new LabelNode();
        if (locals.suspended() >= 0) {
            code.add(Emit.suspendedMarker());
            code.add(Emit.store(SavedValue.Kind.REF, locals.suspended()));
        }
        code.add(Emit.load(SavedValue.Kind.REF, 0));
        if (!frameParameter) {
            code.add(Emit.checkcast(Names.FRAME));
        }
        if (labels == 0) {
            code.add(Emit.store(SavedValue.Kind.REF, locals.frame()));
            code.add(preset);
        } else {
            // Frame.resume only calls the body at label 0 or at one of its await sites: no range check here.
            code.add(Emit.op(Opcodes.DUP));
            code.add(Emit.store(SavedValue.Kind.REF, locals.frame()));
            code.add(preset);
            code.add(Emit.frameLabel(Opcodes.GETFIELD));
            code.add(Emit.op(Opcodes.DUP));
            code.add(Emit.store(SavedValue.Kind.INT, locals.label()));
            if (profiledEntry) {
                LabelNode resume = new LabelNode();
                code.add(new LookupSwitchInsnNode(resume, new int[] {0}, new LabelNode[] {start}));
                code.add(resume);
            } else {
                code.add(Emit.jump(Opcodes.IFEQ, start));
            }
            code.add(restore);
        }
        code.add(start);
        for (SavedValue argument : arguments) {
            code.add(argument.restoreLocal(locals.frame()));
        }
        if (dropRefs) {
            code.add(dropArguments(Names.DROP_REFS));
        }
        if (dropPrims) {
            code.add(dropArguments(Names.DROP_PRIMS));
        }
        body.insert(code);
    }

    /**
     * Jumps to {@code restores.get(i)} for a label of {@code layouts.get(i)}, the label being valid; falls through
     * for the first layout when it is the only one (its restore comes next).
     */
    InsnList toLayouts(List<SaveLayout> layouts, List<LabelNode> restores) {
        InsnList code = new InsnList();
        if (layouts.size() <= 1) {
            return code;
        }
        int labels = layouts.stream().mapToInt(l -> l.members.size()).sum();
        code.add(locals.loadLabel());
        if (4 * labels + SWITCH_COST <= COMPARISON_COST * (layouts.size() - 1)) {
            LabelNode[] targets = new LabelNode[labels];
            for (int i = 0; i < layouts.size(); i++) {
                for (AwaitPoint member : layouts.get(i).members) {
                    targets[member.label - 1] = restores.get(i);
                }
            }
            code.add(new TableSwitchInsnNode(1, labels, targets[0], targets));
            return code;
        }
        for (int i = 0; i < layouts.size() - 1; i++) {
            List<AwaitPoint> members = layouts.get(i).members;
            if (i > 0) {
                code.add(locals.loadLabel());
            }
            code.add(Emit.push(members.get(members.size() - 1).label));
            code.add(Emit.jump(Opcodes.IF_ICMPLE, restores.get(i)));
        }
        code.add(Emit.jump(restores.get(restores.size() - 1)));
        return code;
    }

    private InsnList dropArguments(Names.FrameMethod helper) {
        InsnList code = new InsnList();
        code.add(locals.loadFrame());
        code.add(Emit.callFrame(helper));
        return code;
    }
}
