package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.Set;

/**
 * ASM's {@link SourceInterpreter}, keeping a value's source only while it is a single instruction (or none, for a
 * parameter): two different sources merge into an unknown one. The full analysis keeps every source of every
 * value and grows quadratic on long methods; a rebuilt stack entry needs one source anyway.
 */
final class SingleSourceInterpreter extends SourceInterpreter {
    private static final Set<AbstractInsnNode> UNKNOWN = Set.of(new InsnNode(Opcodes.NOP));

    SingleSourceInterpreter() {
        super(Opcodes.ASM9);
    }

    /** The one instruction that produced {@code value}, or null when there were several or none. */
    static AbstractInsnNode sourceOf(SourceValue value) {
        return value.insns.size() == 1 && value.insns != UNKNOWN ? value.insns.iterator().next() : null;
    }

    @Override
    public SourceValue merge(SourceValue value1, SourceValue value2) {
        if (value1.size == value2.size && value1.insns.equals(value2.insns)) {
            return value1;
        }
        return new SourceValue(Math.min(value1.size, value2.size), UNKNOWN);
    }
}
