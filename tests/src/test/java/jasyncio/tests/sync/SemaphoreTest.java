package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** asyncio's Semaphore: bounded concurrency, FIFO waiters, and cancelled waiters take nothing. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {
    private final List<Integer> order = new ArrayList<>();
    private int holders;
    private int maxHolders;

    @Async
    Coroutine<Void> hold(Semaphore semaphore, int id, double seconds) {
        await(semaphore.acquire());
        try {
            order.add(id);
            holders++;
            maxHolders = Math.max(maxHolders, holders);
            await(sleep(seconds));
            holders--;
        } finally {
            semaphore.release();
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<Void> manyWorkers(Semaphore semaphore, int workers) {
        List<Coroutine<Void>> all = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            all.add(hold(semaphore, i, 0.002 * (i % 4)));
        }
        await(gather(all));
        return Coroutine.completed();
    }

    @Test
    void aSemaphoreBoundsConcurrency() {
        Semaphore semaphore = new Semaphore(3);
        run(manyWorkers(semaphore, 20));
        assertEquals(3, maxHolders);
        assertEquals(20, order.size());
        assertEquals(3, semaphore.available());
    }

    @Async
    Coroutine<Void> waitersInLine(Semaphore semaphore) {
        await(semaphore.acquire());
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(createTask(hold(semaphore, i, 0)));
        }
        await(sleep(0));
        assertTrue(semaphore.locked());
        semaphore.release();
        await(gather(tasks));
        return Coroutine.completed();
    }

    @Test
    void waitersAreWokenInFifoOrder() {
        Semaphore semaphore = new Semaphore(1);
        run(waitersInLine(semaphore));
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Async
    Coroutine<Boolean> cancelAWaiter(Semaphore semaphore, boolean grantFirst) {
        await(semaphore.acquire());
        Task<Void> waiter = createTask(hold(semaphore, 1, 0));
        await(sleep(0));
        if (grantFirst) {
            // Granted and cancelled in the same iteration: the permit must be handed back.
            semaphore.release();
            waiter.cancel();
        } else {
            waiter.cancel();
            await(sleep(0));
            semaphore.release();
        }
        try {
            await(waiter);
        } catch (CancellationException expected) {
            return Coroutine.completed(waiter.cancelled());
        }
        return Coroutine.completed(false);
    }

    @Test
    void aWaiterCancelledWhileWaitingTakesNoPermit() {
        Semaphore semaphore = new Semaphore(1);
        assertTrue(run(cancelAWaiter(semaphore, false)));
        assertEquals(1, semaphore.available());
        assertFalse(semaphore.locked());
        assertEquals(List.of(), order);
    }

    @Test
    void aWaiterGrantedAndCancelledInTheSameIterationHandsThePermitBack() {
        Semaphore semaphore = new Semaphore(1);
        assertTrue(run(cancelAWaiter(semaphore, true)));
        assertEquals(1, semaphore.available());
        assertFalse(semaphore.locked());
        assertEquals(List.of(), order);
    }
}
