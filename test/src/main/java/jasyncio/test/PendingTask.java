package jasyncio.test;

import jasyncio.Task;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A pending task as a test's failure shows it: the task, what it waits for, and its await chain, innermost first. */
final class PendingTask {
    private PendingTask() {
    }

    /** Four spaces in, as the lines of a failure's list; read on the loop's thread. */
    static String describe(Task<?> task) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        task.printStack(new PrintStream(text, true, StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8).stripTrailing().indent(4).stripTrailing();
    }
}
