package jasyncio.instrument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the awaits of one method save and restore their locals, with code shared as widely as the verifier allows:
 *
 * <ul>
 * <li>the <em>core</em>: the locals whose slot holds one type wherever it is live at an await (most of a
 *     method's variables), in one save chain and one restore block for the whole method. The chain stores the
 *     values fewer awaits can store first; an await without locals of a layout enters it at its first live
 *     core local, one with some enters it at the start, after its layout's chain. A reference belongs to the
 *     core only if every await can store it or has not set it yet, since the frame must not retain a dead one.
 *     A local that several awaits would have to set before storing it, not having set it yet, is set to zero
 *     (or null) at the method's start instead ({@link #preset}), and the method analysed again;</li>
 * <li>the {@link SaveLayout layouts}: the other locals (a slot reused by variables of different types, a
 *     reference some awaits no longer need), grouped so that each layout's slots do not clash.</li>
 * </ul>
 *
 * A suspension runs its layout's save chain, then the core's; a resume restores the core, then its layout.
 */
final class SavePlan {
    final List<SavedValue> core = new ArrayList<>();
    /** Core locals known to be null: restored as a constant, never stored. */
    final List<SavedValue> coreConstants = new ArrayList<>();
    final List<SaveLayout> layouts;
    /** Core locals the method sets to zero (or null) at its start, so that the awaits can store them. */
    final List<SavedValue> preset = new ArrayList<>();
    final int refsUsed;
    final int primsUsed;
    /** Where a resume starts reading the core's values ({@link SavedValue.Allocator#firstSlots}). */
    final int firstSlots;
    private final Map<AwaitPoint, Integer> coreEntries = new HashMap<>();
    /** Awaits that would zero a local not set yet, from which zeroing it at the start instead is shorter. */
    private static final int PRESET_AFTER_FILLS = 2;

    private SavePlan(List<AwaitPoint> points, int parameterSlots) {
        Set<Integer> conflicted = conflictedSlots(points);
        Map<Integer, SavedValue> candidates = new TreeMap<>();
        for (AwaitPoint p : points) {
            for (SavedValue v : p.live.values()) {
                if (!conflicted.contains(v.local)) {
                    candidates.putIfAbsent(v.local, v);
                }
            }
        }
        List<SavedValue> stored = new ArrayList<>();
        Set<Integer> coreSlots = new HashSet<>();
        for (SavedValue v : candidates.values()) {
            if (v.kind == SavedValue.Kind.NULL) {
                coreConstants.add(v);
            } else if (v.kind.isPrimitive() || points.stream().allMatch(p -> p.canSave(v) || p.kindAt(v.local) == null)) {
                stored.add(v);
            } else {
                continue;
            }
            coreSlots.add(v.local);
        }
        stored.sort(Comparator.comparingInt(v -> (int) points.stream().filter(p -> p.canSave(v)).count()));
        SavedValue.Allocator slots = new SavedValue.Allocator();
        for (SavedValue v : stored) {
            core.add(slots.allocate(v));
        }
        firstSlots = slots.firstSlots();
        layouts = SaveLayout.group(points, coreSlots, slots);
        int refs = slots.refs;
        int prims = slots.prims();
        for (SaveLayout layout : layouts) {
            refs = Math.max(refs, layout.refsUsed);
            prims = Math.max(prims, layout.primsUsed);
            for (AwaitPoint m : layout.members) {
                coreEntries.put(m, layout.entryOf(m) < layout.chain.size() ? 0 : firstLive(m));
            }
        }
        refsUsed = refs;
        primsUsed = prims;
        for (SavedValue v : core) {
            if (v.local >= parameterSlots && unsetWhereStored(v) >= PRESET_AFTER_FILLS) {
                preset.add(v);
            }
        }
    }

    /** The plan for {@code points}, in a method whose parameters (and {@code this}) take {@code parameterSlots}. */
    static SavePlan of(List<AwaitPoint> points, int parameterSlots) {
        return new SavePlan(points, parameterSlots);
    }

    /** The first core local live at {@code member}, where it enters the core's chain when it has no layout's. */
    private int firstLive(AwaitPoint member) {
        for (int i = 0; i < core.size(); i++) {
            if (member.live.containsKey(core.get(i).local)) {
                return i;
            }
        }
        return core.size();
    }

    /** The awaits that store core local {@code v} while it is not set yet there: each would zero it first. */
    private int unsetWhereStored(SavedValue v) {
        int position = core.indexOf(v);
        int unset = 0;
        for (Map.Entry<AwaitPoint, Integer> e : coreEntries.entrySet()) {
            if (e.getValue() <= position && !e.getKey().canSave(v) && e.getKey().kindAt(v.local) == null) {
                unset++;
            }
        }
        return unset;
    }

    /** Slots live at awaits with different kinds or types, or overlapping a long or double live elsewhere. */
    private static Set<Integer> conflictedSlots(List<AwaitPoint> points) {
        Map<Integer, SavedValue> first = new TreeMap<>();
        Set<Integer> conflicted = new HashSet<>();
        Set<Integer> wide = new HashSet<>();
        for (AwaitPoint p : points) {
            for (SavedValue v : p.live.values()) {
                SavedValue seen = first.putIfAbsent(v.local, v);
                if (seen != null && !seen.restoresLike(v)) {
                    conflicted.add(v.local);
                }
                if (v.kind.size() == 2) {
                    wide.add(v.local);
                }
            }
        }
        for (int slot : wide) {
            if (first.containsKey(slot + 1)) {
                conflicted.add(slot);
                conflicted.add(slot + 1);
            }
        }
        return conflicted;
    }

    /** Where {@code member} enters the core's save chain: the index of the first core local it stores. */
    int coreEntryOf(AwaitPoint member) {
        return coreEntries.get(member);
    }

    /** The core locals {@code member} must set before saving: those it stores but cannot as they are. */
    List<SavedValue> coreFillsOf(AwaitPoint member) {
        List<SavedValue> fills = new ArrayList<>();
        for (SavedValue v : core.subList(coreEntryOf(member), core.size())) {
            if (!member.canSave(v)) {
                fills.add(v);
            }
        }
        return fills;
    }
}
