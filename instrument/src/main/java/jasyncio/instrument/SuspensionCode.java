package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.util.Printer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits the suspensions of a resume method, following its {@link SavePlan}.
 *
 * <p>Each await site becomes {@code Frame.await(x, frame, label)} followed by a jump to the save code when it
 * returns {@code SUSPENDED}; nothing else happens there, so an await of a done value costs what it did. The save
 * and restore blocks, shared by many awaits, go after the method's code, outside every try block. A suspension
 * takes its stack off (a stub of its own, which also sets the locals it must store but cannot as they are), runs
 * its layout's save chain from its entry, then the core's, and returns SUSPENDED. A resume restores the core, then
 * its layout, pushes its stack and {@code Frame.RESUMING} and jumps back to its own await site: {@code Frame.await}
 * then hands over the delivered value, or throws the delivered exception, right where the await was, inside the
 * same try blocks. So the method's exception table is never split: a resume point needs no entry of its own.
 */
final class SuspensionCode {
    private final ResumeLocals locals;
    /** Where the save chains go when the resume method would be too long to compile, or null: they stay in it. */
    private final SaveHelpers helpers;
    /** The positions of the core's save chain that some suspension enters at. */
    private final Set<Integer> coreEntries = new HashSet<>();

    SuspensionCode(ResumeLocals locals, SaveHelpers helpers) {
        this.locals = locals;
        this.helpers = helpers;
    }

    /**
     * Rewrites the await sites and appends the save and restore blocks to {@code code}; returns where resumes
     * start, or null in a method without awaits (nothing to emit).
     */
    LabelNode emit(InsnList code, SavePlan plan) {
        if (plan.layouts.isEmpty()) {
            return null;
        }
        InsnList blocks = new InsnList();
        LabelNode[] coreAt = new LabelNode[plan.core.size() + 1];
        for (int i = 0; i < coreAt.length; i++) {
            coreAt[i] = new LabelNode();
        }
        for (SaveLayout layout : plan.layouts) {
            blocks.add(saveLayout(code, plan, layout, coreAt));
        }
        blocks.add(chain(plan.core, coreAt, coreEntries));
        blocks.add(coreAt[plan.core.size()]);
        blocks.add(new InsnNode(Opcodes.ARETURN));

        LabelNode coreRestore = new LabelNode();
        blocks.add(coreRestore);
        blocks.add(locals.loadFrame());
        blocks.add(new InsnNode(Opcodes.DUP));
        blocks.add(SavedValue.push(plan.firstSlots));
        blocks.add(new FieldInsnNode(Opcodes.PUTFIELD, Names.FRAME, "label", "I"));
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
        code.add(blocks);
        return coreRestore;
    }

    /**
     * Rewrites the layout's await sites; returns its members' stubs and its save chain, which goes on with the
     * core's. SUSPENDED stays on the operand stack throughout, for the final {@code areturn}.
     */
    private InsnList saveLayout(InsnList code, SavePlan plan, SaveLayout layout, LabelNode[] coreAt) {
        LabelNode[] chainAt = new LabelNode[layout.chain.size()];
        for (int i = 0; i < chainAt.length; i++) {
            chainAt[i] = new LabelNode();
        }
        InsnList blocks = new InsnList();
        Map<StubKey, LabelNode> stubs = new HashMap<>();
        Set<Integer> entries = new HashSet<>();
        for (AwaitPoint member : layout.members) {
            int entry = layout.entryOf(member);
            LabelNode onSuspend;
            if (entry < chainAt.length) {
                entries.add(entry);
                onSuspend = chainAt[entry];
            } else {
                coreEntries.add(plan.coreEntryOf(member));
                onSuspend = coreAt[plan.coreEntryOf(member)];
            }
            List<SavedValue> fills = layout.fillsOf(member);
            fills.addAll(plan.coreFillsOf(member));
            List<StackEntry> stack = layout.stackOf(member);
            if (!fills.isEmpty() || !stack.isEmpty()) {
                InsnList stub = saveStack(stack);
                for (SavedValue v : fills) {
                    stub.add(v.zeroLocal());
                }
                // Awaits with the same stack and fills before the same entry share one stub.
                StubKey key = new StubKey(StubKey.text(stub), onSuspend);
                LabelNode shared = stubs.get(key);
                if (shared == null) {
                    shared = new LabelNode();
                    stubs.put(key, shared);
                    blocks.add(shared);
                    blocks.add(stub);
                    blocks.add(new JumpInsnNode(Opcodes.GOTO, onSuspend));
                }
                onSuspend = shared;
            }
            replaceAwait(code, member, onSuspend);
        }
        blocks.add(chain(layout.chain, chainAt, entries));
        if (chainAt.length > 0) {
            coreEntries.add(0);
            blocks.add(new JumpInsnNode(Opcodes.GOTO, coreAt[0]));
        }
        return blocks;
    }

