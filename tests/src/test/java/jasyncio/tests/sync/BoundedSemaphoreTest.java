package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.BoundedSemaphore;
import org.junit.jupiter.api.Test;

import jasyncio.tests.support.OtherThread;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class BoundedSemaphoreTest {
    @Async
    static Coroutine<Void> useOnce(BoundedSemaphore semaphore, List<String> log, String name, int[] inside) {
        await(semaphore.acquire());
        try {
            inside[0]++;
            inside[1] = Math.max(inside[1], inside[0]);
            log.add(name);
            await(sleep(0.001));
        } finally {
            inside[0]--;
            semaphore.release();
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<List<String>> crowd(BoundedSemaphore semaphore, int[] inside) {
        List<String> log = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            tasks.add(createTask(useOnce(semaphore, log, name, inside)));
        }
        await(gather(tasks));
        return Coroutine.completed(log);
    }

    @Test
    void itLetsInAtMostItsPermitsInArrivalOrder() {
        BoundedSemaphore semaphore = new BoundedSemaphore(2);
        int[] insideAndMost = new int[2];
        assertEquals(List.of("a", "b", "c", "d", "e"), run(crowd(semaphore, insideAndMost)));
        assertEquals(2, insideAndMost[1]);
        assertEquals(2, semaphore.available());
    }

    @Async
    static Coroutine<Void> overRelease(BoundedSemaphore semaphore) {
        await(semaphore.acquire());
        semaphore.release();
        semaphore.release();
        return Coroutine.completed();
    }

    @Test
    void releasingMoreThanAcquiredThrows() {
        BoundedSemaphore semaphore = new BoundedSemaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(overRelease(semaphore)));
        assertTrue(e.getMessage().startsWith("BoundedSemaphore released too many times"), e.getMessage());
        assertEquals(1, semaphore.available());
        assertEquals(1, semaphore.bound());
    }

    @Async
    static Coroutine<List<String>> cancelAWaiter(BoundedSemaphore semaphore) {
        List<String> log = new ArrayList<>();
        int[] inside = new int[2];
        await(semaphore.acquire());
        Task<Void> cancelled = createTask(useOnce(semaphore, log, "cancelled", inside));
        Task<Void> kept = createTask(useOnce(semaphore, log, "kept", inside));
        await(sleep(0));
        log.add(semaphore.toString());
        semaphore.release();
        // `cancelled` was just given the permit and has not run: cancelling it must hand the permit on.
        cancelled.cancel();
        await(kept);
        log.add(cancelled.cancelled() + " " + semaphore.available());
        return Coroutine.completed(log);
    }

    @Test
    void aCancelledWaiterTakesNoPermit() {
        assertEquals(List.of("<BoundedSemaphore locked value=0 waiters=2>", "kept", "true 1"),
                run(cancelAWaiter(new BoundedSemaphore(1))));
    }

    @Async
    static Coroutine<String> releaseFromAPlainThread(BoundedSemaphore semaphore) {
        await(semaphore.acquire());
        String message = OtherThread.refusal(semaphore::release).getMessage();
        semaphore.release();
        return Coroutine.completed(message);
    }

    @Test
    void anotherThreadCannotRelease() {
        String message = run(releaseFromAPlainThread(new BoundedSemaphore(1)));
        assertTrue(message.startsWith("BoundedSemaphore@") && message.contains("must be used from its loop's thread"),
                message);
    }

    @Async
    static Coroutine<String> overReleaseFromAPlainThread(BoundedSemaphore semaphore) {
        await(semaphore.acquire());
        semaphore.release();
        return Coroutine.completed(OtherThread.refusal(semaphore::release).getMessage());
    }

    /** The thread is checked first: the count belongs to the loop's thread, which may be changing it. */
    @Test
    void anotherThreadReleasingAFullSemaphoreIsToldAboutTheThread() {
        String message = run(overReleaseFromAPlainThread(new BoundedSemaphore(1)));
        assertTrue(message.startsWith("BoundedSemaphore@") && message.contains("must be used from its loop's thread"),
                message);
    }
}
