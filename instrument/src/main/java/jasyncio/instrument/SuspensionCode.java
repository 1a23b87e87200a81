package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits the suspensions of a resume method, following its {@link SavePlan}.
 *
 * <p>Each await site becomes {@code Frame.awaitAt(x, frame, label)}, then its suspension in line, which the value
 * jumps over when it came at once (an await of a done value costs what it did). A suspension takes its stack off
 * (into the frame where it must be saved), stores the locals its layout and the core keep (through
 * {@link SaveHelpers} shared by the awaits storing the same values, in line if no other await stores those) and
 * returns SUSPENDED. So all the code a suspension runs in the
 * resume method is on the await's line: a debugger's "step over" a suspending await leaves the method, as it would
 * stop at the first instruction of another line in the same frame. The restore code, shared by many awaits, goes
 * before the body, on no line: a resume restores the core, then its layout, pushes its stack and jumps back to its
 * own await: to the {@code Frame.resumeAt} call placed after the await's suspension, which hands over the delivered
 * value, or throws the delivered exception, right where the await was, on its line and inside the same try
 * blocks. So the method's exception table is never split: a resume point needs no entry of its own. (With shared
 * save code the resume pushes {@code Frame.SUSPENDED} in place of the awaitable and jumps to the await call itself,
 * {@code Frame.await}, which tests for it; that costs no bytes per await; the call of its own costs six, and saves
 * a task step 1-1.7 ns: see docs/debugging.md.)
 *
 * <p>A resume method too long for HotSpot to compile that way shares its save code instead
 * ({@link SharedSaveCode}).
 */
final class SuspensionCode {
    /** Where the suspensions store the locals. */
    enum Saves {
        /** A suspension per await, on its line. */
        PER_AWAIT,
        /** Save chains shared by the awaits, in the resume method. */
        SHARED_CHAINS,
        /** Save chains shared by the awaits, through helper methods. */
        SHARED_HELPERS
    }

    private final ResumeLocals locals;
    private final SaveHelpers helpers;
    private final Saves saves;

    SuspensionCode(ResumeLocals locals, SaveHelpers helpers, Saves saves) {
        this.locals = locals;
        this.helpers = helpers;
        this.saves = saves;
    }

    /**
     * Rewrites the await sites of {@code code}, each with its suspension; returns the restore code, for the
     * prologue to place, or null in a method without awaits (nothing to emit).
     */
    InsnList emit(InsnList code, SavePlan plan) {
        if (plan.layouts.isEmpty()) {
            return null;
        }
        if (saves == Saves.PER_AWAIT) {
            suspendPerAwait(code, plan);
        } else {
            new SharedSaveCode(locals, this, saves == Saves.SHARED_HELPERS ? helpers : null).emit(code, plan);
        }
        InsnList blocks = new InsnList();
        blocks.add(locals.loadFrame());
        blocks.add(Emit.op(Opcodes.DUP));
        blocks.add(Emit.push(plan.firstSlots));
        blocks.add(Emit.frameLabel(Opcodes.PUTFIELD));
        for (SavedValue v : SavedValue.inSlotOrder(plan.core)) {
            blocks.add(v.restoreNext());
        }
        for (SavedValue v : plan.coreConstants) {
            blocks.add(v.restoreNext());
        }
        List<LabelNode> restores = new ArrayList<>();
        for (int i = 0; i < plan.layouts.size(); i++) {
            restores.add(new LabelNode());
        }
        blocks.add(new ResumeDispatch(locals).toLayouts(plan.layouts, restores));
        for (int i = 0; i < plan.layouts.size(); i++) {
            blocks.add(restores.get(i));
            blocks.add(restoreLayout(plan.layouts.get(i)));
        }
        return blocks;
    }

