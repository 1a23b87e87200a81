package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A test method that awaits, written as JUnit runs it (void, since Jupiter skips a test method that returns a
 * value), split in two: a private coroutine of the same name and parameters that holds the body, which the
 * rewriter then makes a state machine like any {@code @Async} method, and the void method JUnit calls, whose body
 * hands that coroutine to jasyncio-test's extension ({@code AsyncTestExtension.runInTest}). The void method keeps
 * every annotation, its parameters' too, so discovery, parameter sources, lifecycle and display names work as
 * written. The JVM tells the two apart by their return types.
 */
final class TestMethodSplit {
    private TestMethodSplit() {
    }

    /**
     * True for a void instance method marked {@code @AsyncTest}, or marked {@code @Async} beside a JUnit Jupiter
     * annotation ({@code @BeforeEach}, {@code @ParameterizedTest}, ...).
     */
    static boolean applies(MethodNode method) {
        if ((method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                || !Type.getReturnType(method.desc).equals(Type.VOID_TYPE) || method.visibleAnnotations == null) {
            return false;
        }
        boolean async = false;
        boolean jupiter = false;
        for (AnnotationNode a : method.visibleAnnotations) {
            if (a.desc.equals(Names.ASYNC_TEST_DESC)) {
                return true;
            }
            async |= a.desc.equals(Names.ASYNC_DESC);
            jupiter |= a.desc.startsWith(Names.JUPITER_ANNOTATION_PREFIX);
        }
        return async && jupiter;
    }

    /**
     * Moves {@code method}'s body into a new private coroutine method, returned for the rewriter, and gives
     * {@code method} a body that creates that coroutine and hands it to the extension.
     */
    static MethodNode split(ClassNode owner, MethodNode method) {
        MethodNode coroutine = coroutineOf(method);
        method.instructions = handOff(owner, method, coroutine);
        method.tryCatchBlocks = new ArrayList<>();
        method.localVariables = null;
        return coroutine;
    }

    /** The body of {@code method} as a coroutine: each {@code return} becomes {@code return Coroutine.completed()}. */
    private static MethodNode coroutineOf(MethodNode method) {
        String desc = Type.getMethodDescriptor(Type.getType(Names.COROUTINE_DESC), Type.getArgumentTypes(method.desc));
        int access = (method.access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED))
                | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
        MethodNode coroutine = new MethodNode(Opcodes.ASM9, access, method.name, desc, null,
                method.exceptions.toArray(new String[0]));
        method.accept(coroutine);
        // The annotations stay on the method JUnit calls; the coroutine is found by no one but it.
        coroutine.visibleAnnotations = null;
        coroutine.invisibleAnnotations = null;
        coroutine.visibleParameterAnnotations = null;
        coroutine.invisibleParameterAnnotations = null;
        coroutine.visibleTypeAnnotations = null;
        coroutine.invisibleTypeAnnotations = null;
        coroutine.visibleAnnotableParameterCount = 0;
        coroutine.invisibleAnnotableParameterCount = 0;
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn = coroutine.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.RETURN) {
                returns.add(insn);
            }
        }
        for (AbstractInsnNode ret : returns) {
            coroutine.instructions.insertBefore(ret, Emit.completedVoid());
            coroutine.instructions.set(ret, Emit.op(Opcodes.ARETURN));
        }
        coroutine.maxStack = Math.max(coroutine.maxStack, 1);
        return coroutine;
    }

    /**
     * {@code AsyncTestExtension.runInTest(this.name(arguments...)); return;}, at the line of the body's first
     * statement, so that a stack trace through the method JUnit calls names the test's line.
     */
    private static InsnList handOff(ClassNode owner, MethodNode method, MethodNode coroutine) {
        InsnList code = new InsnList();
        int line = AwaitSites.firstLine(method.instructions);
        if (line > 0) {
            LabelNode start = new LabelNode();
            code.add(start);
            code.add(new LineNumberNode(line, start));
        }
        code.add(Emit.load(Type.getObjectType(owner.name), 0));
        int slot = 1;
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            code.add(Emit.load(argument, slot));
            slot += argument.getSize();
        }
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, owner.name, coroutine.name, coroutine.desc,
                (owner.access & Opcodes.ACC_INTERFACE) != 0));
        code.add(Emit.handOffTest());
        code.add(Emit.op(Opcodes.RETURN));
        return code;
    }
}
