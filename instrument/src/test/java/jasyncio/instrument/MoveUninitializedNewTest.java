package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.objectweb.asm.Opcodes.*;

/**
 * The NEW/DUP move on hand-built methods {@code static Object m(Awaitable a)}, local 0 the awaitable. Where
 * {@code NEW} stood, {@code NEW; POP} stays: it initialises the class first, as the original did.
 */
class MoveUninitializedNewTest {
    private static final String OWNER = "demo/Owner";
    private static final String AWAIT = "INVOKESTATIC jasyncio/Asyncio.await" + Names.AWAIT_AWAITABLE_DESC;

    private final MethodNode method = new MethodNode(Opcodes.ASM9, ACC_STATIC, "m",
            "(Ljasyncio/Awaitable;)Ljava/lang/Object;", null, null);

    private void await() {
        method.visitVarInsn(ALOAD, 0);
        method.visitMethodInsn(INVOKESTATIC, Names.ASYNCIO, Names.AWAIT, Names.AWAIT_AWAITABLE_DESC, false);
    }

    private void newDup(String type) {
        method.visitTypeInsn(NEW, type);
        method.visitInsn(DUP);
    }

    private void init(String type, String desc) {
        method.visitMethodInsn(INVOKESPECIAL, type, "<init>", desc, false);
    }

    /** Runs the pass, checks the result still verifies, and returns its instructions. */
    private List<String> apply() throws AnalyzerException {
        method.visitInsn(ARETURN);
        method.visitMaxs(8, 1);
        Set<AbstractInsnNode> awaits = new HashSet<>(AwaitSites.in(method));
        MoveUninitializedNew.apply(OWNER, method, awaits);
        new Analyzer<BasicValue>(new BasicVerifier()).analyze(OWNER, method);
        return Insns.of(method.instructions);
    }

    @Test
    void newAndDupMoveAfterArgumentsThatAwait() throws AnalyzerException {
        newDup("demo/P");
        await();
        method.visitTypeInsn(CHECKCAST, "java/lang/String");
        method.visitInsn(ICONST_1);
        init("demo/P", "(Ljava/lang/String;I)V");

        assertEquals(List.of(
                "NEW demo/P", "POP", "ALOAD 0", AWAIT, "CHECKCAST java/lang/String", "ICONST_1",
                "ISTORE 2", "ASTORE 1",
                "NEW demo/P", "DUP", "ALOAD 1", "ILOAD 2", "INVOKESPECIAL demo/P.<init>(Ljava/lang/String;I)V",
                "ARETURN"), apply());
        assertEquals(3, method.maxLocals, "two fresh locals park the arguments");
    }

    @Test
    void wideArgumentsTakeTwoSlots() throws AnalyzerException {
        newDup("demo/P");
        method.visitInsn(LCONST_1);
        await();
        init("demo/P", "(JLjava/lang/Object;)V");

        assertEquals(List.of(
                "NEW demo/P", "POP", "LCONST_1", "ALOAD 0", AWAIT,
                "ASTORE 3", "LSTORE 1",
                "NEW demo/P", "DUP", "LLOAD 1", "ALOAD 3", "INVOKESPECIAL demo/P.<init>(JLjava/lang/Object;)V",
                "ARETURN"), apply());
        assertEquals(4, method.maxLocals);
    }

    @Test
    void aNewWithoutAwaitInItsArgumentsIsUntouched() throws AnalyzerException {
        newDup("demo/P");
        method.visitLdcInsn("x");
        init("demo/P", "(Ljava/lang/String;)V");
        method.visitInsn(POP);
        await();

        assertEquals(List.of(
                "NEW demo/P", "DUP", "LDC x", "INVOKESPECIAL demo/P.<init>(Ljava/lang/String;)V", "POP",
                "ALOAD 0", AWAIT, "ARETURN"), apply());
        assertEquals(1, method.maxLocals);
    }

    @Test
    void nestedNewsSpanningTheSameAwaitBothMove() throws AnalyzerException {
        // new Outer(new Inner((String) await(a)))
        newDup("demo/Outer");
        newDup("demo/Inner");
        await();
        method.visitTypeInsn(CHECKCAST, "java/lang/String");
        init("demo/Inner", "(Ljava/lang/String;)V");
        init("demo/Outer", "(Ldemo/Inner;)V");

        assertEquals(List.of(
                "NEW demo/Outer", "POP", "NEW demo/Inner", "POP", "ALOAD 0", AWAIT, "CHECKCAST java/lang/String",
                "ASTORE 2", "NEW demo/Inner", "DUP", "ALOAD 2", "INVOKESPECIAL demo/Inner.<init>(Ljava/lang/String;)V",
                "ASTORE 1", "NEW demo/Outer", "DUP", "ALOAD 1", "INVOKESPECIAL demo/Outer.<init>(Ldemo/Inner;)V",
                "ARETURN"), apply());
    }

