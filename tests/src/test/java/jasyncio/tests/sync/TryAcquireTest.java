package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.Lock;
import jasyncio.sync.Semaphore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code tryAcquire} (Kotlin's {@code Mutex.tryLock}): takes what is free at once, never waits, never overtakes. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TryAcquireTest {
    @Nested
    class OfALock {
        @Async
        Coroutine<List<Boolean>> tryTwice(Lock lock) {
            List<Boolean> taken = new ArrayList<>(List.of(lock.tryAcquire(), lock.tryAcquire(), lock.locked()));
            lock.release();
            taken.add(lock.locked());
            return Coroutine.completed(taken);
        }

        @Test
        void takesAFreeLockAndRefusesAHeldOne() {
            assertEquals(List.of(true, false, true, false), run(tryTwice(new Lock())));
        }

        @Async
        Coroutine<List<String>> tryWhileAWaiterIsWoken(Lock lock) {
            List<String> order = new ArrayList<>();
            await(lock.acquire());
            Task<Void> waiter = createTask(LockTest.acquireOnly(lock, order, "woken waiter"));
            await(sleep(0));
            lock.release();
            order.add("tryAcquire " + lock.tryAcquire());
            await(waiter);
            return Coroutine.completed(order);
        }

        @Test
        void doesNotOvertakeAWokenWaiter() {
            assertEquals(List.of("tryAcquire false", "woken waiter"), run(tryWhileAWaiterIsWoken(new Lock())));
        }
    }

    @Nested
    class OfASemaphore {
        @Async
        Coroutine<List<Object>> tryThree(Semaphore semaphore) {
            return Coroutine.completed(List.of(semaphore.tryAcquire(), semaphore.tryAcquire(), semaphore.tryAcquire(),
                    semaphore.available()));
        }

        @Test
        void takesFreePermitsUntilNoneIsLeft() {
            assertEquals(List.of(true, true, false, 0), run(tryThree(new Semaphore(2))));
        }

        @Async
        Coroutine<List<String>> tryWhileAWaiterIsWoken(Semaphore semaphore) {
            List<String> order = new ArrayList<>();
            await(semaphore.acquire());
            Task<Void> waiter = createTask(takeOne(semaphore, order));
            await(sleep(0));
            semaphore.release();
            order.add("tryAcquire " + semaphore.tryAcquire());
            await(waiter);
            return Coroutine.completed(order);
        }

        @Async
        Coroutine<Void> takeOne(Semaphore semaphore, List<String> order) {
            await(semaphore.acquire());
            order.add("woken waiter");
            return Coroutine.completed();
        }

        @Test
        void doesNotOvertakeAWokenWaiter() {
            assertEquals(List.of("tryAcquire false", "woken waiter"), run(tryWhileAWaiterIsWoken(new Semaphore(1))));
        }

        @Test
        void refusesAnotherLoop() {
            Semaphore semaphore = new Semaphore(1);
            run(tryThree(semaphore));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(tryThree(semaphore)));
            assertTrue(e.getMessage().contains("Semaphore"), e.getMessage());
        }
    }
}
