package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.Barrier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class BarrierTest {
    @Async
    static Coroutine<Integer> arriveOnce(Barrier barrier) throws BrokenBarrierException {
        return Coroutine.completed(await(barrier.arrive()));
    }

    /**
     * The message of the {@link BrokenBarrierException} that {@code task} failed with. A task's checked
     * failure reaches {@code await(task)} undeclared, so it is caught as an Exception and checked.
     */
    @Async
    static Coroutine<String> brokenMessage(Task<?> task) {
        try {
            await(task);
            return Coroutine.completed("not broken");
        } catch (Exception e) {
            return Coroutine.completed(assertInstanceOf(BrokenBarrierException.class, e).getMessage());
        }
    }

    /** asyncio's documented example: two tasks and main meet at a barrier of three. */
    @Async
    static Coroutine<List<String>> documentedExample() throws BrokenBarrierException {
        List<String> log = new ArrayList<>();
        Barrier barrier = new Barrier(3);
        List<Task<Integer>> tasks = List.of(createTask(arriveOnce(barrier)), createTask(arriveOnce(barrier)));
        await(sleep(0));
        log.add(barrier.toString());
        int index = await(barrier.arrive());
        log.add(barrier.toString());
        log.add("barrier passed as " + index);
        await(sleep(0));
        log.add(barrier.toString());
        List<Integer> indexes = await(gather(tasks));
        log.add(indexes.toString());
        return Coroutine.completed(log);
    }

    @Test
    void theDocumentedExamplePassesTheBarrierTogether() throws Exception {
        assertEquals(List.of("<Barrier [filling, waiters:2/3]>", "<Barrier [draining, waiters:0/3]>",
                "barrier passed as 2", "<Barrier [filling, waiters:0/3]>", "[0, 1]"), run(documentedExample()));
    }

    @Async
    static Coroutine<List<Integer>> rounds(Barrier barrier, int count) throws BrokenBarrierException {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            indexes.add(await(barrier.arrive()));
        }
        return Coroutine.completed(indexes);
    }

    @Async
    static Coroutine<TreeSet<Integer>> cycle() throws BrokenBarrierException {
        Barrier barrier = new Barrier(2);
        List<Task<List<Integer>>> tasks = List.of(createTask(rounds(barrier, 3)), createTask(rounds(barrier, 3)));
        TreeSet<Integer> perRound = new TreeSet<>();
        List<List<Integer>> results = await(gather(tasks));
        for (int round = 0; round < 3; round++) {
            perRound.add(results.get(0).get(round) + results.get(1).get(round));
        }
        return Coroutine.completed(perRound);
    }

    @Test
    void theBarrierFillsAgainRoundAfterRound() throws Exception {
        // Each round hands out the indexes 0 and 1, once each.
        assertEquals(new TreeSet<>(List.of(1)), run(cycle()));
    }

    @Async
    static Coroutine<List<String>> abortRound() throws BrokenBarrierException {
        List<String> log = new ArrayList<>();
        Barrier barrier = new Barrier(3);
        List<Task<Integer>> tasks = List.of(createTask(arriveOnce(barrier)), createTask(arriveOnce(barrier)));
        await(sleep(0));
        await(barrier.abort());
        for (Task<Integer> task : tasks) {
            log.add("waiter: " + await(brokenMessage(task)));
        }
        try {
            await(barrier.arrive());
        } catch (BrokenBarrierException e) {
            log.add("latecomer: " + e.getMessage());
        }
        log.add(barrier + " " + barrier.isBroken());
        return Coroutine.completed(log);
    }

    @Test
    void abortBreaksWaitersAndLatecomers() throws Exception {
        assertEquals(List.of("waiter: Abort or reset of barrier", "waiter: Abort or reset of barrier",
                "latecomer: Barrier aborted", "<Barrier [broken]> true"), run(abortRound()));
    }

    @Async
    static Coroutine<List<String>> resetRound() throws BrokenBarrierException {
        List<String> log = new ArrayList<>();
        Barrier barrier = new Barrier(2);
        Task<Integer> early = createTask(arriveOnce(barrier));
        await(sleep(0));
        await(barrier.reset());
        log.add("early: " + await(brokenMessage(early)));
        log.add(barrier.toString());
        // Main arrives first: the new task has not run yet.
        Task<Integer> next = createTask(arriveOnce(barrier));
        int index = await(barrier.arrive());
        log.add("next round: main " + index + ", task " + await(next));
        return Coroutine.completed(log);
    }

    @Test
    void resetSendsTheWaitersAwayAndStartsAFreshRound() throws Exception {
        assertEquals(List.of("early: Abort or reset of barrier", "<Barrier [filling, waiters:0/2]>", "next round: main 0, task 1"),
                run(resetRound()));
    }

    @Async
    static Coroutine<List<String>> cancelAWaiter() throws BrokenBarrierException {
        List<String> log = new ArrayList<>();
        Barrier barrier = new Barrier(2);
        Task<Integer> quitter = createTask(arriveOnce(barrier));
        await(sleep(0));
        log.add(barrier.toString());
        quitter.cancel();
        try {
            await(quitter);
        } catch (CancellationException expected) {
            log.add(barrier.toString());
        }
        // Main arrives first: the new task has not run yet.
        Task<Integer> other = createTask(arriveOnce(barrier));
        int index = await(barrier.arrive());
        log.add("main " + index + ", other " + await(other));
        return Coroutine.completed(log);
    }

    @Test
    void aCancelledWaiterDoesNotCountAsArrived() throws Exception {
        assertEquals(List.of("<Barrier [filling, waiters:1/2]>", "<Barrier [filling, waiters:0/2]>", "main 0, other 1"),
                run(cancelAWaiter()));
    }

    @Test
    void aBarrierNeedsAtLeastOneParty() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertEquals(1, new Barrier(1).getParties());
    }

    @Async
    static Coroutine<String> arriveFromTwoLoops(Barrier barrier) throws BrokenBarrierException {
        await(barrier.arrive());
        return Coroutine.completed("passed");
    }

    @Test
    void aBarrierBelongsToTheFirstLoopThatUsesIt() throws Exception {
        Barrier barrier = new Barrier(1);
        assertEquals("passed", run(arriveFromTwoLoops(barrier)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(arriveFromTwoLoops(barrier)));
        assertTrue(e.getMessage().startsWith("Barrier@") && e.getMessage().contains("bound to a different event loop"),
                e.getMessage());
    }
}
