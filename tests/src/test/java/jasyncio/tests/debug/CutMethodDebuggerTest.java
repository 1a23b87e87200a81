package jasyncio.tests.debug;

import com.sun.jdi.LongValue;
import com.sun.jdi.Method;
import com.sun.jdi.Value;
import com.sun.jdi.event.LocatableEvent;
import jasyncio.tests.support.CompiledClasses;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A debugger in a method the rewrite cuts in two (TailSplit): a generated await-dense method whose resume method
 * would pass HotSpot's 8,000-byte limit, with real suspensions in both parts. A breakpoint on every statement stops
 * in the head and in the tail alike (the cut statement's line twice: at the head's call of the tail, then in the
 * tail), and at each stop every variable the debugger lists holds the value the program computed there: the tail's
 * parameters carry javac's names and values, and nothing else is listed. The same with the statements in one
 * {@code try}, which the cut is then inside.
 */
@Timeout(300)
class CutMethodDebuggerTest {
    private static final String CLASS = "gen.CutDebugged";
    private static final int STATEMENTS = 240;
    private static final int LOCALS = 12;
    private static final long P = 5;

    /** The generated class, line by line, and for each statement's line the locals just before it runs. */
    private record Program(List<String> lines, Map<Integer, long[]> statesAt, long result) {
        String source() {
            return String.join("\n", lines) + "\n";
        }
    }

