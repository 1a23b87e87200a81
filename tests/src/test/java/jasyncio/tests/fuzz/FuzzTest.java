package jasyncio.tests.fuzz;

import jasyncio.agent.AsyncAgent;
import jasyncio.tests.constructs.Differential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The differential fuzzer: for each seed, {@link ProgramGenerator} writes a random {@code @Async} method and its
 * synchronous twin; javac compiles them in this JVM, the agent rewrites them as they load, and
 * {@link Differential} runs the coroutine in every arrival mode (done, suspending, random) against the twin.
 * A fixed range of seeds runs with the suite (and again under {@code -Xverify:all}); more on demand:
 *
 * <pre>mvn -B -pl tests -am verify -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djasyncio.fuzz.seeds=100000 [-Djasyncio.fuzz.seed=FIRST]</pre>
 *
 * A failure names its seed and shows the program; {@code -Djasyncio.fuzz.seed=N -Djasyncio.fuzz.seeds=1} replays
 * it. What the fuzzer finds becomes a named test in {@link FuzzFindingsTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {
    private static final long FIRST_SEED = Long.getLong("jasyncio.fuzz.seed", 1);
    private static final long SEEDS = Long.getLong("jasyncio.fuzz.seeds", 400);
    /** Programs compiled by one javac task: javac's start-up is paid once per batch. */
    private static final int BATCH = 40;
    /**
     * The batch whose tests run now. JUnit pulls the tests of a batch only once the stream has compiled it, and
     * closes the inner streams before running their tests, so each batch is closed when the next one compiles.
     */
    private GeneratedClasses current;

    @TestFactory
    Stream<DynamicTest> generatedCoroutinesBehaveLikeTheirSynchronousTwins() {
        long batches = (SEEDS + BATCH - 1) / BATCH;
        return LongStream.range(0, batches).boxed().flatMap(b -> {
            long first = FIRST_SEED + b * BATCH;
            List<ProgramGenerator.Program> programs = LongStream.range(first, Math.min(first + BATCH, FIRST_SEED + SEEDS))
                    .mapToObj(seed -> ProgramGenerator.generate(seed)).collect(Collectors.toList());
            GeneratedClasses classes = next(programs);
            return programs.stream().map(p -> DynamicTest.dynamicTest("seed " + p.seed(), () -> check(classes, p,
                    "seed " + p.seed() + " (replay with -Djasyncio.fuzz.seed=" + p.seed() + " -Djasyncio.fuzz.seeds=1)")));
        });
    }

    private GeneratedClasses next(List<ProgramGenerator.Program> programs) {
        try {
            closeCurrent();
            current = GeneratedClasses.compile(programs);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /**
     * Loads one program (the agent rewrites it), asserts nothing was refused, and compares it with its twin; a
     * failure names the program ({@code what}: its seed and how to replay it) and shows its source.
     */
    static void check(GeneratedClasses classes, ProgramGenerator.Program program, String what)
            throws ReflectiveOperationException {
        try {
            FuzzProgram loaded = classes.instantiate(program);
            assertEquals(List.of(), problemsAbout(program.className()), "the agent refused part of the program");
            Differential.check(loaded::twin, loaded::coroutine);
        } catch (AssertionError | RuntimeException | LinkageError e) {
            System.err.println("jasyncio fuzz: " + what + " failed: " + e);
            throw new AssertionError(what + ": " + e.getMessage() + "\n" + program.source(), e);
        }
    }

    @Test
    void theSameSeedGivesTheSameProgramSoAFailureCanBeReplayed() {
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(ProgramGenerator.generate(seed), ProgramGenerator.generate(seed));
        }
    }

    private static List<String> problemsAbout(String className) {
        return AsyncAgent.problems().stream()
                .filter(p -> p.contains(className + ".") || p.contains(className + " ") || p.contains(className + "$"))
                .collect(Collectors.toList());
    }
}
