package jasyncio.tests.torture;

import java.util.List;

/**
 * Runs one seed's program on a thread of its own, so that a program that never ends (a defect that leaves the
 * loop with nothing to do but a task it never wakes) fails its seed instead of hanging the suite.
 */
final class BoundedRun {
    /** Far more than a program takes (about a millisecond), and short enough not to stall the suite much. */
    private static final long LIMIT_MILLIS = 10_000;

    private BoundedRun() {
    }

    static RandomProgram.Verdict of(long seed, RandomProgram.Ops ops) {
        RandomProgram.Verdict[] verdict = new RandomProgram.Verdict[1];
        Thread thread = new Thread(() -> verdict[0] = RandomProgram.run(seed, ops), "torture seed " + seed);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(LIMIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            StackTraceElement[] stack = thread.getStackTrace();
            return new RandomProgram.Verdict(seed, ops, List.of("the program did not end within " + LIMIT_MILLIS
                    + " ms; its thread is left behind" + (stack.length > 0 ? ", at " + stack[0] : "")), List.of());
        }
        return verdict[0];
    }
}
