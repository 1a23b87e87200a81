package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code new Point(await(x), await(y))}: javac emits {@code NEW; DUP} before the arguments, so an
 * uninitialised object sits on the stack at the awaits, and such a value cannot be saved anywhere. This pass
 * moves {@code NEW; DUP} after the arguments, which it parks in fresh locals: {@code <args>; store args;
 * NEW; DUP; load args; INVOKESPECIAL <init>}. Only objects whose construction spans an await are moved.
 */
final class MoveUninitializedNew {
    private MoveUninitializedNew() {
    }

    /** One {@code NEW ... <init>} whose arguments contain an await. */
    private static final class Construction {
        final TypeInsnNode newInsn;
        final AbstractInsnNode dup;
        final MethodInsnNode init;

        Construction(TypeInsnNode newInsn, AbstractInsnNode dup, MethodInsnNode init) {
            this.newInsn = newInsn;
            this.dup = dup;
            this.init = init;
        }
    }

    /** Rewrites {@code method} in place; throws {@link RewriteException} for a shape javac does not emit. */
    static void apply(String owner, MethodNode method, Set<AbstractInsnNode> awaits) throws AnalyzerException {
        InsnList code = method.instructions;
        FlowAnalysis<BasicValue> flow = FlowAnalysis.run(owner, method, new BasicInterpreter());
        List<Construction> moves = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            AbstractInsnNode insn = code.get(i);
            if (insn.getOpcode() != Opcodes.NEW || flow.frames[i] == null) {
                continue;
            }
            int depth = flow.frames[i].getStackSize();
            MethodInsnNode init = null;
            boolean spansAwait = false;
            for (int j = i + 1; j < code.size() && init == null; j++) {
                AbstractInsnNode candidate = code.get(j);
                spansAwait |= awaits.contains(candidate);
                if (candidate.getOpcode() == Opcodes.INVOKESPECIAL && flow.frames[j] != null
                        && ((MethodInsnNode) candidate).name.equals("<init>")) {
                    int args = Type.getArgumentTypes(((MethodInsnNode) candidate).desc).length;
                    if (flow.frames[j].getStackSize() - args - 1 == depth + 1) {
                        init = (MethodInsnNode) candidate;
                    }
                }
            }
            if (init == null || !spansAwait) {
                continue;
            }
            AbstractInsnNode dup = insn.getNext();
            if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                throw new RewriteException("an await inside the arguments of 'new "
                        + ((TypeInsnNode) insn).desc.replace('/', '.') + "(...)' not followed by DUP (not javac output)",
                        AwaitSites.lineOf(insn));
            }
            moves.add(new Construction((TypeInsnNode) insn, dup, init));
        }
        for (Construction c : moves) {
            move(method, c);
        }
    }

    private static void move(MethodNode method, Construction c) {
        InsnList code = method.instructions;
        Type[] args = Type.getArgumentTypes(c.init.desc);
        int[] slots = new int[args.length];
        for (int a = 0; a < args.length; a++) {
            slots[a] = method.maxLocals;
            method.maxLocals += args[a].getSize();
        }
        InsnList before = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), slots[a]));
        }
        before.add(new TypeInsnNode(Opcodes.NEW, c.newInsn.desc));
        before.add(new InsnNode(Opcodes.DUP));
        for (int a = 0; a < args.length; a++) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), slots[a]));
        }
        code.insertBefore(c.init, before);
        code.remove(c.newInsn);
        code.remove(c.dup);
    }
}
