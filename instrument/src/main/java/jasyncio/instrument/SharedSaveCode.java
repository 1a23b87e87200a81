package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The save code of a resume method too long for HotSpot to compile with a suspension per await: one save chain
 * per layout and one for the core, after the method's code and outside every try block, which the awaits jump
 * into (a stub of its own takes an await's stack off and sets the locals it must store but cannot as they are).
 * The chains run in the resume method on its last line: a debugger's "step over" a suspending await stops there.
 */
final class SharedSaveCode {
    private final ResumeLocals locals;
    private final SuspensionCode suspensions;
    /** Where the save chains go when the resume method would still be too long, or null: they stay in it. */
    private final SaveHelpers helpers;
    /** The positions of the core's save chain that some suspension enters at. */
    private final Set<Integer> coreEntries = new HashSet<>();
    /** The stubs made so far, each shared by the awaits that need the same one. */
    private final Map<StubKey, LabelNode> stubs = new HashMap<>();

    SharedSaveCode(ResumeLocals locals, SuspensionCode suspensions, SaveHelpers helpers) {
        this.locals = locals;
        this.suspensions = suspensions;
        this.helpers = helpers;
    }

    /** Rewrites the await sites of {@code code} to jump to the save chains, and appends them. */
    void emit(InsnList code, SavePlan plan) {
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
        blocks.add(Emit.op(Opcodes.ARETURN));
        code.add(blocks);
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
                LabelNode target = onSuspend;
                onSuspend = stubs.computeIfAbsent(StubKey.of(stack, fills, target), key -> {
                    LabelNode stub = new LabelNode();
                    blocks.add(stub);
                    blocks.add(suspensions.saveStack(stack));
                    for (SavedValue v : fills) {
                        blocks.add(v.zeroLocal());
                    }
                    blocks.add(Emit.jump(target));
                    return stub;
                });
            }
            InsnList await = suspensions.awaitCall(member);
            await.add(Emit.jump(Opcodes.IF_ACMPEQ, onSuspend));
            SuspensionCode.replace(code, member, await);
        }
        blocks.add(chain(layout.chain, chainAt, entries));
        if (chainAt.length > 0) {
            coreEntries.add(0);
            blocks.add(Emit.jump(coreAt[0]));
        }
        return blocks;
    }

    /**
     * Stores {@code values}, each at its label in {@code at} (those in {@code entries} are jumped to): in line, or
     * through helper methods, called for each stretch between entries (and cut by {@link SaveHelpers#save} where
     * a stretch would pass a method's arguments).
     */
    private InsnList chain(List<SavedValue> values, LabelNode[] at, Set<Integer> entries) {
        InsnList code = new InsnList();
        int start = 0;
        for (int i = 0; i <= values.size(); i++) {
            if (helpers == null && i < values.size()) {
                code.add(at[i]);
                code.add(values.get(i).saveLocal(locals.frame()));
            } else if (helpers != null && (i == values.size() || entries.contains(i)) && i > start) {
                code.add(at[start]);
                code.add(helpers.save(values.subList(start, i), Set.of(), locals.frame()));
                start = i;
            }
        }
        return code;
    }

    /**
     * What makes two awaits' stubs interchangeable: the same code to the same chain entry, over operand stacks of
     * the same kinds. Code that reads alike is not enough: {@code pop2} takes a long or two ints, and the verifier
     * cannot merge those two stacks (sharing regardless made 30 of the size benchmark's generated methods
     * unverifiable). References of different classes merge into a common superclass, which the stub only stores
     * or drops. The locals the chain reads are of the right kind on every path in, so they are after the merge.
     */
    private record StubKey(List<String> stack, List<String> fills, LabelNode target) {
        static StubKey of(List<StackEntry> stack, List<SavedValue> fills, LabelNode target) {
            return new StubKey(
                    stack.stream().map(e -> e.kind + (e.saved == null ? " dropped" : " to " + e.saved.index)).toList(),
                    fills.stream().map(v -> v.kind + " " + v.local).toList(), target);
        }
    }
}
