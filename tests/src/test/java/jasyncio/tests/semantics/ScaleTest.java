package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Many tasks at once, and await chains far deeper than the Java stack (the surefire JVM runs with -Xss1m). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScaleTest {
    private static final int TASKS = 100_000;
    private static final int DEPTH = 100_000;

    private final RuntimeException boom = new RuntimeException("bottom");
    private int finallies;

    @Async
    Coroutine<Integer> sleeper(int i) {
        await(sleep(0.5));
        return Coroutine.completed(i);
    }

    @Async
    Coroutine<List<Integer>> manyTasks() {
        List<Coroutine<Integer>> all = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            all.add(sleeper(i));
        }
        return Coroutine.completed(await(gather(all)));
    }

    @Test
    void aHundredThousandConcurrentSleepersAllComplete() {
        List<Integer> results = run(manyTasks());
        assertEquals(TASKS, results.size());
        for (int i = 0; i < TASKS; i++) {
            assertEquals(i, results.get(i));
        }
    }

    @Async
    Coroutine<Integer> depth(int n, boolean suspendAtLeaf) {
        if (n == 0) {
            if (suspendAtLeaf) {
                await(sleep(0));
            }
            return Coroutine.completed(0);
        }
        int below = await(depth(n - 1, suspendAtLeaf));
        return Coroutine.completed(below + 1);
    }

    @Test
    void aHundredThousandDeepAwaitChainReturns() {
        assertEquals(DEPTH, run(depth(DEPTH, true)));
    }

    @Test
    void aHundredThousandDeepChainThatNeverSuspendsReturns() {
        assertEquals(DEPTH, run(depth(DEPTH, false)));
    }

    @Async
    Coroutine<Integer> tailDepth(int n) {
        if (n == 0) {
            await(sleep(0));
            return Coroutine.completed(0);
        }
        return tailDepth(n - 1);
    }

    @Test
    void aHundredThousandDeepTailAwaitChainReturns() {
        assertEquals(0, run(tailDepth(DEPTH)));
    }

    @Async
    Coroutine<Integer> throwsAtTheBottom(int n) {
        if (n == 0) {
            await(sleep(0));
            throw boom;
        }
        try {
            return Coroutine.completed(await(throwsAtTheBottom(n - 1)) + 1);
        } finally {
            finallies++;
        }
    }

    @Test
    void anExceptionAtTheBottomOfAHundredThousandDeepChainReachesTheTop() {
        assertSame(boom, assertThrows(RuntimeException.class, () -> run(throwsAtTheBottom(DEPTH))));
        assertEquals(DEPTH, finallies, "every level's finally ran");
    }


    @Async
    Coroutine<Integer> throwsAtTheBottomWithoutSuspending(int n) {
        if (n == 0) {
            throw boom;
        }
        try {
            return Coroutine.completed(await(throwsAtTheBottomWithoutSuspending(n - 1)) + 1);
        } finally {
            finallies++;
        }
    }

    @Test
    void anExceptionAtTheBottomOfADeepChainThatNeverSuspendsReachesTheTop() {
        assertSame(boom, assertThrows(RuntimeException.class, () -> run(throwsAtTheBottomWithoutSuspending(DEPTH))));
        assertEquals(DEPTH, finallies);
    }

    @Async
    Coroutine<Integer> sleepsAtTheBottom(int n) {
        if (n == 0) {
            await(sleep(10));
            return Coroutine.completed(0);
        }
        try {
            return Coroutine.completed(await(sleepsAtTheBottom(n - 1)) + 1);
        } finally {
            finallies++;
        }
    }

    @Async
    Coroutine<Boolean> cancelDeepChain() {
        jasyncio.Task<Integer> task = createTask(sleepsAtTheBottom(DEPTH));
        await(sleep(0));
        task.cancel();
        try {
            await(task);
        } catch (java.util.concurrent.CancellationException expected) {
            return Coroutine.completed(task.cancelled());
        }
        return Coroutine.completed(false);
    }

    @Test
    void cancellingAHundredThousandDeepChainUnwindsEveryFrame() {
        assertTrue(run(cancelDeepChain()));
        assertEquals(DEPTH, finallies);
    }
}
