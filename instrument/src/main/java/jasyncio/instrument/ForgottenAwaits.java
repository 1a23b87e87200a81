package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds forgotten awaits without running the code: in any method, a call to an {@code @Async} method whose
 * coroutine is dropped at once ({@code INVOKE…} returning {@code Coroutine}, then {@code POP}). Such a coroutine
 * never runs. A coroutine stored, returned, passed on or awaited is used, and is not reported.
 */
final class ForgottenAwaits {
    static final String DROPPED = "calls @Async %s and drops its coroutine, so it never runs (a forgotten await?)."
            + " Write await(...) around the call, or start it with Asyncio.createTask(...) to run it on its own";

    private static final String RETURNS_COROUTINE = ")" + Names.COROUTINE_DESC;

    private ForgottenAwaits() {
    }

    /** One warning per dropped coroutine of {@code owner}'s methods as javac wrote them, in method order. */
    static List<String> in(ClassNode owner, AsyncCallees callees) {
        List<String> warnings = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode call && returnsCoroutine(call) && isPopped(call)
                        && callees.isAsync(owner, call.owner, call.name, call.desc)) {
                    String callee = call.owner.replace('/', '.') + "." + call.name + "()";
                    warnings.add(AsyncClassTransformer.describe(owner, method, AwaitSites.lineOf(call),
                            String.format(DROPPED, callee)));
                }
            }
        }
        return warnings;
    }

    private static boolean returnsCoroutine(MethodInsnNode call) {
        return call.desc.endsWith(RETURNS_COROUTINE);
    }

    /** The next instruction (labels and line numbers aside) drops the result. */
    private static boolean isPopped(AbstractInsnNode call) {
        AbstractInsnNode next = call.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        return next != null && next.getOpcode() == Opcodes.POP;
    }
}
