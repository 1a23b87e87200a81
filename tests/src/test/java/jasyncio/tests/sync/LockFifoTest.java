package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** A woken lock waiter keeps its place: a task arriving before it has run waits behind it (asyncio's rule). */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockFifoTest {
    private final List<String> order = new ArrayList<>();

    @Async
    Coroutine<Void> takeTurn(Lock lock, String name) {
        await(lock.acquire());
        try {
            order.add(name);
        } finally {
            lock.release();
        }
        return Coroutine.completed();
    }

    @Async
    Coroutine<Void> releaseWithANewcomerScheduledFirst(Lock lock) {
        await(lock.acquire());
        Task<Void> waiter = createTask(takeTurn(lock, "waiter"));
        await(sleep(0));
        Task<Void> newcomer = createTask(takeTurn(lock, "newcomer"));
        lock.release(); // wakes the waiter, whose step runs after the newcomer's first one
        await(gather(waiter, newcomer));
        return Coroutine.completed();
    }

    @Test
    void aNewcomerDoesNotOvertakeAWokenWaiter() {
        run(releaseWithANewcomerScheduledFirst(new Lock()));
        assertEquals(List.of("waiter", "newcomer"), order);
    }
}