    @Test
    void anInnerNewBeforeTheAwaitStaysWhileTheOuterMoves() throws AnalyzerException {
        // new Outer(new Inner(), await(a))
        newDup("demo/Outer");
        newDup("demo/Inner");
        init("demo/Inner", "()V");
        await();
        init("demo/Outer", "(Ldemo/Inner;Ljava/lang/Object;)V");

        assertEquals(List.of(
                "NEW demo/Outer", "POP", "NEW demo/Inner", "DUP", "INVOKESPECIAL demo/Inner.<init>()V",
                "ALOAD 0", AWAIT,
                "ASTORE 2", "ASTORE 1",
                "NEW demo/Outer", "DUP", "ALOAD 1", "ALOAD 2",
                "INVOKESPECIAL demo/Outer.<init>(Ldemo/Inner;Ljava/lang/Object;)V",
                "ARETURN"), apply());
    }

    /** Not javac's: no copy of the object kept below it on the stack, one in a local: one object is rebuilt. */
    @Test
    void anObjectAtTheBottomOfTheStackIsRebuiltOnce() throws AnalyzerException {
        method.visitTypeInsn(NEW, "demo/P");
        method.visitInsn(DUP);
        method.visitVarInsn(ASTORE, 0);
        method.visitInsn(ACONST_NULL);
        method.visitMethodInsn(INVOKESTATIC, Names.ASYNCIO, Names.AWAIT, Names.AWAIT_AWAITABLE_DESC, false);
        init("demo/P", "(Ljava/lang/Object;)V");
        method.visitInsn(ACONST_NULL);

        assertEquals(List.of(
                "NEW demo/P", "POP", "ACONST_NULL", AWAIT,
                "ASTORE 1", "NEW demo/P", "ALOAD 1", "INVOKESPECIAL demo/P.<init>(Ljava/lang/Object;)V",
                "ACONST_NULL", "ARETURN"), apply());
    }

    /** Not javac's: a NEW on each branch, meeting uninitialised (the JVM's verifier lets them meet as top, unused). */
    @Test
    void objectsOfTwoNewsThatMeetAreNotMoved() throws AnalyzerException {
        Label other = new Label();
        Label join = new Label();
        method.visitVarInsn(ALOAD, 0);
        method.visitJumpInsn(IFNULL, other);
        method.visitTypeInsn(NEW, "demo/P");
        method.visitJumpInsn(GOTO, join);
        method.visitLabel(other);
        method.visitTypeInsn(NEW, "demo/P");
        method.visitLabel(join);
        method.visitInsn(POP);
        await();

        assertEquals(List.of("ALOAD 0", "IFNULL", "NEW demo/P", "GOTO", "NEW demo/P", "POP", "ALOAD 0", AWAIT,
                "ARETURN"), apply());
    }

    /** Stack shuffles other than {@code DUP} that reach down to a moved object, which javac never writes. */
    @Nested
    class ShuffledObjectsAreRefused {
        /** {@code NEW demo/P} without its {@code DUP}, then an await: the stack is the object and the value. */
        private void newThenAwait() {
            method.visitTypeInsn(NEW, "demo/P");
            await();
        }

        private void assertRefused() {
            RewriteException e = assertThrows(RewriteException.class, MoveUninitializedNewTest.this::apply);
            assertEquals("an await inside the arguments of 'new demo.P(...)' whose object is shuffled on the stack"
                    + " (not javac output)", e.getMessage());
        }

        @Test
        void aPopOfTheObjectAtTheBottomOfTheStack() {
            newThenAwait();
            method.visitInsn(POP);
            method.visitInsn(POP);
            method.visitInsn(ACONST_NULL);
            assertRefused();
        }

        @Test
        void aDupX2ReachingThreeWordsDown() {
            newThenAwait();
            method.visitVarInsn(ALOAD, 0);
            method.visitInsn(DUP_X2);
            assertRefused();
        }

        @Test
        void aDup2X2ReachingFourWordsDown() {
            newThenAwait();
            method.visitVarInsn(ALOAD, 0);
            method.visitVarInsn(ALOAD, 0);
            method.visitInsn(DUP2_X2);
            assertRefused();
        }
    }

    @Test
    void onlyTheArgumentsBeforeItAreOnTheStackAtTheAwaitAfterTheMove() throws AnalyzerException {
        newDup("demo/P");
        method.visitLdcInsn("first");
        await();
        init("demo/P", "(Ljava/lang/String;Ljava/lang/Object;)V");
        apply();

        AbstractInsnNode call = AwaitSites.in(method).get(0);
        int index = method.instructions.indexOf(call);
        // Before the move it held P, P, "first", the awaitable: two uninitialised values.
        assertEquals(2, FlowAnalysis.run(OWNER, method, new BasicInterpreter()).frames[index].getStackSize());
    }
}