    /**
     * The class, and its method worked through as the JVM runs it: {@code l0..l11} updated by every statement, each
     * statement awaiting a value (every fortieth line a real suspension, {@code sleep(0)}, on a line of its own);
     * {@code inTry}, the statements in one {@code try}, which the cut is inside.
     */
    private static Program program(boolean inTry) {
        List<String> lines = new ArrayList<>(List.of(
                "package gen;",
                "import jasyncio.*;",
                "import static jasyncio.Asyncio.*;",
                "public class CutDebugged {",
                "static long mix(long a, long b) { return a * 31 + b; }",
                "@Async static Coroutine<Long> v(long x) { return Coroutine.completed(x); }",
                "@Async public static Coroutine<Long> dense(long p) {"));
        long[] l = new long[LOCALS];
        for (int k = 0; k < LOCALS; k++) {
            lines.add("long l" + k + " = p * " + (k + 1) + ";");
            l[k] = P * (k + 1);
        }
        if (inTry) {
            lines.add("try {");
        }
        Map<Integer, long[]> statesAt = new TreeMap<>();
        for (int i = 0; i < STATEMENTS; i++) {
            int a = i % LOCALS;
            int b = (i * 7 + 3) % LOCALS;
            int c = (a + 1) % LOCALS;
            statesAt.put(lines.size() + 1, l.clone());
            switch (i % 4) {
                case 0 -> {
                    lines.add("l" + a + " += await(v(l" + b + ")) + l" + c + ";");
                    l[a] += l[b] + l[c];
                }
                case 1 -> {
                    lines.add("l" + a + " = mix(l" + b + ", await(v(l" + a + ")));");
                    l[a] = l[b] * 31 + l[a];
                }
                case 2 -> {
                    lines.add("l" + a + " ^= await(v(l" + b + " >> 3));");
                    l[a] ^= l[b] >> 3;
                }
                default -> {
                    lines.add("l" + a + " = mix(l" + a + ", l" + b + ") + await(v(" + i + "L));");
                    l[a] = l[a] * 31 + l[b] + i;
                }
            }
            if (i % 40 == 3) {
                statesAt.put(lines.size() + 1, l.clone());
                lines.add("await(sleep(0));");
            }
        }
        if (inTry) {
            lines.addAll(List.of("} catch (IllegalStateException e) {", "l0 = -1;", "}"));
        }
        StringBuilder sum = new StringBuilder("0L");
        long result = 0;
        for (int k = 0; k < LOCALS; k++) {
            sum.append(" + l").append(k);
            result += l[k];
        }
        lines.add("return Coroutine.completed(" + sum + ");");
        lines.add("}");
        lines.add("public static void main(String[] args) { System.out.println(\"result \" + run(dense(" + P + "))); }");
        lines.add("}");
        return new Program(lines, statesAt, result);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyVariableHoldsItsValueAtEveryStatementOfTheHeadAndOfTheTail(boolean inTry) throws Exception {
        Program program = program(inTry);
        boolean[] handedOver = {false};
        List<Integer> stopped = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        try (CompiledClasses compiled = CompiledClasses.compile(List.of(new CompiledClasses.Source(CLASS,
                program.source())));
             DebuggerSession session = DebuggerSession.launch(CLASS, List.of(compiled.directory()))) {
            for (int line : program.statesAt().keySet()) {
                session.stopAt(CLASS, line);
            }
            for (LocatableEvent stop = session.runUntilStop(); stop != null; stop = session.runUntilStop()) {
                int line = stop.location().lineNumber();
                Method method = stop.location().method();
                String where = "line " + line + " (" + program.lines().get(line - 1) + ") in " + method;
                assertEquals("dense", method.name(), where);
                handedOver[0] |= method.declaringType().methodsByName("dense").stream()
                        .anyMatch(m -> m.signature().contains("Ljava/lang/Throwable;)"));
                assertShows(program.statesAt().get(line), DebuggerSession.variablesAt(stop), where);
                stopped.add(line);
                methods.add(method.signature());
            }
            List<String> printed = session.printedUntilExit();
            assertTrue(printed.contains("result " + program.result()), printed.toString());
        }
        assertTrue(methods.size() > 1, "stopped " + methods.size() + " times");
        assertEquals(inTry, handedOver[0], "a tail taking the exception of the try the cut is in");
        int cut = methods.indexOf(methods.get(methods.size() - 1));
        String runs = runs(methods);
        assertTrue(cut >= STATEMENTS / 4 && methods.size() - cut >= STATEMENTS / 4, "stops by method: " + runs);
        assertEquals(2, runs.split(", ").length, "stops in the head, then in the tail, nowhere else: " + runs);
        assertEquals(stopped.get(cut - 1), stopped.get(cut),
                "the head's last stop is its call of the tail, on the line of the statement the tail starts at");
        List<Integer> statements = new ArrayList<>(stopped);
        statements.remove(cut);
        assertEquals(List.copyOf(program.statesAt().keySet()), statements, "every statement once, in order");
    }

    /** {@code methods} as runs of equal ones: "(Ljasyncio/internal/Frame;)Ljava/lang/Object; x 124, ...". */
    private static String runs(List<String> methods) {
        StringBuilder runs = new StringBuilder();
        for (int i = 0, start = 0; i < methods.size(); i++) {
            if (i + 1 == methods.size() || !methods.get(i + 1).equals(methods.get(i))) {
                runs.append(runs.length() == 0 ? "" : ", ").append(methods.get(i)).append(" x ").append(i + 1 - start);
                start = i + 1;
            }
        }
        return runs.toString();
    }

    /** Each of {@code l0..l11} listed with its value; {@code p} at most, with its own; nothing else. */
    private static void assertShows(long[] locals, Map<String, Value> shown, String where) {
        for (int k = 0; k < LOCALS; k++) {
            Value value = shown.get("l" + k);
            assertTrue(value instanceof LongValue, where + ": l" + k + " is needed but not listed as a long: " + shown);
            assertEquals(locals[k], ((LongValue) value).value(), where + ": l" + k + "; the debugger shows " + shown);
        }
        Value p = shown.get("p");
        if (p != null) {
            assertEquals(P, ((LongValue) p).value(), where + ": p; the debugger shows " + shown);
        }
        assertEquals(LOCALS + (p == null ? 0 : 1), shown.size(), where + ": lists more than is in scope: " + shown);
    }
}
