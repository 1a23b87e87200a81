package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.BoundedSemaphore;
import jasyncio.sync.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code Semaphore(0)} is asyncio's signal: it starts locked, and each release lets one waiter through. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreOfZeroTest {
    @Async
    static Coroutine<Void> acquiresAndLogs(Semaphore semaphore, List<String> log, String name) {
        await(semaphore.acquire());
        log.add(name);
        return Coroutine.completed();
    }

    @Async
    static Coroutine<List<String>> signals(Semaphore semaphore) {
        List<String> log = new ArrayList<>();
        assertTrue(semaphore.locked(), "no permit to start with");
        assertEquals(0, semaphore.available());
        Task<Void> first = createTask(acquiresAndLogs(semaphore, log, "first"));
        Task<Void> second = createTask(acquiresAndLogs(semaphore, log, "second"));
        await(sleep(0));
        log.add("both wait");
        semaphore.release();
        await(first);
        assertFalse(second.done(), "one release lets one waiter through");
        semaphore.release();
        await(second);
        assertEquals(0, semaphore.available());
        return Coroutine.completed(log);
    }

    @Test
    void aSemaphoreOfZeroWaitsForTheFirstRelease() {
        assertEquals(List.of("both wait", "first", "second"), run(signals(new Semaphore(0))));
    }

    @Test
    void aNegativeCountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void aBoundedSemaphoreOfZeroStartsLockedAndTakesNoReleaseBeyondIt() {
        BoundedSemaphore bounded = new BoundedSemaphore(0);
        assertTrue(bounded.locked());
        assertEquals(0, bounded.bound());
        assertThrows(IllegalStateException.class, () -> run(releases(bounded)));
    }

    @Async
    static Coroutine<Void> releases(Semaphore semaphore) {
        semaphore.release();
        return Coroutine.completed();
    }
}
