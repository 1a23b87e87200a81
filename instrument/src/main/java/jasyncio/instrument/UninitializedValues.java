package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the object of each {@code NEW} is, uninitialised, before each instruction: on the stack, or in a local
 * where javac spilled it (a switch expression with a {@code try} inside empties the stack into locals). Each
 * {@code NEW} gives one {@link Uninitialized} value, followed through loads, stores and {@code DUP}s by identity;
 * its {@code <init>} call initialises every copy at once, as the verifier does.
 */
final class UninitializedValues {
    /** The object a {@code NEW} created, until its constructor runs. Equal to itself only. */
    static final class Uninitialized extends BasicValue {
        final TypeInsnNode newInsn;

        Uninitialized(TypeInsnNode newInsn) {
            super(Type.getObjectType(newInsn.desc));
            this.newInsn = newInsn;
        }

        @Override
        public boolean equals(Object other) {
            return other == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private UninitializedValues() {
    }

    /** The frame before each instruction (null where unreachable). */
    static Frame<BasicValue>[] of(String owner, MethodNode method) throws AnalyzerException {
        return new Analyzer<>(new Tracking()) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new InitialisingFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                return new InitialisingFrame(frame);
            }
        }.analyze(owner, method);
    }

    /** The receiver of {@code <init>} call {@code init} in {@code frame}, the frame before it. */
    static BasicValue receiverOf(MethodInsnNode init, Frame<BasicValue> frame) {
        return frame.getStack(frame.getStackSize() - Type.getArgumentTypes(init.desc).length - 1);
    }

    static boolean isInit(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>");
    }

    /** {@link BasicInterpreter}, with one identity per {@code NEW}; a merge of it with anything else is unusable. */
    private static final class Tracking extends BasicInterpreter {
        private final Map<AbstractInsnNode, Uninitialized> created = new HashMap<>();

        Tracking() {
            super(Opcodes.ASM9);
        }

        @Override
        public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
            if (insn.getOpcode() == Opcodes.NEW) {
                return created.computeIfAbsent(insn, i -> new Uninitialized((TypeInsnNode) i));
            }
            return super.newOperation(insn);
        }

        @Override
        public BasicValue merge(BasicValue a, BasicValue b) {
            if (a == b) {
                return a;
            }
            if (a instanceof Uninitialized || b instanceof Uninitialized) {
                return BasicValue.UNINITIALIZED_VALUE;
            }
            return super.merge(a, b);
        }
    }

    /** After {@code <init>}, every copy of its receiver, on the stack or in locals, is an initialised reference. */
    private static final class InitialisingFrame extends Frame<BasicValue> {
        InitialisingFrame(int numLocals, int numStack) {
            super(numLocals, numStack);
        }

        InitialisingFrame(Frame<? extends BasicValue> frame) {
            super(frame);
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
            BasicValue receiver = isInit(insn) ? receiverOf((MethodInsnNode) insn, this) : null;
            super.execute(insn, interpreter);
            if (receiver instanceof Uninitialized) {
                for (int i = 0; i < getLocals(); i++) {
                    if (getLocal(i) == receiver) {
                        setLocal(i, BasicValue.REFERENCE_VALUE);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (getStack(i) == receiver) {
                        setStack(i, BasicValue.REFERENCE_VALUE);
                    }
                }
            }
        }
    }
}
