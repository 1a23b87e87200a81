package jasyncio.test;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

/** One test's {@link TestLoop} settings, its defaults where no annotation gives them. */
record Settings(boolean realTime, double timeout, boolean allowPendingTasks, boolean allowUnretrievedFailures,
                boolean allowNeverAwaited, double slowStep, boolean shuffle, long seed) {
    /** What a test without {@link TestLoop} gets, and {@link AsyncTesting#runTest}. */
    static final Settings DEFAULT = new Settings(false, 60, false, false, false, 2, false, 0);

    /** The system property that replays a shuffled run: its seed. */
    static final String SEED_PROPERTY = "jasyncio.test.seed";

    static Settings of(TestLoop loop) {
        return new Settings(loop.realTime(), loop.timeout(), loop.allowPendingTasks(), loop.allowUnretrievedFailures(),
                loop.allowNeverAwaited(), loop.slowStep(), loop.shuffle(), loop.seed());
    }

    /** The settings of the first of {@code places} (nearest first) that carries {@link TestLoop}. */
    static Settings nearest(Iterable<? extends AnnotatedElement> places) {
        for (AnnotatedElement place : places) {
            TestLoop loop = place.getAnnotation(TestLoop.class);
            if (loop != null) {
                return of(loop);
            }
        }
        return DEFAULT;
    }

    /** The seed to shuffle with, when shuffling: the replayed one, the given one, or a new one. */
    Optional<Long> shuffleSeed() {
        String replay = System.getProperty(SEED_PROPERTY);
        if (replay != null) {
            return Optional.of(Long.parseLong(replay.trim()));
        }
        if (!shuffle) {
            return Optional.empty();
        }
        return Optional.of(seed != 0 ? seed : System.nanoTime());
    }
}
