package jasyncio.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorialTest {
    private static final String DELAY = "0.02";

    /** The task names of the step and result lines, in the order they were printed. */
    private static List<String> taskOrder(String output) {
        return output.lines().filter(l -> l.startsWith("Task ")).map(l -> l.substring(5, l.indexOf(':'))).toList();
    }

    @Test
    void blockingSleepRunsTheTasksOneAfterTheOther() {
        String output = ConsoleCapture.stdoutOf(() -> Factorial.main(new String[] {"blocking", DELAY}));
        // Thread.sleep never gives the loop back: task A's four lines all come before task B's three.
        assertEquals(List.of("A", "A", "A", "A", "B", "B", "B"), taskOrder(output), output);
        assertTrue(output.contains("Results: [24, 6]"), output);
        assertTrue(output.contains("(blocking)"), output);
    }

    @Test
    void awaitedSleepInterleavesTheTasks() {
        String output = ConsoleCapture.stdoutOf(() -> Factorial.main(new String[] {"async", DELAY}));
        // Each await(sleep) lets the other task take a step; the timers fire in the order they were set.
        assertEquals(List.of("A", "B", "A", "B", "A", "B", "A"), taskOrder(output), output);
        assertTrue(output.contains("Task A: factorial(4) = 24"), output);
        assertTrue(output.contains("Task B: factorial(3) = 6"), output);
        assertTrue(output.contains("Results: [24, 6]"), output);
    }
}