    /** Rewrites each await site with its own suspension, in line. */
    private void suspendPerAwait(InsnList code, SavePlan plan) {
        Map<AwaitPoint, List<SavedValue>> stored = new HashMap<>();
        Map<List<SavedValue>, Integer> storing = new HashMap<>();
        for (SaveLayout layout : plan.layouts) {
            for (AwaitPoint member : layout.members) {
                List<SavedValue> values = new ArrayList<>(
                        layout.chain.subList(layout.entryOf(member), layout.chain.size()));
                values.addAll(plan.core.subList(plan.coreEntryOf(member), plan.core.size()));
                stored.put(member, values);
                storing.merge(values, 1, Integer::sum);
            }
        }
        for (SaveLayout layout : plan.layouts) {
            for (AwaitPoint member : layout.members) {
                List<SavedValue> values = stored.get(member);
                InsnList suspension = suspension(plan, layout, member, values, storing.get(values) > 1);
                suspension.add(resumeCall(member));
                replaceAwait(code, member, suspension);
            }
        }
    }

    /**
     * What {@code member} runs when it suspends, SUSPENDED on top of its stack: takes the stack off, stores
     * {@code values}, its layout's chain from its entry and the core's from its entry (the zero of their kind for
     * those it cannot store as they are), and returns SUSPENDED. Values other awaits store too are stored by a
     * shared helper; the others in line, which is shorter than a helper of their own.
     */
    private InsnList suspension(SavePlan plan, SaveLayout layout, AwaitPoint member, List<SavedValue> values,
                                boolean shared) {
        InsnList code = saveStack(layout.stackOf(member));
        Set<SavedValue> zeroed = new HashSet<>(layout.fillsOf(member));
        zeroed.addAll(plan.coreFillsOf(member));
        if (shared) {
            code.add(helpers.save(values, zeroed, locals.frame()));
        } else {
            for (SavedValue v : values) {
                code.add(v.load(zeroed.contains(v)));
                code.add(v.saveFromStack(locals.frame()));
            }
        }
        code.add(Emit.op(Opcodes.ARETURN));
        return code;
    }

    /**
     * Where a resume takes the value of {@code member}: after its suspension (which returns), so the value the call
     * pushes joins the one the await pushes when it comes at once. The await itself is not entered again: one call
     * site for the two ways there would profile both, and C2 compiles the awaiting loop once for both.
     */
    private InsnList resumeCall(AwaitPoint member) {
        member.resume = new LabelNode();
        InsnList code = new InsnList();
        code.add(member.resume);
        code.add(locals.loadFrame());
        code.add(Emit.push(member.label));
        code.add(Emit.callFrame(Names.FRAME_RESUME_AT));
        return code;
    }

    /** The await call, in place: the value (stack as it was), or the suspension with SUSPENDED on top. */
    private void replaceAwait(InsnList code, AwaitPoint p, InsnList suspension) {
        LabelNode ready = new LabelNode();
        InsnList await = awaitCall(p);
        await.add(Emit.jump(Opcodes.IF_ACMPNE, ready));
        await.add(suspension);
        await.add(ready);
        replace(code, p, await);
    }

    /** The await call of {@code p} and its test: the value, and SUSPENDED on top, for a jump on their equality. */
    InsnList awaitCall(AwaitPoint p) {
        InsnList await = new InsnList();
        await.add(p.site);
        await.add(locals.loadFrame());
        await.add(Emit.push(p.label));
        await.add(Emit.callFrame(saves == Saves.PER_AWAIT ? Names.FRAME_AWAIT_AT : Names.FRAME_AWAIT));
        await.add(Emit.op(Opcodes.DUP));
        await.add(locals.loadSuspended());
        return await;
    }

    /** Replaces the call of {@code Asyncio.await} at {@code p} with {@code await}. */
    static void replace(InsnList code, AwaitPoint p, InsnList await) {
        code.insert(p.call, await);
        code.remove(p.call);
    }

