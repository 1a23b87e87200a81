package jasyncio.tests.agent;

import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.tests.support.AgentLogRecords;
import jasyncio.tests.support.CompiledClasses;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An await-dense method HotSpot would compile, whose resume method would pass its 8,000-byte limit once rewritten:
 * the agent cuts it in two at a statement, and logs nothing; where no statement can be cut at (the body in one
 * loop), it logs a warning when the class loads (it will run interpreted). Either way the method runs right.
 */
class JitLimitWarningTest {
    private static final String CLASS = "gen.DenseAwaits";
    private static final int STATEMENTS = 240;
    /** {@code A(x)} in {@link #statements()}: a value the coroutine awaits and its twin takes as it is. */
    private static final Pattern AWAITED = Pattern.compile("A\\(([^;]*?)\\)(?=[ ;)&+])");

    /** The method's statements, with {@code A(x)} for a value awaited in the coroutine and taken as is in its twin. */
    private static String statements() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < STATEMENTS; i++) {
            int a = i % 12;
            int b = (i * 7 + 3) % 12;
            body.append(switch (i % 4) {
                case 0 -> "l" + a + " += A(l" + b + ") + l" + (a + 1) % 12 + ";";
                case 1 -> "l" + a + " = mix(l" + b + ", A(l" + a + "));";
                case 2 -> "if (l" + a + " % 3 == 0) { l" + b + " -= A(l" + a + " >> 3); } else { l" + b + " ^= A(l"
                        + a + ") & 255; }";
                default -> "l" + a + " = mix(l" + a + ", l" + b + ") + A(" + i + "L);" + (i % 40 == 3 ? " YIELD" : "");
            }).append('\n');
        }
        return body.toString();
    }

    /** The class, its method's body in one loop (run once) when {@code inOneLoop}: no statement to cut it at. */
    private static String source(boolean inOneLoop) {
        StringBuilder locals = new StringBuilder();
        StringBuilder sum = new StringBuilder("0L");
        for (int i = 0; i < 12; i++) {
            locals.append("long l").append(i).append(" = p * ").append(i + 1).append(";\n");
            sum.append(" + l").append(i);
        }
        String body = locals + (inOneLoop ? "do {\n" + statements() + "} while (p == Long.MIN_VALUE);\n"
                : statements());
        return """
                package gen;
                import jasyncio.*;
                import static jasyncio.Asyncio.*;

                public class DenseAwaits {
                    static long mix(long a, long b) {
                        return a * 31 + b;
                    }

                    @Async
                    static Coroutine<Long> v(long x) {
                        return Coroutine.completed(x);
                    }

                    @Async
                    public static Coroutine<Long> dense(long p) {
                """ + AWAITED.matcher(body).replaceAll("await(v($1))").replace("YIELD", "await(sleep(0));")
                + "return Coroutine.completed(" + sum + ");\n}\n\n"
                + "public static long twin(long p) {\n" + AWAITED.matcher(body).replaceAll("($1)").replace("YIELD", "")
                + "return " + sum + ";\n}\n}\n";
    }

    @Test
    void aMethodItsRewriteWouldTakePastTheJitLimitIsCutInTwoAndRunsRight() throws Exception {
        try (CompiledClasses compiled = CompiledClasses.compile(List.of(new CompiledClasses.Source(CLASS, source(false))));
             AgentLogRecords log = new AgentLogRecords()) {
            Class<?> dense = compiled.load(CLASS);
            assertEquals(List.of(), log.messages(Level.WARNING, CLASS + ".dense"));
            assertEquals(2, Arrays.stream(dense.getDeclaredMethods())
                    .filter(m -> m.getName().equals("dense") && m.getReturnType() == Coroutine.class).count(),
                    "the method and its tail");
            assertRunsLikeItsTwin(dense);
        }
    }

    @Test
    void aMethodItsRewriteTakesPastTheJitLimitIsLoggedAsAWarningAndStillRunsRight() throws Exception {
        try (CompiledClasses compiled = CompiledClasses.compile(List.of(new CompiledClasses.Source(CLASS, source(true))));
             AgentLogRecords log = new AgentLogRecords()) {
            Class<?> dense = compiled.load(CLASS);
            List<String> warnings = log.messages(Level.WARNING, CLASS + ".dense");
            assertEquals(1, warnings.size(), warnings::toString);
            String warning = warnings.get(0);
            assertTrue(warning.startsWith("jasyncio: " + CLASS + ".dense (DenseAwaits.java:"), warning);
            assertTrue(warning.contains("once rewritten: past the 8,000 bytes HotSpot compiles"), warning);
            assertTrue(warning.contains("-XX:-DontCompileHugeMethods"), warning);
            assertRunsLikeItsTwin(dense);
        }
    }

    private static void assertRunsLikeItsTwin(Class<?> dense) throws ReflectiveOperationException {
        for (long p : new long[] {1, 7, -3}) {
            Coroutine<?> coroutine = (Coroutine<?>) dense.getMethod("dense", long.class).invoke(null, p);
            assertEquals(dense.getMethod("twin", long.class).invoke(null, p), Asyncio.run(coroutine), "p = " + p);
        }
    }
}
