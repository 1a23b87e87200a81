package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Monitor depth on javac's code for nested synchronized blocks, read at calls to marker methods. */
class MonitorDepthTest {
    private static final String SOURCE = "package demo;\n"
            + "class Locks {\n"
            + "  static void mark(String where) {}\n"
            + "  static void nested(Object a, Object b) {\n"
            + "    mark(\"outside\");\n"
            + "    synchronized (a) {\n"
            + "      mark(\"inA\");\n"
            + "      synchronized (b) {\n"
            + "        mark(\"inAB\");\n"
            + "      }\n"
            + "      mark(\"backInA\");\n"
            + "    }\n"
            + "    mark(\"after\");\n"
            + "  }\n"
            + "  static void loopAroundLock(Object a, int n) {\n"
            + "    for (int i = 0; i < n; i++) {\n"
            + "      mark(\"loopHead\");\n"
            + "      synchronized (a) {\n"
            + "        if (i == 3) continue;\n"
            + "        mark(\"loopLocked\");\n"
            + "      }\n"
            + "    }\n"
            + "    mark(\"afterLoop\");\n"
            + "  }\n"
            + "  static void throwingInside(Object a) {\n"
            + "    try {\n"
            + "      synchronized (a) {\n"
            + "        mark(\"lockedInTry\");\n"
            + "        throw new IllegalStateException();\n"
            + "      }\n"
            + "    } catch (IllegalStateException e) {\n"
            + "      mark(\"caught\");\n"
            + "    }\n"
            + "  }\n"
            + "}\n";

    private static final ClassNode LOCKS = read(InMemoryJavac.compile(SOURCE).get("demo/Locks"));

    private static ClassNode read(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node;
    }

    /** The monitor depth at each {@code mark("where")} call of method {@code name}. */
    private static Map<String, Integer> depthsAtMarks(String name) throws AnalyzerException {
        MethodNode method = LOCKS.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
        int[] depth = MonitorDepth.of(method,
                FlowAnalysis.run(LOCKS.name, method, new BasicInterpreter()));
        Map<String, Integer> marks = new LinkedHashMap<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC && ((MethodInsnNode) insn).name.equals("mark")) {
                String where = (String) ((org.objectweb.asm.tree.LdcInsnNode) insn.getPrevious()).cst;
                marks.put(where, depth[method.instructions.indexOf(insn)]);
            }
        }
        return marks;
    }

    @Test
    void nestedSynchronizedBlocksCountZeroOneTwo() throws AnalyzerException {
        assertEquals(Map.of("outside", 0, "inA", 1, "inAB", 2, "backInA", 1, "after", 0), depthsAtMarks("nested"));
    }

    @Test
    void aLoopThatLeavesTheBlockByContinueComesBackToZero() throws AnalyzerException {
        assertEquals(Map.of("loopHead", 0, "loopLocked", 1, "afterLoop", 0), depthsAtMarks("loopAroundLock"));
    }

    @Test
    void anExceptionLeavingTheBlockReleasesTheMonitorBeforeTheOuterHandler() throws AnalyzerException {
        assertEquals(Map.of("lockedInTry", 1, "caught", 0), depthsAtMarks("throwingInside"));
    }
}