    /** Takes a member's stack below SUSPENDED off, into the frame where it must be saved, leaving SUSPENDED. */
    InsnList saveStack(List<StackEntry> stack) {
        InsnList code = new InsnList();
        if (stack.isEmpty()) {
            return code;
        }
        if (stack.size() == 1 && stack.get(0).size == 1) {
            code.add(Emit.op(Opcodes.SWAP));
            code.add(stack.get(0).save(locals.frame()));
            return code;
        }
        code.add(Emit.op(Opcodes.POP));
        for (int i = stack.size() - 1; i >= 0; i--) {
            code.add(stack.get(i).save(locals.frame()));
        }
        code.add(locals.loadSuspended());
        return code;
    }

    /**
     * Reloads the layout's locals (the frame on the stack, the core's read before), then goes back to the await
     * of the frame's label: to its {@link AwaitPoint#resume} call with a suspension per await, else to its site with
     * SUSPENDED on the stack; the members without a stack below the awaitable (labelled first) straight from a
     * {@code tableswitch}, the others through a stub that pushes their stack first.
     */
    private InsnList restoreLayout(SaveLayout layout) {
        InsnList code = new InsnList();
        for (SavedValue v : SavedValue.inSlotOrder(layout.chain)) {
            code.add(v.restoreNext());
        }
        for (SavedValue v : layout.constants) {
            code.add(v.restoreNext());
        }
        code.add(Emit.op(Opcodes.POP));
        List<AwaitPoint> plain = new ArrayList<>();
        List<AwaitPoint> stacked = new ArrayList<>();
        for (AwaitPoint m : layout.members) {
            (m.stack.isEmpty() ? plain : stacked).add(m);
        }
        LabelNode stackedDispatch = new LabelNode();
        if (!plain.isEmpty()) {
            if (!stacked.isEmpty()) {
                code.add(locals.loadLabel());
                code.add(Emit.push(plain.get(plain.size() - 1).label));
                code.add(Emit.jump(Opcodes.IF_ICMPGT, stackedDispatch));
            }
            code.add(reentryMarker());
            LabelNode[] sites = new LabelNode[plain.size()];
            for (int i = 0; i < sites.length; i++) {
                sites[i] = reentry(plain.get(i));
            }
            code.add(jumpOnLabel(plain, sites));
        }
        if (!stacked.isEmpty()) {
            LabelNode[] stubs = new LabelNode[stacked.size()];
            for (int i = 0; i < stubs.length; i++) {
                stubs[i] = new LabelNode();
            }
            code.add(stackedDispatch);
            code.add(jumpOnLabel(stacked, stubs));
            for (int i = 0; i < stubs.length; i++) {
                AwaitPoint m = stacked.get(i);
                code.add(stubs[i]);
                for (StackEntry e : layout.stackOf(m)) {
                    code.add(e.restore(locals.frame()));
                }
                code.add(reentryMarker());
                code.add(Emit.jump(reentry(m)));
            }
        }
        return code;
    }

    /** Where a resume at {@code member} goes back to, its stack below the awaitable pushed (and SUSPENDED, for a site). */
    private LabelNode reentry(AwaitPoint member) {
        return saves == Saves.PER_AWAIT ? member.resume : member.site;
    }

    /** What a resume pushes before it jumps to its {@link #reentry}: SUSPENDED for an await site, nothing for a call. */
    private InsnList reentryMarker() {
        InsnList code = new InsnList();
        if (saves != Saves.PER_AWAIT) {
            code.add(locals.loadSuspended());
        }
        return code;
    }

    /** Jumps to {@code targets[i]} for the label of {@code members.get(i)}: the labels are consecutive. */
    private InsnList jumpOnLabel(List<AwaitPoint> members, LabelNode[] targets) {
        InsnList code = new InsnList();
        if (members.size() == 1) {
            code.add(Emit.jump(targets[0]));
            return code;
        }
        code.add(locals.loadLabel());
        code.add(new TableSwitchInsnNode(members.get(0).label, members.get(members.size() - 1).label, targets[0],
                targets));
        return code;
    }
}
