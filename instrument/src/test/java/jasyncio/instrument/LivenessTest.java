package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

/** Liveness on hand-built methods: each test marks program points with labels and asks about one local. */
class LivenessTest {
    private static final String OWNER = "demo/Owner";

    /** A static {@code ()V} method; the test writes its body, then {@link #analyse()} runs the passes. */
    private final MethodNode method = new MethodNode(Opcodes.ASM9, ACC_STATIC, "m", "()V", null, null);
    private Liveness liveness;

    private Label mark() {
        Label label = new Label();
        method.visitLabel(label);
        return label;
    }

    private void call(String name) {
        method.visitMethodInsn(INVOKESTATIC, OWNER, name, "()V", false);
    }

    private void analyse() throws AnalyzerException {
        method.visitMaxs(4, 4);
        liveness = Liveness.of(method.instructions, FlowAnalysis.run(OWNER, method, new BasicInterpreter()));
    }

    private boolean liveAt(Label point, int slot) {
        return liveness.isLiveAt(method.instructions.indexOf((LabelNode) point.info), slot);
    }

    @Test
    void aLocalStoredThenReadLaterIsLiveInBetween() throws AnalyzerException {
        Label beforeStore = mark();
        method.visitInsn(ICONST_1);
        method.visitVarInsn(ISTORE, 1);
        Label between = mark();
        call("work");
        method.visitVarInsn(ILOAD, 1);
        method.visitInsn(POP);
        method.visitInsn(RETURN);
        analyse();

        assertTrue(liveAt(between, 1));
        assertFalse(liveAt(beforeStore, 1), "the store kills the value it overwrites");
    }

    @Test
    void aLocalIsDeadAfterItsLastRead() throws AnalyzerException {
        method.visitLdcInsn("x");
        method.visitVarInsn(ASTORE, 1);
        method.visitVarInsn(ALOAD, 1);
        method.visitInsn(POP);
        Label afterLastRead = mark();
        call("work");
        method.visitInsn(RETURN);
        analyse();

        assertFalse(liveAt(afterLastRead, 1));
    }

    @Test
    void aLocalOverwrittenBeforeBeingReadAgainIsDeadInBetween() throws AnalyzerException {
        method.visitInsn(LCONST_1);
        method.visitVarInsn(LSTORE, 1);
        Label beforeOverwrite = mark();
        call("work");
        method.visitInsn(LCONST_0);
        method.visitVarInsn(LSTORE, 1);
        method.visitVarInsn(LLOAD, 1);
        method.visitInsn(POP2);
        method.visitInsn(RETURN);
        analyse();

        assertFalse(liveAt(beforeOverwrite, 1));
    }

    @Test
    void aLocalWrittenInTheTryAndReadInTheHandlerIsLiveAcrossTheExceptionEdge() throws AnalyzerException {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        method.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
        method.visitInsn(ICONST_0);
        method.visitVarInsn(ISTORE, 1);
        method.visitLabel(start);
        method.visitInsn(ICONST_1);
        Label atTheWrite = mark();
        method.visitVarInsn(ISTORE, 1);
        Label afterTheWrite = mark();
        call("mayThrow");
        method.visitInsn(ICONST_2);
        method.visitVarInsn(ISTORE, 1);
        method.visitLabel(end);
        method.visitInsn(RETURN);
        method.visitLabel(handler);
        method.visitInsn(POP);
        method.visitVarInsn(ILOAD, 1);
        method.visitInsn(POP);
        method.visitInsn(RETURN);
        analyse();

        assertTrue(liveAt(afterTheWrite, 1), "the handler reads what the try wrote when mayThrow() throws");
        assertTrue(liveAt(atTheWrite, 1), "the handler may run before the write, with the old value");
    }

    @Test
    void aLocalReadOnlyAfterTheTryIsNotKeptAliveByTheHandler() throws AnalyzerException {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        method.visitTryCatchBlock(start, end, handler, null);
        method.visitInsn(ICONST_0);
        method.visitVarInsn(ISTORE, 1);
        method.visitLabel(start);
        Label inTry = mark();
        call("mayThrow");
        method.visitLabel(end);
        Label afterTry = mark();
        method.visitInsn(RETURN);
        method.visitLabel(handler);
        method.visitInsn(ATHROW);
        analyse();

        assertFalse(liveAt(inTry, 1));
        assertFalse(liveAt(afterTry, 1));
    }

    @Test
    void aLoopKeepsItsVariableLiveThroughTheWholeBody() throws AnalyzerException {
        // for (int i = 0; i < 10; i++) { work(); }  with a local 2 read only before the loop
        method.visitInsn(ICONST_5);
        method.visitVarInsn(ISTORE, 2);
        method.visitVarInsn(ILOAD, 2);
        method.visitInsn(POP);
        method.visitInsn(ICONST_0);
        method.visitVarInsn(ISTORE, 1);
        Label head = mark();
        Label exit = new Label();
        method.visitVarInsn(ILOAD, 1);
        method.visitIntInsn(BIPUSH, 10);
        method.visitJumpInsn(IF_ICMPGE, exit);
        Label body = mark();
        call("work");
        Label beforeIncrement = mark();
        method.visitIincInsn(1, 1);
        method.visitJumpInsn(GOTO, head);
        method.visitLabel(exit);
        Label afterLoop = mark();
        method.visitInsn(RETURN);
        analyse();

        assertTrue(liveAt(head, 1));
        assertTrue(liveAt(body, 1));
        assertTrue(liveAt(beforeIncrement, 1), "the back edge reads it again at the loop head");
        assertFalse(liveAt(afterLoop, 1));
        assertFalse(liveAt(body, 2), "read only before the loop");
    }

    @Test
    void aLocalReadOnOneBranchIsLiveBeforeTheBranch() throws AnalyzerException {
        method.visitLdcInsn("x");
        method.visitVarInsn(ASTORE, 1);
        Label beforeBranch = mark();
        Label skip = new Label();
        method.visitMethodInsn(INVOKESTATIC, OWNER, "flag", "()Z", false);
        method.visitJumpInsn(IFEQ, skip);
        method.visitVarInsn(ALOAD, 1);
        method.visitInsn(POP);
        method.visitLabel(skip);
        Label afterJoin = mark();
        method.visitInsn(RETURN);
        analyse();

        assertTrue(liveAt(beforeBranch, 1));
        assertFalse(liveAt(afterJoin, 1));
    }
}
