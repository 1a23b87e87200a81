package jasyncio.tests.fuzz;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * What the fuzzer found, reduced to the smallest program that shows it, each run like a fuzzed program (compiled
 * at test time, rewritten by the agent as it loads, compared with its twin in every arrival mode). They are
 * compiled at test time rather than with the suite: a rewrite that fails verification must not reach the suite's
 * own class files.
 *
 * <p>All are fixed, and the generator makes their shapes again. A finding not fixed yet would be
 * {@code @Disabled} here with the seeds that found it, and its shape left out of the generator until it is.
 */
class FuzzFindingsTest {
    private static final String HEADER = """
            package fuzz;
            import jasyncio.*;
            import jasyncio.tests.constructs.Arrivals;
            import jasyncio.tests.fuzz.*;
            import static jasyncio.Asyncio.await;
            import static jasyncio.tests.constructs.Arrivals.value;
            """;

    /** Compiles {@code body} as class {@code fuzz.name} implementing {@link FuzzProgram}, and checks it like a seed. */
    private static void check(String name, String body) throws Exception {
        ProgramGenerator.Program program = new ProgramGenerator.Program(0, "fuzz." + name,
                HEADER + "public final class " + name + " implements FuzzProgram {\n" + body + "}\n");
        try (GeneratedClasses classes = GeneratedClasses.compile(List.of(program))) {
            FuzzTest.check(classes, program, "finding " + name);
        }
    }

    /** Owned by MoveUninitializedNew (issue 11, defect 4): javac spills a pending NEW into locals around a try. */
    @Nested
    class SwitchExpressionsWithATryInConstructorArguments {
        @Test
        void anAwaitYieldedFromTheTryIsRewritten() throws Exception {
            check("YieldedFromTry", """
                    public Coroutine<String> coroutine() { return run(2); }
                    public String twin() { return runSync(2); }
                    @Async static Coroutine<String> run(int k) {
                        int t = new Support.Box(switch (k) { case 2 -> { try { yield await(value(k)); }
                            catch (IllegalStateException e) { yield -1; } } default -> 0; }, "a", 3L).total();
                        return Coroutine.completed("" + t);
                    }
                    static String runSync(int k) {
                        int t = new Support.Box(switch (k) { case 2 -> { try { yield k; }
                            catch (IllegalStateException e) { yield -1; } } default -> 0; }, "a", 3L).total();
                        return "" + t;
                    }
                    """);
        }

        @Test
        void anIntBelowTheConstructionIsRewritten() throws Exception {
            check("IntBelow", """
                    public Coroutine<String> coroutine() { return run(2); }
                    public String twin() { return runSync(2); }
                    @Async static Coroutine<String> run(int k) {
                        int t = await(value(1));
                        t += new Support.Box(switch (k) { case 2 -> { try { if (k > 5) await(value(k)); yield k; }
                            catch (IllegalStateException e) { yield -1; } } default -> 0; }, "a", 3L).total();
                        return Coroutine.completed("" + t);
                    }
                    static String runSync(int k) {
                        int t = 1;
                        t += new Support.Box(switch (k) { case 2 -> { try { if (k > 5) k++; yield k; }
                            catch (IllegalStateException e) { yield -1; } } default -> 0; }, "a", 3L).total();
                        return "" + t;
                    }
                    """);
        }

        @Test
        void anAwaitWhoseValueIsDroppedInsideTheTryVerifies() throws Exception {
            check("DroppedInTry", """
                    int f = 7;
                    public Coroutine<String> coroutine() { return new DroppedInTry().run(2); }
                    public String twin() { return new DroppedInTry().runSync(2); }
                    @Async Coroutine<String> run(int k) {
                        if (k > 0) {
                            k = new Support.Box(switch (k % 4) { case 1 -> { this.f += k; yield 25; }
                                case 2 -> { try { if (k > 5) await(Arrivals.failure(new IllegalStateException("m")));
                                yield k; } catch (IllegalStateException e) { yield k; } } default -> k; }, "a", 3L).total();
                        }
                        return Coroutine.completed("" + k);
                    }
                    String runSync(int k) {
                        if (k > 0) {
                            k = new Support.Box(switch (k % 4) { case 1 -> { this.f += k; yield 25; }
                                case 2 -> { try { if (k > 5) Support.raise("m");
                                yield k; } catch (IllegalStateException e) { yield k; } } default -> k; }, "a", 3L).total();
                        }
                        return "" + k;
                    }
                    """);
        }
    }

    /**
     * Owned by AsyncMethodRewriter (seeds 2818, 6773, 8918, 10131, 14477, 16960, 19455 and 19805 of session 25):
     * javac gives a {@code break} before an empty {@code default} a handler range of its own where a
     * {@code return} cut the {@code try}'s range; that {@code goto} jumps to the next instruction, the rewrite
     * dropped it, and the JVM refused the class for the empty range left behind.
     */
    @Nested
    class HandlerRanges {
        @Test
        void aRangeOfOnlyABreakBeforeAnEmptyDefaultLoads() throws Exception {
            check("BreakBeforeEmptyDefault", """
                    public Coroutine<String> coroutine() { return run(2); }
                    public String twin() { return runSync(2); }
                    @Async static Coroutine<String> run(int k) {
                        String s = await(value("a"));
                        try {
                            switch (k) {
                                case 1:
                                    return Coroutine.completed("early " + s);
                                case 2:
                                    break;
                                default:
                            }
                        } finally {
                            s += "f";
                        }
                        return Coroutine.completed(s);
                    }
                    static String runSync(int k) {
                        String s = "a";
                        try {
                            switch (k) {
                                case 1:
                                    return "early " + s;
                                case 2:
                                    break;
                                default:
                            }
                        } finally {
                            s += "f";
                        }
                        return s;
                    }
                    """);
        }
    }

    /** Owned by AsyncMethodRewriter: javac's output can hold unreachable code, and an await in it. */
    @Nested
    class DeadCode {
        @Test
        void anAwaitInADeadCopyOfAFinallyBlockDoesNotRefuseTheMethod() throws Exception {
            check("DeadFinallyCopy", """
                    public Coroutine<String> coroutine() { return run(); }
                    public String twin() { return runSync(); }
                    @Async static Coroutine<String> run() {
                        String s = "";
                        for (int i = 0; i < 2; i++) {
                            try {
                                if (true) break;
                                s += "body";
                            } finally {
                                s += await(value("finally"));
                            }
                        }
                        return Coroutine.completed(s);
                    }
                    static String runSync() {
                        String s = "";
                        for (int i = 0; i < 2; i++) {
                            try {
                                if (true) break;
                                s += "body";
                            } finally {
                                s += "finally";
                            }
                        }
                        return s;
                    }
                    """);
        }
    }
}
