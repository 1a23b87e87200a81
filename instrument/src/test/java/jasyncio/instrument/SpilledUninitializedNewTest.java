package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

/**
 * javac empties the operand stack into locals around a {@code try} inside a switch expression, the pending
 * {@code NEW} object included, and loads it all back before the constructor call. The move of {@code NEW} takes
 * those spills with it. Hand-built {@code static Object m(Awaitable a)} in javac's shape, local 0 the awaitable.
 */
class SpilledUninitializedNewTest {
    private static final String OWNER = "demo/Owner";
    private static final String AWAIT = "INVOKESTATIC jasyncio/Asyncio.await" + Names.AWAIT_AWAITABLE_DESC;
    private static final String INIT = "INVOKESPECIAL demo/P.<init>(Ljava/lang/Object;I)V";

    private final MethodNode method = new MethodNode(Opcodes.ASM9, ACC_STATIC, "m",
            "(Ljasyncio/Awaitable;)Ljava/lang/Object;", null, null);

    private void await() {
        method.visitVarInsn(ALOAD, 0);
        method.visitMethodInsn(INVOKESTATIC, Names.ASYNCIO, Names.AWAIT, Names.AWAIT_AWAITABLE_DESC, false);
    }

    /** javac's spill of {@code P, P, x}: the whole stack into locals 3, 2, 1. */
    private void spill() {
        method.visitVarInsn(ASTORE, 1);
        method.visitVarInsn(ASTORE, 2);
        method.visitVarInsn(ASTORE, 3);
    }

    private void reload() {
        method.visitVarInsn(ALOAD, 3);
        method.visitVarInsn(ALOAD, 2);
        method.visitVarInsn(ALOAD, 1);
    }

    private List<String> apply(int maxLocals) throws AnalyzerException {
        method.visitInsn(ARETURN);
        method.visitMaxs(8, maxLocals);
        Set<AbstractInsnNode> awaits = new HashSet<>(AwaitSites.in(method));
        MoveUninitializedNew.apply(OWNER, method, awaits);
        new Analyzer<BasicValue>(new BasicVerifier()).analyze(OWNER, method);
        return Insns.of(method.instructions);
    }

    @Test
    void theSpillOfTheNewObjectMovesWithIt() throws AnalyzerException {
        // new P(await(a), k): NEW, DUP and the awaited argument spilled to 3, 2, 1, then loaded back
        method.visitTypeInsn(NEW, "demo/P");
        method.visitInsn(DUP);
        await();
        spill();
        reload();
        method.visitInsn(ICONST_1);
        method.visitMethodInsn(INVOKESPECIAL, "demo/P", "<init>", "(Ljava/lang/Object;I)V", false);

        assertEquals(List.of(
                "NEW demo/P", "POP", "ALOAD 0", AWAIT, "ASTORE 1",
                "ALOAD 1", "ICONST_1", "ISTORE 5", "ASTORE 4",
                "NEW demo/P", "DUP", "ALOAD 4", "ILOAD 5", INIT, "ARETURN"), apply(4));
    }

    @Test
    void anAwaitWhileTheNewObjectIsOnlyInLocalsMovesItToo() throws AnalyzerException {
        // new P(x, <await inside a try of a switch expression>): at the await the stack is empty
        method.visitTypeInsn(NEW, "demo/P");
        method.visitInsn(DUP);
        method.visitLdcInsn("x");
        spill();
        await();
        method.visitInsn(POP);
        reload();
        method.visitInsn(ICONST_2);
        method.visitMethodInsn(INVOKESPECIAL, "demo/P", "<init>", "(Ljava/lang/Object;I)V", false);

        assertEquals(List.of(
                "NEW demo/P", "POP", "LDC x", "ASTORE 1", "ALOAD 0", AWAIT, "POP",
                "ALOAD 1", "ICONST_2", "ISTORE 5", "ASTORE 4",
                "NEW demo/P", "DUP", "ALOAD 4", "ILOAD 5", INIT, "ARETURN"), apply(4));
    }

    @Test
    void aSpillAfterTheConstructorRanIsLeftAlone() throws AnalyzerException {
        // the object, once built, is stored in a local that still holds it at a later await
        method.visitTypeInsn(NEW, "demo/P");
        method.visitInsn(DUP);
        method.visitVarInsn(ASTORE, 1);
        method.visitLdcInsn("x");
        method.visitInsn(ICONST_3);
        method.visitMethodInsn(INVOKESPECIAL, "demo/P", "<init>", "(Ljava/lang/Object;I)V", false);
        await();

        assertEquals(List.of(
                "NEW demo/P", "DUP", "ASTORE 1", "LDC x", "ICONST_3", INIT, "ALOAD 0", AWAIT, "ARETURN"),
                apply(2));
    }

    @Test
    void otherValuesMayBeShuffledAboveTheObject() throws AnalyzerException {
        // new P(await(a), (int) (longs[0] += 1)): DUP2 of the array and index right above the object
        method.visitTypeInsn(NEW, "demo/P");
        method.visitInsn(DUP);
        await();
        method.visitInsn(ICONST_1);
        method.visitIntInsn(NEWARRAY, T_LONG);
        method.visitInsn(ICONST_0);
        method.visitInsn(DUP2);
        method.visitInsn(LALOAD);
        method.visitInsn(LCONST_1);
        method.visitInsn(LADD);
        method.visitInsn(DUP2_X2);
        method.visitInsn(LASTORE);
        method.visitInsn(L2I);
        method.visitMethodInsn(INVOKESPECIAL, "demo/P", "<init>", "(Ljava/lang/Object;I)V", false);

        List<String> code = apply(1);
        assertEquals(List.of("NEW demo/P", "POP"), code.subList(0, 2));
        assertEquals(List.of("ISTORE 2", "ASTORE 1", "NEW demo/P", "DUP", "ALOAD 1", "ILOAD 2", INIT, "ARETURN"),
                code.subList(code.size() - 8, code.size()));
    }

    @Test
    void theObjectItselfShuffledIsRefused() {
        method.visitTypeInsn(NEW, "demo/P");
        method.visitInsn(DUP);
        await();
        method.visitInsn(SWAP);
        method.visitInsn(SWAP);
        method.visitInsn(ICONST_1);
        method.visitMethodInsn(INVOKESPECIAL, "demo/P", "<init>", "(Ljava/lang/Object;I)V", false);

        RewriteException e = assertThrows(RewriteException.class, () -> apply(1));
        assertTrue(e.getMessage().contains("'new demo.P(...)' whose object is shuffled"), e.getMessage());
    }
}
