package jasyncio.instrument;

import jasyncio.instrument.UninitializedValues.Uninitialized;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code new Point(await(x), await(y))}: javac emits {@code NEW; DUP} before the arguments, so an
 * uninitialised object sits on the stack at the awaits, and such a value cannot be saved anywhere. This pass
 * builds the object after the arguments, which it parks in fresh locals: {@code <args>; store args; NEW; DUP;
 * load args; INVOKESPECIAL <init>}. Only objects still uninitialised at an await are moved, with every copy
 * javac made of them: the {@code DUP}, and the stores to locals and loads back with which javac spills the whole
 * stack around a {@code try} inside a switch expression.
 *
 * <p>Where {@code NEW} stood, {@code NEW; POP} stays: {@code new} initialises its class first (JVMS 5.5), before
 * the arguments run, and an allocation dropped at once is the one instruction that does exactly that: no side
 * effect besides the initialisation (an object never constructed is never finalized), no access beyond the
 * original {@code new}'s, verifiable (an uninitialised value may be popped), and removed by the JIT. A call of
 * {@code Lookup.ensureInitialized} would need Java 15 and a lookup with access; {@code Class.forName} a name
 * lookup on every run.
 */
final class MoveUninitializedNew {
    private MoveUninitializedNew() {
    }

    /** Rewrites {@code method} in place; throws {@link RewriteException} for a shape javac does not emit. */
    static void apply(String owner, MethodNode method, Set<AbstractInsnNode> awaits) throws AnalyzerException {
        InsnList code = method.instructions;
        Frame<BasicValue>[] frames = UninitializedValues.of(owner, method);
        Set<Uninitialized> moved = pendingAtAnAwait(code, frames, awaits);
        if (moved.isEmpty()) {
            return;
        }
        List<AbstractInsnNode> copies = new ArrayList<>();
        Map<MethodInsnNode, Frame<BasicValue>> inits = new LinkedHashMap<>();
        for (int i = 0; i < code.size(); i++) {
            AbstractInsnNode insn = code.get(i);
            Frame<BasicValue> frame = frames[i];
            if (frame == null) {
                continue;
            }
            if (insn.getOpcode() == Opcodes.NEW) {
                continue;
            }
            if (UninitializedValues.isInit(insn)) {
                if (moved.contains(UninitializedValues.receiverOf((MethodInsnNode) insn, frame))) {
                    inits.put((MethodInsnNode) insn, frame);
                }
            } else if (movesOnlyAMovedObject(insn, frame, moved)) {
                copies.add(insn);
            } else {
                rejectOtherUses(insn, frame, moved);
            }
        }
        for (Uninitialized object : moved) {
            code.insert(object.newInsn, Emit.op(Opcodes.POP));
            inits.forEach((init, frame) -> {
                if (UninitializedValues.receiverOf(init, frame) == object) {
                    rebuild(method, init, frame);
                }
            });
        }
        for (AbstractInsnNode copy : copies) {
            code.remove(copy);
        }
    }

    /** The objects, in the order of their {@code NEW}, that some await finds on the stack or in a local. */
    private static Set<Uninitialized> pendingAtAnAwait(InsnList code, Frame<BasicValue>[] frames,
                                                       Set<AbstractInsnNode> awaits) {
        Set<Uninitialized> pending = new LinkedHashSet<>();
        for (int i = 0; i < code.size(); i++) {
            Frame<BasicValue> frame = frames[i];
            if (frame != null && awaits.contains(code.get(i))) {
                for (int s = 0; s < frame.getStackSize(); s++) {
                    addIfUninitialized(frame.getStack(s), pending);
                }
                for (int l = 0; l < frame.getLocals(); l++) {
                    addIfUninitialized(frame.getLocal(l), pending);
                }
            }
        }
        List<Uninitialized> byPosition = new ArrayList<>(pending);
        byPosition.sort((a, b) -> Integer.compare(code.indexOf(a.newInsn), code.indexOf(b.newInsn)));
        return new LinkedHashSet<>(byPosition);
    }

    private static void addIfUninitialized(BasicValue value, Set<Uninitialized> into) {
        if (value instanceof Uninitialized) {
            into.add((Uninitialized) value);
        }
    }

    /** The {@code DUP} after {@code NEW}, and javac's spill stores and loads: they only copy the object around. */
    private static boolean movesOnlyAMovedObject(AbstractInsnNode insn, Frame<BasicValue> frame,
                                                 Set<Uninitialized> moved) {
        switch (insn.getOpcode()) {
            case Opcodes.DUP:
            case Opcodes.ASTORE:
                return moved.contains(frame.getStack(frame.getStackSize() - 1));
            case Opcodes.ALOAD:
                return moved.contains(frame.getLocal(((VarInsnNode) insn).var));
            default:
                return false;
        }
    }

    /** Other stack shuffles of a moved object: javac writes none, and moving it would change what they mean. */
    private static void rejectOtherUses(AbstractInsnNode insn, Frame<BasicValue> frame, Set<Uninitialized> moved) {
        int words = wordsShuffled(insn.getOpcode());
        for (int s = frame.getStackSize() - 1; s >= 0 && words > 0; s--) {
            BasicValue value = frame.getStack(s);
            if (moved.contains(value)) {
                throw new RewriteException("an await inside the arguments of 'new "
                        + ((Uninitialized) value).newInsn.desc.replace('/', '.')
                        + "(...)' whose object is shuffled on the stack (not javac output)", AwaitSites.lineOf(insn));
            }
            words -= value.getSize();
        }
    }

    /** How many words at the top of the stack a POP, SWAP or DUP other than plain {@code DUP} reads. */
    private static int wordsShuffled(int opcode) {
        switch (opcode) {
            case Opcodes.POP:
                return 1;
            case Opcodes.POP2:
            case Opcodes.SWAP:
            case Opcodes.DUP_X1:
            case Opcodes.DUP2:
                return 2;
            case Opcodes.DUP_X2:
            case Opcodes.DUP2_X1:
                return 3;
            case Opcodes.DUP2_X2:
                return 4;
            default:
                return 0;
        }
    }

    /**
     * Before {@code init}: park the arguments, allocate the object (twice on the stack when javac kept a copy
     * below the receiver, as {@code NEW; DUP} does), reload the arguments.
     */
    private static void rebuild(MethodNode method, MethodInsnNode init, Frame<BasicValue> frame) {
        Type[] args = Type.getArgumentTypes(init.desc);
        int receiver = frame.getStackSize() - args.length - 1;
        BasicValue object = frame.getStack(receiver);
        boolean kept = receiver > 0 && frame.getStack(receiver - 1) == object;
        for (int s = 0; s < receiver - (kept ? 1 : 0); s++) {
            if (frame.getStack(s) == object) {
                throw new RewriteException("an await inside the arguments of 'new " + init.owner.replace('/', '.')
                        + "(...)' with more than two copies of the object on the stack (not javac output)",
                        AwaitSites.lineOf(init));
            }
        }
        int[] slots = new int[args.length];
        for (int a = 0; a < args.length; a++) {
            slots[a] = method.maxLocals;
            method.maxLocals += args[a].getSize();
        }
        InsnList before = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            before.add(Emit.store(args[a], slots[a]));
        }
        before.add(Emit.newObject(((Uninitialized) object).newInsn.desc));
        if (kept) {
            before.add(Emit.op(Opcodes.DUP));
        }
        for (int a = 0; a < args.length; a++) {
            before.add(Emit.load(args[a], slots[a]));
        }
        method.instructions.insertBefore(init, before);
    }
}
