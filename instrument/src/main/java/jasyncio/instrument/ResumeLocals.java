package jasyncio.instrument;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The locals the resume method adds above the method's own: the frame, the label it resumed at, and, in a method
 * with many awaits and few locals, the {@code SUSPENDED} marker, a byte shorter to load from a local. Where it
 * makes the method shorter, {@link FrameSlotFirst} moves the frame and the marker to the first slots at the end.
 */
record ResumeLocals(int frame, int label, int suspended) {
    /** Awaits from which keeping the marker in a local saves more than its store costs. */
    private static final int AWAITS_FOR_MARKER_LOCAL = 6;
    /** Past this slot a load takes a {@code wide} prefix, and is no shorter than {@code getstatic}. */
    private static final int MAX_SHORT_LOCAL = 255;

    static ResumeLocals above(int maxLocals, int awaits) {
        boolean markerLocal = awaits >= AWAITS_FOR_MARKER_LOCAL && maxLocals + 2 <= MAX_SHORT_LOCAL;
        return new ResumeLocals(maxLocals, maxLocals + 1, markerLocal ? maxLocals + 2 : -1);
    }

    int count() {
        return suspended < 0 ? 2 : 3;
    }

    VarInsnNode loadFrame() {
        return Emit.load(SavedValue.Kind.REF, frame);
    }

    VarInsnNode loadLabel() {
        return Emit.load(SavedValue.Kind.INT, label);
    }

    AbstractInsnNode loadSuspended() {
        return suspended < 0 ? Emit.suspendedMarker() : Emit.load(SavedValue.Kind.REF, suspended);
    }
}