    /**
     * Stores {@code values}, each at its label in {@code at} (those in {@code entries} are jumped to): in line, or
     * through helper methods, one for each stretch between entries that fits a method's arguments.
     */
    private InsnList chain(List<SavedValue> values, LabelNode[] at, Set<Integer> entries) {
        InsnList code = new InsnList();
        int start = 0;
        int slots = 1;
        for (int i = 0; i <= values.size(); i++) {
            boolean cut = i == values.size() || entries.contains(i)
                    || slots + values.get(i).kind.size() > SaveHelpers.MAX_ARGUMENT_SLOTS;
            if (helpers == null && i < values.size()) {
                code.add(at[i]);
                code.add(values.get(i).saveLocal(locals.frame()));
            } else if (helpers != null && cut && i > start) {
                code.add(at[start]);
                code.add(helpers.save(values.subList(start, i), locals.frame()));
                start = i;
                slots = 1;
            }
            if (i < values.size()) {
                slots += values.get(i).kind.size();
            }
        }
        return code;
    }

    /** A save stub by what it does: its instructions, as text, and where it goes on. */
    private record StubKey(List<String> code, LabelNode next) {
        static List<String> text(InsnList code) {
            List<String> text = new ArrayList<>();
            for (AbstractInsnNode insn : code) {
                StringBuilder line = new StringBuilder(Printer.OPCODES[insn.getOpcode()]);
                if (insn instanceof VarInsnNode v) {
                    line.append(' ').append(v.var);
                } else if (insn instanceof IntInsnNode i) {
                    line.append(' ').append(i.operand);
                } else if (insn instanceof LdcInsnNode c) {
                    line.append(' ').append(c.cst);
                } else if (insn instanceof MethodInsnNode m) {
                    line.append(' ').append(m.name).append(m.desc);
                }
                text.add(line.toString());
            }
            return text;
        }
    }

    /** The await call, in place: the value (stack as it was), or a jump to the save code with SUSPENDED on top. */
    private void replaceAwait(InsnList code, AwaitPoint p, LabelNode onSuspend) {
        InsnList await = new InsnList();
        await.add(p.site);
        await.add(locals.loadFrame());
        await.add(SavedValue.push(p.label));
        await.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME, "await", Names.FRAME_AWAIT_DESC, false));
        await.add(new InsnNode(Opcodes.DUP));
        await.add(locals.loadSuspended());
        await.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, onSuspend));
        code.insert(p.call, await);
        code.remove(p.call);
    }

    /** Takes a member's stack below SUSPENDED off, into the frame where it must be saved, leaving SUSPENDED. */
    private InsnList saveStack(List<StackEntry> stack) {
        InsnList code = new InsnList();
        if (stack.isEmpty()) {
            return code;
        }
        if (stack.size() == 1 && stack.get(0).size == 1) {
            code.add(new InsnNode(Opcodes.SWAP));
            code.add(stack.get(0).save(locals.frame()));
            return code;
        }
        code.add(new InsnNode(Opcodes.POP));
        for (int i = stack.size() - 1; i >= 0; i--) {
            code.add(stack.get(i).save(locals.frame()));
        }
        code.add(locals.loadSuspended());
        return code;
    }

    /**
     * Reloads the layout's locals (the frame on the stack, the core's read before), then goes back to the await
     * site of the frame's label with RESUMING on the stack: the members without a stack below the awaitable
     * (labelled first) straight from a {@code tableswitch}, the others through a stub that pushes their stack first.
     */
    private InsnList restoreLayout(SaveLayout layout) {
        InsnList code = new InsnList();
        for (SavedValue v : SavedValue.inSlotOrder(layout.chain)) {
            code.add(v.restoreNext());
        }
        for (SavedValue v : layout.constants) {
            code.add(v.restoreNext());
        }
        code.add(new InsnNode(Opcodes.POP));
        List<AwaitPoint> plain = new ArrayList<>();
        List<AwaitPoint> stacked = new ArrayList<>();
        for (AwaitPoint m : layout.members) {
            (m.stack.isEmpty() ? plain : stacked).add(m);
        }
        LabelNode stackedDispatch = new LabelNode();
        if (!plain.isEmpty()) {
            if (!stacked.isEmpty()) {
                code.add(locals.loadLabel());
                code.add(SavedValue.push(plain.get(plain.size() - 1).label));
                code.add(new JumpInsnNode(Opcodes.IF_ICMPGT, stackedDispatch));
            }
            code.add(ResumeLocals.marker("RESUMING"));
            LabelNode[] sites = new LabelNode[plain.size()];
            for (int i = 0; i < sites.length; i++) {
                sites[i] = plain.get(i).site;
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
                code.add(ResumeLocals.marker("RESUMING"));
                code.add(new JumpInsnNode(Opcodes.GOTO, m.site));
            }
        }
        return code;
    }

    /** Jumps to {@code targets[i]} for the label of {@code members.get(i)}: the labels are consecutive. */
    private InsnList jumpOnLabel(List<AwaitPoint> members, LabelNode[] targets) {
        InsnList code = new InsnList();
        if (members.size() == 1) {
            code.add(new JumpInsnNode(Opcodes.GOTO, targets[0]));
            return code;
        }
        code.add(locals.loadLabel());
        code.add(new TableSwitchInsnNode(members.get(0).label, members.get(members.size() - 1).label, targets[0],
                targets));
        return code;
    }
}
