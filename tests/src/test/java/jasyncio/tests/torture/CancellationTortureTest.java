package jasyncio.tests.torture;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random programs of tasks, timeouts, shields, groups and primitives under random cancellation
 * ({@link RandomProgram}), one per seed, each checked for its invariants: every task ends exactly once, nothing
 * is resolved twice or reported to the loop, no primitive keeps a waiter or loses a permit, the loop has no task
 * left. Seeds 1 to {@code -Djasyncio.torture.seeds=N} (10,000 by default, a few seconds) run with each set of
 * steps ({@link RandomProgram.Ops}: the classic one, and with the combinators), but for the classic programs of
 * {@link KnownFailingSeedsTest}'s tests still tagged {@code known-defect}; {@code -Djasyncio.torture.seed=N} runs
 * that one seed ({@code -Djasyncio.torture.ops=COMBINATORS} for the second set) and prints its trace.
 */
class CancellationTortureTest {
    private static final int DEFAULT_SEEDS = 10_000;
    /** Failing seeds described in the report; all of them are listed. */
    private static final int DESCRIBED_FAILURES = 20;

    /**
     * The whole run's bound: ten minutes for the default seeds, and a millisecond more per program for a longer
     * hunt (a program takes about a sixth of that here), which a fixed bound cut short. Each seed is bounded too
     * ({@link BoundedRun}); this one ends a run whose every seed hangs.
     */
    private static Duration bound(int seeds) {
        long morePrograms = (long) Math.max(0, seeds - DEFAULT_SEEDS) * RandomProgram.Ops.values().length;
        return Duration.ofSeconds(600).plusMillis(morePrograms);
    }

    @Test
    void everyInvariantHoldsForEverySeed() {
        String one = System.getProperty("jasyncio.torture.seed");
        if (one != null && !one.isEmpty()) {
            RandomProgram.Ops ops = RandomProgram.Ops.valueOf(System.getProperty("jasyncio.torture.ops", "CLASSIC"));
            RandomProgram.Verdict verdict = BoundedRun.of(Long.parseLong(one), ops);
            verdict.trace().forEach(System.out::println);
            assertTrue(verdict.passed(), verdict::toString);
            return;
        }
        int seeds = Integer.getInteger("jasyncio.torture.seeds", DEFAULT_SEEDS);
        List<RandomProgram.Verdict> failures = assertTimeoutPreemptively(bound(seeds), () -> failures(seeds));
        assertTrue(failures.isEmpty(), () -> report(failures, seeds));
    }

    private static List<RandomProgram.Verdict> failures(int seeds) {
        Set<Long> known = KnownFailingSeedsTest.knownFailing();
        List<RandomProgram.Verdict> failures = new ArrayList<>();
        for (RandomProgram.Ops ops : RandomProgram.Ops.values()) {
            for (long seed = 1; seed <= seeds; seed++) {
                if (ops == RandomProgram.Ops.CLASSIC && known.contains(seed)) {
                    continue;
                }
                RandomProgram.Verdict verdict = BoundedRun.of(seed, ops);
                if (!verdict.passed()) {
                    failures.add(verdict);
                }
            }
        }
        return failures;
    }

    private static String report(List<RandomProgram.Verdict> failures, int seeds) {
        StringBuilder text = new StringBuilder().append(failures.size()).append(" of ").append(seeds)
                .append(" seeds of each set broke an invariant (replay one with -Djasyncio.torture.seed=N"
                        + " -Djasyncio.torture.ops=SET, which prints its trace): ")
                .append(failures.stream().map(v -> v.seed() + " " + v.ops()).collect(Collectors.joining(", ")));
        for (RandomProgram.Verdict v : failures.subList(0, Math.min(DESCRIBED_FAILURES, failures.size()))) {
            text.append("\n  ").append(v);
        }
        return text.toString();
    }
}
