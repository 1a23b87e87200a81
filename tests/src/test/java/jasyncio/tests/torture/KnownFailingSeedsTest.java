package jasyncio.tests.torture;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.tests.support.KnownDefect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The torture seeds that fail today, one parameterized test per defect with a minimal repro beside it, tagged
 * {@code known-defect}. {@link CancellationTortureTest} leaves out the seeds of every test here still tagged, so
 * removing the tag once the fix is merged puts them back in its sweep too. The seeds belong to this version of
 * {@link RandomProgram}: a change to it changes every seed's program, and the lists must be made again (the sweep's
 * report lists every failing seed).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KnownFailingSeedsTest {
    /** The seeds of the tests still tagged {@code known-defect}: the sweep skips them. */
    static Set<Long> knownFailing() {
        Set<Long> seeds = new HashSet<>();
        for (Method m : KnownFailingSeedsTest.class.getDeclaredMethods()) {
            ValueSource source = m.getAnnotation(ValueSource.class);
            if (source != null && m.isAnnotationPresent(KnownDefect.class)) {
                for (long seed : source.longs()) {
                    seeds.add(seed);
                }
            }
        }
        return seeds;
    }

    private static void assertPasses(long seed) {
        RandomProgram.Verdict verdict = BoundedRun.of(seed, RandomProgram.Ops.CLASSIC);
        assertTrue(verdict.passed(), verdict::toString);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {
            63, 112, 166, 295, 322, 492, 522, 598, 647, 654, 674, 727, 750, 1006, 1104, 1118, 1161, 1264, 1267, 1305,
            1368, 1708, 1727, 1850, 1879, 1895, 1931, 2020, 2197, 2259, 2299, 2342, 2470, 2501, 2538, 2775, 2794,
            2853, 3079, 3211, 3214, 3247, 3424, 3580, 3652, 3665, 3677, 3717, 3728, 3809, 3862, 3891, 3983, 3997,
            4210, 4266, 4352, 4451, 4470, 4509, 4684, 4785, 4824, 4918, 4924, 4951, 4968, 4989, 5050, 5163, 5208,
            5217, 5233, 5322, 5422, 5586, 5651, 5670, 5881, 5901, 5978, 5984, 6019, 6067, 6199, 6281, 6391, 6392,
            6405, 6441, 6454, 6476, 6567, 6902, 7323, 7327, 7412, 7419, 7490, 7636, 7874, 7996, 8104, 8298, 8339,
            8439, 8563, 8681, 8729, 8815, 9012, 9028, 9055, 9063, 9126, 9185, 9220, 9381, 9409, 9604, 9646, 9651,
            9680, 9892, 9911, 9946
    })
    void aSleepingTaskCancelledTwiceInOneIteration(long seed) {
        assertPasses(seed);
    }

    @Async
    static Coroutine<String> catchThenAwait(Future<String> f) {
        try {
            await(sleep(10));
        } catch (CancellationException e) {
            // carry on to the next await
        }
        return Coroutine.completed(await(f));
    }

    @Async
    static Coroutine<String> cancelTwiceThenAwaitValue() {
        Future<String> f = getRunningLoop().createFuture();
        Task<String> t = createTask(catchThenAwait(f));
        await(sleep(0));
        t.cancel();
        t.cancel();
        await(sleep(0));
        await(sleep(0));
        f.setResult("value");
        return Coroutine.completed(await(t));
    }

    @Test
    void minimalRepro_aSleepingTaskCancelledTwiceInOneIteration() {
        List<Map<String, Object>> reports = new ArrayList<>();
        EventLoop loop = newEventLoop();
        loop.setExceptionHandler((l, context) -> reports.add(context));
        try {
            assertEquals("value", loop.runUntilComplete(cancelTwiceThenAwaitValue()));
        } finally {
            loop.close();
        }
        assertEquals(List.of(), reports);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {
            153, 349, 372, 425, 481, 505, 816, 829, 864, 989, 1341, 1400, 1491, 1518, 1532, 1579, 1595, 1633, 1751,
            1784, 1913, 1969, 2063, 2223, 2230, 2315, 2442, 2841, 3024, 3041, 3174, 3204, 3327, 3553, 3660, 3851,
            4026, 4146, 4343, 4359, 4465, 4648, 4820, 4821, 5016, 5100, 5127, 5178, 5212, 5239, 5374, 5454, 5468,
            5515, 5549, 5652, 5703, 5814, 5869, 5877, 5934, 5985, 6282, 6319, 6484, 6493, 6560, 6649, 6664, 6736,
            7045, 7174, 7336, 7397, 7573, 7604, 7666, 7822, 7864, 8034, 8046, 8128, 8134, 8181, 8197, 8296, 8360,
            8607, 8615, 8684, 8861, 8929, 8938, 8941, 8973, 9212, 9258, 9316, 9414, 9438, 9441, 9521, 9544, 9790,
            9801, 9852
    })
    void aFailedFutureWhoseAwaiterIsCancelledInTheSameIteration(long seed) {
        assertPasses(seed);
    }

    @Async
    static Coroutine<Void> awaiting(Future<?> future) {
        await(future);
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> gatherOf(Task<Void> child) {
        await(gather(child));
        return Coroutine.completed();
    }

    /**
     * The gathering future fails with the child's cancellation and wakes the parent; the parent is cancelled
     * before it runs, and its step throws the cancellation without reading the gathering's outcome. asyncio's
     * task reads the outcome of the future that woke it in any case ({@code __wakeup} calls {@code result()}).
     */
    @Async
    static Coroutine<Void> cancelTheAwaiterOfAFailedGathering() {
        Future<Void> blocker = getRunningLoop().createFuture();
        Task<Void> child = createTask(awaiting(blocker));
        Task<Void> parent = createTask(gatherOf(child));
        await(sleep(0));
        child.cancel();
        await(sleep(0));
        parent.cancel();
        try {
            await(parent);
        } catch (CancellationException e) {
            // expected: what matters is what the loop reports when it closes
        }
        return Coroutine.completed();
    }

    @Test
    void minimalRepro_aFailedFutureWhoseAwaiterIsCancelledInTheSameIteration() {
        List<Map<String, Object>> reports = new ArrayList<>();
        EventLoop loop = newEventLoop();
        loop.setExceptionHandler((l, context) -> reports.add(context));
        try {
            loop.runUntilComplete(cancelTheAwaiterOfAFailedGathering());
        } finally {
            loop.close();
        }
        assertEquals(List.of(), reports);
    }
}
