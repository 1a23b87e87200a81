package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.test.AsyncTesting.runTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order-dependence finder: tasks ready in the same iteration run in an order drawn from a seed, the same
 * order for the same seed, and a failing shuffled test names its seed.
 */
@Timeout(60)
class ShuffleTest {
    private static final List<Integer> CREATION_ORDER = IntStream.range(0, 8).boxed().toList();

    @TestLoop(shuffle = true, seed = 42)
    private static final class Seed42 {
    }

    @TestLoop(shuffle = true, seed = 7)
    private static final class Seed7 {
    }

    private static TestLoop settingsOf(Class<?> holder) {
        return holder.getAnnotation(TestLoop.class);
    }

    @Nested
    class ReadyTasks {
        @Test
        void runInCreationOrderUnlessShuffled() {
            assertEquals(CREATION_ORDER, runTest(eightTasksInTheirOrder()));
        }

        @Test
        void runInASeededOrderWhenShuffled() {
            List<Integer> shuffled = runTest(settingsOf(Seed42.class), eightTasksInTheirOrder());
            assertNotEquals(CREATION_ORDER, shuffled);
            assertEquals(CREATION_ORDER, shuffled.stream().sorted().toList());
        }

        @Test
        void runInTheSameOrderForTheSameSeed() {
            assertEquals(runTest(settingsOf(Seed42.class), eightTasksInTheirOrder()),
                    runTest(settingsOf(Seed42.class), eightTasksInTheirOrder()));
        }

        @Test
        void runInAnotherOrderForAnotherSeed() {
            assertNotEquals(runTest(settingsOf(Seed42.class), eightTasksInTheirOrder()),
                    runTest(settingsOf(Seed7.class), eightTasksInTheirOrder()));
        }
    }

    @Nested
    class AFailingShuffledTest {
        @Test
        void namesItsSeedToReplayItWith() {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> runTest(settingsOf(Seed42.class), dependsOnCreationOrder()));
            String notes = Arrays.toString(failure.getSuppressed());
            assertTrue(notes.contains("shuffled by seed 42"), notes);
            assertTrue(notes.contains("@TestLoop(shuffle = true, seed = 42L)"), notes);
        }
    }

    @Async
    static Coroutine<List<Integer>> eightTasksInTheirOrder() {
        List<Integer> ran = new ArrayList<>();
        for (int i : CREATION_ORDER) {
            createTask(appends(ran, i));
        }
        await(sleep(1));
        return Coroutine.completed(ran);
    }

    @Async
    static Coroutine<Void> dependsOnCreationOrder() {
        assertEquals(CREATION_ORDER, await(eightTasksInTheirOrder()));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> appends(List<Integer> ran, int i) {
        ran.add(i);
        return Coroutine.completed();
    }
}
