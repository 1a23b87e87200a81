package jasyncio.tests.debug;

import com.sun.jdi.DoubleValue;
import com.sun.jdi.Field;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LongValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import com.sun.jdi.event.LocatableEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real debugger session (JDI, as IDEs use it) on {@link DebuggedProgram} in a child JVM under the agent: at
 * each stop inside the rewritten {@code @Async} method, every variable the debugger lists holds the value the
 * program computed, and the variables still needed are listed. A value the rewrite does not keep across a
 * suspension (dead there) is not listed: absent, never garbage.
 */
@Timeout(300)
class DebuggerTest {
    private static final String PROGRAM = "DebuggedProgram(p)";
    private static final long BIG = 1L << 40;
    private static final int SUM_OF_SQUARES_BELOW_3 = 0 + 1 + 4;
    private static final String RESULT = "result 40 46 " + BIG + " boom 46";
    private static final Map<String, Integer> LINES = stopLines();

    /** The lines marked {@code // stop:name} in the program's source. */
    private static Map<String, Integer> stopLines() {
        Path source = Path.of("src/test/java", DebuggedProgram.class.getName().replace('.', '/') + ".java");
        Map<String, Integer> lines = new LinkedHashMap<>();
        try {
            List<String> text = Files.readAllLines(source);
            Pattern marker = Pattern.compile("// stop:(\\w+)$");
            for (int i = 0; i < text.size(); i++) {
                Matcher m = marker.matcher(text.get(i));
                if (m.find()) {
                    lines.put(m.group(1), i + 1);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the debugged program's source " + source.toAbsolutePath(), e);
        }
        return lines;
    }

    /**
     * What one stop must show: the true value of every variable in scope (the debugger may list any of them, and
     * only with that value) and the names it must list (those the rest of the method still reads).
     */
    private record Expected(Map<String, Object> inScope, Set<String> live) {
    }

    /** The value a debugger user reads: numbers and strings as themselves, objects as Type(name or message). */
    private static Object shown(Value value) {
        if (value == null) {
            return null;
        }
        if (value instanceof StringReference s) {
            return s.value();
        }
        if (value instanceof IntegerValue i) {
            return i.value();
        }
        if (value instanceof LongValue l) {
            return l.value();
        }
        if (value instanceof DoubleValue d) {
            return d.value();
        }
        if (value instanceof ObjectReference o) {
            String type = o.referenceType().name();
            Field text = o.referenceType().fieldByName("name");
            if (text == null) {
                text = o.referenceType().fieldByName("detailMessage");
            }
            return type.substring(type.lastIndexOf('.') + 1) + "(" + (text == null ? "" : shown(o.getValue(text))) + ")";
        }
        return value.toString();
    }

    /** Every variable the debugger lists at the top frame of {@code stop}, as its user reads it. */
    private static Map<String, Object> variablesAt(LocatableEvent stop) throws Exception {
        Map<String, Object> shown = new TreeMap<>();
        DebuggerSession.variablesAt(stop).forEach((name, value) -> shown.put(name, shown(value)));
        return shown;
    }

    private static void assertShows(Expected expected, Map<String, Object> shown, String where) {
        for (Map.Entry<String, Object> variable : shown.entrySet()) {
            assertTrue(expected.inScope().containsKey(variable.getKey()),
                    where + ": the debugger lists " + variable + ", which is not in scope; it shows " + shown);
            assertEquals(expected.inScope().get(variable.getKey()), variable.getValue(),
                    where + ": wrong value of " + variable.getKey() + "; the debugger shows " + shown);
        }
        for (String name : expected.live()) {
            assertTrue(shown.containsKey(name), where + ": " + name + " is still needed but not listed; the debugger shows "
                    + shown);
        }
    }

    private static Map<String, Object> scope(Object... namesAndValues) {
        Map<String, Object> scope = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            scope.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return scope;
    }

    private static Map<String, Object> with(Map<String, Object> scope, Object... namesAndValues) {
        Map<String, Object> more = new LinkedHashMap<>(scope);
        more.putAll(scope(namesAndValues));
        return more;
    }

    /**
     * Where the program stands at the stop called {@code stop}, on its {@code hit}-th arrival there (from 0), before
     * the line runs.
     */
    private static Expected expectedAt(String stop, int hit) {
        Map<String, Object> start = scope("$this", PROGRAM, "count", 3, "n", 20, "label", "p:20", "half", 10.0, "big", BIG);
        Map<String, Object> awaited = with(start, "first", 20);
        Map<String, Object> doubled = with(awaited, "doubled", 40);
        Map<String, Object> ready = with(doubled, "ready", 41);
        int squares = 0;
        for (int i = 0; i < hit; i++) {
            squares += i * i;
        }
        switch (stop) {
            case "beforeAwait":
                return new Expected(start, start.keySet());
            case "afterAwait":
                return new Expected(awaited, Set.of("count", "big", "first"));
            case "beforeReadyAwait":
                return new Expected(doubled, Set.of("count", "big", "doubled"));
            case "afterReadyAwait":
                return new Expected(ready, Set.of("count", "big", "doubled", "ready"));
            case "inLoop":
                return new Expected(with(ready, "total", 41 + squares, "i", hit, "square", hit * hit),
                        Set.of("count", "big", "doubled", "total", "i", "square"));
            case "inCatch":
                return new Expected(with(ready, "total", 41 + SUM_OF_SQUARES_BELOW_3, "caught", null,
                        "e", "IllegalStateException(boom 46)"), Set.of("big", "doubled", "total", "caught", "e"));
            case "atReturn":
                return new Expected(with(ready, "total", 41 + SUM_OF_SQUARES_BELOW_3, "caught", "boom 46"),
                        Set.of("big", "doubled", "total", "caught"));
            default:
                throw new IllegalArgumentException(stop);
        }
    }

    private static String stopNamed(int line) {
        return LINES.entrySet().stream().filter(e -> e.getValue() == line).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("stopped at line " + line + ", where no stop is marked"));
    }

    @Nested
    class VariablesView {
        @Test
        void everyListedVariableHoldsItsValueAtEveryStopBeforeAndAfterSuspendingAwaits() throws Exception {
            List<String> stops = new ArrayList<>();
            try (DebuggerSession session = DebuggerSession.launch(DebuggedProgram.class)) {
                for (int line : LINES.values()) {
                    session.stopAt(DebuggedProgram.class, line);
                }
                Map<String, Integer> hits = new TreeMap<>();
                for (LocatableEvent stop = session.runUntilStop(); stop != null; stop = session.runUntilStop()) {
                    String name = stopNamed(stop.location().lineNumber());
                    int hit = hits.merge(name, 1, Integer::sum) - 1;
                    String where = name + " (hit " + hit + ", " + stop.location() + ")";
                    assertShows(expectedAt(name, hit), variablesAt(stop), where);
                    stops.add(name);
                }
                List<String> printed = session.printedUntilExit();
                assertTrue(printed.contains(RESULT), printed.toString());
            }
            assertEquals(List.of("beforeAwait", "afterAwait", "beforeReadyAwait", "afterReadyAwait",
                    "inLoop", "inLoop", "inLoop", "inCatch", "atReturn"), stops);
        }
    }

    @Nested
    class SteppingOverAnAwait {
        @Test
        void stepOverAnAwaitThatCompletesAtOnceLandsOnTheNextLine() throws Exception {
            try (DebuggerSession session = DebuggerSession.launch(DebuggedProgram.class)) {
                session.stopAt(DebuggedProgram.class, LINES.get("beforeReadyAwait"));
                LocatableEvent stop = session.runUntilStop();
                assertNotNull(stop, "never stopped: " + session.printed());
                LocatableEvent stepped = session.stepOver(stop.thread());
                assertEquals("work", stepped.location().method().name());
                assertEquals((int) LINES.get("afterReadyAwait"), stepped.location().lineNumber());
                assertShows(expectedAt("afterReadyAwait", 0), variablesAt(stepped), "after the step");
                session.finish();
                List<String> printed = session.printedUntilExit();
                assertTrue(printed.contains(RESULT), printed.toString());
            }
        }

        /**
         * A suspending await returns from the method to the loop, so "step over" ends in the runtime that ran it
         * (the method is no longer on the stack); a breakpoint on the next line stops there when the task resumes.
         */
        @Test
        void stepOverAnAwaitThatSuspendsLeavesTheMethodAndABreakpointOnTheNextLineStopsAtTheResume()
                throws Exception {
            try (DebuggerSession session = DebuggerSession.launch(DebuggedProgram.class)) {
                session.stopAt(DebuggedProgram.class, LINES.get("beforeAwait"));
                LocatableEvent stop = session.runUntilStop();
                assertNotNull(stop, "never stopped: " + session.printed());
                LocatableEvent stepped = session.stepOver(stop.thread());
                for (StackFrame frame : stepped.thread().frames()) {
                    assertNotEquals("work", frame.location().method().name(), "stepped to " + stepped.location());
                }
                session.stopAt(DebuggedProgram.class, LINES.get("afterAwait"));
                LocatableEvent resumed = session.runUntilStop();
                assertEquals("work", resumed.location().method().name());
                assertEquals((int) LINES.get("afterAwait"), resumed.location().lineNumber());
                assertShows(expectedAt("afterAwait", 0), variablesAt(resumed), "after the resume");
                session.finish();
                List<String> printed = session.printedUntilExit();
                assertTrue(printed.contains(RESULT), printed.toString());
            }
        }
    }
}
