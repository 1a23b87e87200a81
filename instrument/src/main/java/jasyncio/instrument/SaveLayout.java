package jasyncio.instrument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a group of await points saves and restores, beyond the {@link SavePlan core}, with one shared block of
 * code each instead of a copy per await: the union of their other live locals, each always in the same frame slot.
 *
 * <p>The save block is a chain over the union, the values fewer members can store first. A member enters the
 * chain at its first live value, so what only other members keep (a long method's later locals, a block's own
 * variables) is mostly skipped rather than stored. What a member skips is not live there: a primitive keeps stale
 * bits in the frame, which no one reads, and a reference slot holds null, since the runtime drops the saved
 * references whenever a frame suspends. The restore block restores the whole union (a member's dead locals get
 * values it ignores), so that every member's live locals have their types where it resumes.
 *
 * <p>A member that cannot store some value the chain stores after its entry (a primitive it never set, a dead
 * reference the frame must not retain, a dead value a resume at another layout's await leaves unset) first
 * <em>fills</em> those locals with zero or null. The operand stack
 * below an awaitable is the member's own: saved and restored by it alone, in frame slots after the union's.
 */
final class SaveLayout {
    /** Rough bytes of code, to weigh a shared layout against a layout of one's own. */
    private static final int SAVE_AND_RESTORE_COST = 16;
    private static final int CAST_COST = 3;
    private static final int FILL_COST = 3;
    private static final int DISPATCH_COST = 4;
    private static final int LAYOUT_COST = 12;

    /** The members, those without a stack below their awaitable first. */
    final List<AwaitPoint> members = new ArrayList<>();
    private final NavigableMap<Integer, SavedValue> union = new TreeMap<>();

    /** After {@link #allocate}: the save chain, the values only restored (nulls), and slot counts. */
    List<SavedValue> chain;
    List<SavedValue> constants;
    int refsUsed;
    int primsUsed;
    private final Map<AwaitPoint, Integer> entries = new HashMap<>();
    private final Map<AwaitPoint, List<StackEntry>> stacks = new HashMap<>();

    private final Set<Integer> core;

    private SaveLayout(AwaitPoint first, Set<Integer> core) {
        this.core = core;
        add(first);
    }

    /**
     * Groups {@code points}, in order, into layouts of their live locals outside the {@code core} slots: each joins
     * the layout where it adds the least code. Frame slots are allocated after the core's ({@code coreSlots}).
     */
    static List<SaveLayout> group(List<AwaitPoint> points, Set<Integer> core, SavedValue.Allocator coreSlots) {
        List<SaveLayout> layouts = new ArrayList<>();
        for (AwaitPoint p : points) {
            SaveLayout best = null;
            int bestCost = costAlone(p, core);
            for (SaveLayout layout : layouts) {
                if (layout.accepts(p)) {
                    int cost = layout.costOfAdding(p);
                    if (cost < bestCost) {
                        best = layout;
                        bestCost = cost;
                    }
                }
            }
            if (best == null) {
                layouts.add(new SaveLayout(p, core));
            } else {
                best.add(p);
            }
        }
        for (SaveLayout layout : layouts) {
            layout.allocate(coreSlots.copy());
        }
        return layouts;
    }

    /** {@code p}'s live locals outside the core. */
    private static List<SavedValue> ownLocals(AwaitPoint p, Set<Integer> core) {
        List<SavedValue> own = new ArrayList<>();
        for (SavedValue v : p.live.values()) {
            if (!core.contains(v.local)) {
                own.add(v);
            }
        }
        return own;
    }

    private void add(AwaitPoint p) {
        members.add(p);
        for (SavedValue v : ownLocals(p, core)) {
            union.put(v.local, v);
        }
    }

    /** True when none of {@code p}'s live locals clashes with the union's. */
    private boolean accepts(AwaitPoint p) {
        for (SavedValue v : ownLocals(p, core)) {
            SavedValue mine = union.get(v.local);
            if (mine != null ? !mine.restoresLike(v) : clashes(v)) {
                return false;
            }
        }
        return true;
    }

    private boolean clashes(SavedValue local) {
        for (SavedValue v : union.subMap(local.local - 1, true, local.local + 1, true).values()) {
            if (v.overlaps(local)) {
                return true;
            }
        }
        return false;
    }

    private static int costAlone(AwaitPoint p, Set<Integer> core) {
        int cost = LAYOUT_COST;
        for (SavedValue v : ownLocals(p, core)) {
            cost += cost(v);
        }
        return cost;
    }

    /** The code {@code p} adds here: its new locals, the fills it needs, and those the members need for them. */
    private int costOfAdding(AwaitPoint p) {
        int cost = DISPATCH_COST;
        for (SavedValue v : union.values()) {
            if (!p.canSaveInLayout(v)) {
                cost += FILL_COST;
            }
        }
        for (SavedValue v : ownLocals(p, core)) {
            if (union.containsKey(v.local)) {
                continue;
            }
            cost += cost(v);
            for (AwaitPoint m : members) {
                if (!m.canSaveInLayout(v)) {
                    cost += FILL_COST;
                }
            }
        }
        return cost;
    }

    private static int cost(SavedValue v) {
        return SAVE_AND_RESTORE_COST + (v.kind == SavedValue.Kind.REF ? CAST_COST : 0);
    }

    /** Orders members and chain, gives every value its frame slot and every member its entry into the chain. */
    private void allocate(SavedValue.Allocator slots) {
        members.sort(Comparator.comparing(m -> !m.stack.isEmpty()));
        List<SavedValue> stored = new ArrayList<>();
        constants = new ArrayList<>();
        for (SavedValue v : union.values()) {
            (v.kind == SavedValue.Kind.NULL ? constants : stored).add(v);
        }
        stored.sort(Comparator.comparingInt(this::membersThatCanSave));
        chain = new ArrayList<>();
        for (SavedValue v : stored) {
            chain.add(slots.allocate(v));
        }
        refsUsed = slots.refs;
        primsUsed = slots.prims();
        for (AwaitPoint m : members) {
            int entry = chain.size();
            for (int i = 0; i < chain.size(); i++) {
                if (m.live.containsKey(chain.get(i).local)) {
                    entry = i;
                    break;
                }
            }
            entries.put(m, entry);
            SavedValue.Allocator stackSlots = slots.copy();
            List<StackEntry> stack = new ArrayList<>();
            for (StackEntry e : m.stack) {
                stack.add(e.withSlot(stackSlots));
            }
            stacks.put(m, stack);
            refsUsed = Math.max(refsUsed, stackSlots.refs);
            primsUsed = Math.max(primsUsed, stackSlots.prims());
        }
    }

    private int membersThatCanSave(SavedValue v) {
        int count = 0;
        for (AwaitPoint m : members) {
            if (m.canSaveInLayout(v)) {
                count++;
            }
        }
        return count;
    }

    /** Where {@code member} enters the save chain: the index of the first value it stores. */
    int entryOf(AwaitPoint member) {
        return entries.get(member);
    }

    /** The locals {@code member} must set before entering the chain: those it stores but cannot as they are. */
    List<SavedValue> fillsOf(AwaitPoint member) {
        List<SavedValue> fills = new ArrayList<>();
        for (SavedValue v : chain.subList(entryOf(member), chain.size())) {
            if (!member.canSaveInLayout(v)) {
                fills.add(v);
            }
        }
        return fills;
    }

    /** {@code member}'s operand stack below the awaitable, bottom first, saved entries with their frame slots. */
    List<StackEntry> stackOf(AwaitPoint member) {
        return stacks.get(member);
    }
}
