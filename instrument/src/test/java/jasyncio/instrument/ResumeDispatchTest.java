package jasyncio.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static jasyncio.instrument.CompiledSources.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After the core's restore, a resume jumps to its await's layout: with a comparison per layout, or with one
 * {@code tableswitch} when that is no longer (four bytes a label and sixteen against seven a comparison). Every
 * block below keeps its two locals of other kinds than every other block across its await, so each block is a
 * layout of its own; each method runs like the original suspending at every await, so every label is dispatched.
 */
class ResumeDispatchTest {
    private static final String RESUME_DESC = "(Ljasyncio/internal/Frame;)Ljava/lang/Object;";
    /** The kinds of a block's two locals, in slots 3 and 4 (a long or double takes both). */
    private static final List<String> PAIRS = List.of("II", "FF", "RR", "IF", "FI", "IR", "RI", "FR", "RF", "J", "D");

    private static String declare(char kind, String name) {
        return switch (kind) {
            case 'I' -> "int " + name + " = p + 1;";
            case 'F' -> "float " + name + " = p * 0.5f;";
            case 'R' -> "String " + name + " = \"s\" + p;";
            case 'J' -> "long " + name + " = p * 3L;";
            default -> "double " + name + " = p * 1.5;";
        };
    }

    private static String use(char kind, String name) {
        return switch (kind) {
            case 'R' -> name + ".length()";
            case 'I' -> name;
            default -> "(int) " + name;
        };
    }

    /** A block per pair, each with one await (two in block {@code doubledBlock}); its locals live across them. */
    private static String asyncMethod(String name, List<String> pairs, int doubledBlock) {
        StringBuilder body = new StringBuilder();
        for (int b = 0; b < pairs.size(); b++) {
            String pair = pairs.get(b);
            body.append("        {\n            ").append(declare(pair.charAt(0), "x"));
            String used = use(pair.charAt(0), "x");
            if (pair.length() > 1) {
                body.append(" ").append(declare(pair.charAt(1), "y"));
                used += " * 3 + " + use(pair.charAt(1), "y");
            }
            body.append("\n            int w = await(v);\n");
            if (b == doubledBlock) {
                body.append("            w += await(v);\n");
            }
            body.append("            s = s * 7 + w + ").append(used).append(";\n        }\n");
        }
        return "    @Async\n    public static Coroutine<Integer> " + name + "(CompletionStage<Integer> v, int p) {\n"
                + "        int s = 0;\n" + body + "        return Coroutine.completed(s);\n    }\n";
    }

    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Layouts {
            """
            + asyncMethod("eleven", PAIRS, -1)
            + asyncMethod("nineWithTenAwaits", PAIRS.subList(0, 9), 4)
            + asyncMethod("four", PAIRS.subList(0, 4), -1)
            + "}\n";

    /** The jump to the layouts: the first {@code tableswitch} or comparison with a label (a layout's own come later). */
    private static int dispatch(MethodNode resume) {
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn.getOpcode() == Opcodes.TABLESWITCH || insn.getOpcode() == Opcodes.IF_ICMPLE) {
                return insn.getOpcode();
            }
        }
        throw new AssertionError("no jump to the layouts");
    }

    private static AbstractInsnNode first(MethodNode resume, int opcode) {
        for (AbstractInsnNode insn : resume.instructions) {
            if (insn.getOpcode() == opcode) {
                return insn;
            }
        }
        throw new AssertionError("no " + opcode);
    }

    private static long count(MethodNode resume, int opcode) {
        long n = 0;
        for (AbstractInsnNode insn : resume.instructions) {
            n += insn.getOpcode() == opcode ? 1 : 0;
        }
        return n;
    }

    private static MethodNode resume(CompiledSources sources, String name) throws Exception {
        return method(sources.rewriteAndVerify("demo/Layouts"), name, RESUME_DESC);
    }

    @Test
    void elevenLayoutsOfOneAwaitEachAreReachedThroughATableswitch() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        MethodNode resume = resume(sources, "eleven");
        assertEquals(Opcodes.TABLESWITCH, dispatch(resume));
        CompletableFuture<Integer> two = CompletableFuture.completedFuture(2);
        assertEquals("returned -764221590", sources.assertRunsLikeTheOriginal("demo.Layouts", "eleven", two, 5));
    }

    @Test
    void aTableswitchAsLongAsTheComparisonsIsTaken() throws Exception {
        // Nine layouts, ten labels: 4 * 10 + 16 = 7 * (9 - 1) bytes.
        CompiledSources sources = CompiledSources.compile(SOURCE);
        MethodNode resume = resume(sources, "nineWithTenAwaits");
        assertEquals(Opcodes.TABLESWITCH, dispatch(resume));
        TableSwitchInsnNode toLayouts = (TableSwitchInsnNode) first(resume, Opcodes.TABLESWITCH);
        assertEquals(10, toLayouts.max - toLayouts.min + 1);
        assertEquals(9, new HashSet<>(toLayouts.labels).size());
        CompletableFuture<Integer> two = CompletableFuture.completedFuture(2);
        assertEquals("returned 159713228",
                sources.assertRunsLikeTheOriginal("demo.Layouts", "nineWithTenAwaits", two, 5));
    }

    @Test
    void fourLayoutsAreReachedThroughComparisons() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        MethodNode resume = resume(sources, "four");
        assertEquals(Opcodes.IF_ICMPLE, dispatch(resume));
        assertEquals(3, count(resume, Opcodes.IF_ICMPLE));
        CompletableFuture<Integer> two = CompletableFuture.completedFuture(2);
        assertEquals("returned 9500", sources.assertRunsLikeTheOriginal("demo.Layouts", "four", two, 5));
    }
}
