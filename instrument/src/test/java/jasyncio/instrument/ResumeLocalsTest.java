package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resume method with six awaits or more keeps the {@code SUSPENDED} marker in a local (a one- or two-byte load
 * at each suspension instead of a three-byte {@code getstatic}), unless its slot would be past 255, where a load
 * takes a {@code wide} prefix and is no shorter.
 */
class ResumeLocalsTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";

    /** {@code awaits} awaits, then {@code ints} int locals (none live across an await) after the parameters. */
    private static String asyncMethod(String name, int awaits, int ints) {
        StringBuilder body = new StringBuilder("        int s = 0;\n");
        for (int i = 0; i < awaits; i++) {
            body.append("        s = await(v) + s * 3;\n");
        }
        StringBuilder sum = new StringBuilder("s");
        for (int i = 0; i < ints; i++) {
            body.append("        int i").append(i).append(" = s + ").append(i).append(";\n");
            sum.append(" + i").append(i);
        }
        return "    @Async\n    public static Coroutine<Integer> " + name + "(CompletionStage<Integer> v) {\n" + body
                + "        return Coroutine.completed(" + sum + ");\n    }\n";
    }

    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Markers {
            """
            + asyncMethod("fiveAwaits", 5, 0)
            + asyncMethod("sixAwaits", 6, 0)
            // v, s and the ints: 253 slots, the marker's is 255; one int more and it would be 256.
            + asyncMethod("markerInSlot255", 6, 251)
            + asyncMethod("markerPastSlot255", 6, 252)
            + "}\n";

    private static CompiledSources sources;

    private static synchronized CompiledSources sources() {
        if (sources == null) {
            sources = CompiledSources.compile(SOURCE);
        }
        return sources;
    }

    /** How often the resume method reads the marker from its static field. */
    private static int markerFieldReads(String name) throws Exception {
        MethodNode resume = method(sources().rewriteAndVerify("demo/Markers"), name, RESUME_DESC);
        int reads = 0;
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn.getOpcode() == Opcodes.GETSTATIC && ((FieldInsnNode) insn).name.equals(Names.SUSPENDED)) {
                reads++;
            }
        }
        return reads;
    }

    private static int maxLocals(String name) {
        return method(CompiledSources.node(sources().bytes("demo/Markers")), name, null).maxLocals;
    }

    private static void assertRunsLikeTheOriginal(String name, String expected) throws Exception {
        CompletableFuture<Integer> two = CompletableFuture.completedFuture(2);
        assertEquals(expected, sources().assertRunsLikeTheOriginal("demo.Markers", name, two));
    }

    @Test
    void fiveAwaitsReadTheMarkerFromItsField() throws Exception {
        assertTrue(markerFieldReads("fiveAwaits") >= 5);
        assertRunsLikeTheOriginal("fiveAwaits", "returned 242");
    }

    @Test
    void sixAwaitsKeepTheMarkerInALocal() throws Exception {
        assertEquals(1, markerFieldReads("sixAwaits"));
        assertRunsLikeTheOriginal("sixAwaits", "returned 728");
    }

    @Test
    void theMarkerTakesSlot255() throws Exception {
        assertEquals(253, maxLocals("markerInSlot255"));
        assertEquals(1, markerFieldReads("markerInSlot255"));
        assertRunsLikeTheOriginal("markerInSlot255", "returned " + (252 * 728 + 251 * 250 / 2));
    }

    @Test
    void noMarkerLocalPastSlot255() throws Exception {
        assertEquals(254, maxLocals("markerPastSlot255"));
        assertTrue(markerFieldReads("markerPastSlot255") >= 6);
        assertRunsLikeTheOriginal("markerPastSlot255", "returned " + (253 * 728 + 252 * 251 / 2));
    }
}
