package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.TaskGroup;
import jasyncio.sync.Semaphore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython's {@code test_locks.py::SemaphoreTests} on waiters' order, rewritten against the public API: a woken
 * waiter keeps its place until it runs, so a newcomer cannot take the permit it was woken for, and the semaphore
 * stays {@code locked()} meanwhile.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreFifoTest {
    private final List<Object> result = new ArrayList<>();

    @Async
    Coroutine<Boolean> acquireAndRecord(Semaphore sem, int id) {
        await(sem.acquire());
        result.add(id);
        return Coroutine.completed(true);
    }

    /** Awaits every task, whatever it ended with (asyncio's {@code gather(..., return_exceptions=True)}). */
    @Async
    Coroutine<Void> settle(List<? extends Task<?>> tasks) {
        await(gather(tasks, true));
        return Coroutine.completed();
    }

    @Nested
    class WokenWaitersKeepTheirPlace {
        /** test_locks.py::SemaphoreTests::test_acquire (the semaphore's counters read through the public API). */
        @Async
        Coroutine<Void> acquire(Semaphore sem) {
            await(sem.acquire());
            await(sem.acquire());
            assertFalse(sem.locked());
            Task<Boolean> t1 = createTask(acquireAndRecord(sem, 1));
            Task<Boolean> t2 = createTask(acquireAndRecord(sem, 2));
            Task<Boolean> t3 = createTask(acquireAndRecord(sem, 3));
            await(sleep(0));
            assertEquals(List.of(1), result);
            assertTrue(sem.locked());
            assertEquals(0, sem.available());
            Task<Boolean> t4 = createTask(acquireAndRecord(sem, 4));
            sem.release();
            sem.release();
            assertEquals(0, sem.available(), "the released permits went to the woken waiters");
            assertTrue(sem.locked(), "the woken waiters hold the permits-to-be");
            await(sleep(0));
            assertEquals(List.of(1, 2, 3), result, "the newcomer t4 did not overtake t2 and t3");
            assertTrue(sem.locked());
            assertEquals(0, sem.available());
            assertTrue(t1.done() && t2.done() && t3.done());
            assertFalse(t4.done());
            sem.release();
            await(gather(t2, t3, t4));
            return Coroutine.completed();
        }

        @Test
        void aNewcomerWaitsBehindTheWokenWaiters() {
            run(acquire(new Semaphore(3)));
            assertEquals(List.of(1, 2, 3, 4), result);
        }

        @Async
        Coroutine<Boolean> c2ReleasesAndAcquiresAgain(Semaphore sem) {
            await(sem.acquire());
            result.add(2);
            sem.release();
            await(sem.acquire());
            result.add(4);
            return Coroutine.completed(true);
        }

        /** test_locks.py::SemaphoreTests::test_acquire_fifo_order_2. */
        @Async
        Coroutine<Void> fifoOrder2(Semaphore sem) {
            Task<Boolean> t1 = createTask(acquireAndRecord(sem, 1));
            Task<Boolean> t2 = createTask(c2ReleasesAndAcquiresAgain(sem));
            Task<Boolean> t3 = createTask(acquireAndRecord(sem, 3));
            await(sleep(0));
            sem.release();
            sem.release();
            await(gather(t1, t2, t3));
            return Coroutine.completed();
        }

        @Test
        void aTaskReacquiringQueuesBehindTheWaitersAlreadyWoken() {
            run(fifoOrder2(new Semaphore(1)));
            assertEquals(List.of(1, 2, 3, 4), result);
        }

        /** test_locks.py::SemaphoreTests::test_acquire_fifo_order_3. */
        @Async
        Coroutine<Void> fifoOrder3(Semaphore sem) {
            Task<Boolean> t1 = createTask(acquireAndRecord(sem, 1));
            Task<Boolean> t2 = createTask(acquireAndRecord(sem, 2));
            Task<Boolean> t3 = createTask(acquireAndRecord(sem, 3));
            await(sleep(0));
            t1.cancel();
            await(sleep(0));
            sem.release();
            sem.release();
            await(settle(List.of(t1, t2, t3)));
            return Coroutine.completed();
        }

        @Test
        void aWaiterCancelledBeforeTheReleasesGetsNothing() {
            run(fifoOrder3(new Semaphore(0)));
            assertEquals(List.of(2, 3), result);
        }

        @Async
        Coroutine<Void> acquireTwiceAroundASleep(Semaphore sem, String tag) {
            await(sem.acquire());
            result.add(tag + "_1");
            await(sleep(0.01));
            sem.release();
            await(sem.acquire());
            result.add(tag + "_2");
            await(sleep(0.01));
            sem.release();
            return Coroutine.completed();
        }

        /** test_locks.py::SemaphoreTests::test_acquire_fifo_order. */
        @Test
        void waitersTakeTurnsInArrivalOrder() {
            Semaphore sem = new Semaphore(1);
            run(TaskGroup.run(tg -> {
                tg.createTask(acquireTwiceAroundASleep(sem, "c1"));
                tg.createTask(acquireTwiceAroundASleep(sem, "c2"));
                tg.createTask(acquireTwiceAroundASleep(sem, "c3"));
                return Coroutine.completed();
            }));
            assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
        }
    }

    @Nested
    class CancelledWaiters {
        /** test_locks.py::SemaphoreTests::test_acquire_cancel_before_awoken. */
        @Async
        Coroutine<Void> cancelBeforeAwoken(Semaphore sem) {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(createTask(sem.acquire()));
            }
            await(sleep(0));
            tasks.get(0).cancel();
            tasks.get(1).cancel();
            sem.release();
            await(sleep(0));
            await(sleep(0));
            assertTrue(tasks.get(2).done());
            assertFalse(tasks.get(3).done());
            tasks.get(2).cancel();
            tasks.get(3).cancel();
            await(settle(tasks));
            return Coroutine.completed();
        }

        @Test
        void cancelledWaitersPassTheirTurnOnToTheNextOne() {
            run(cancelBeforeAwoken(new Semaphore(0)));
        }

        /** test_locks.py::SemaphoreTests::test_acquire_hang. */
        @Async
        Coroutine<Void> acquireHang(Semaphore sem) {
            Task<Void> t1 = createTask(sem.acquire());
            Task<Void> t2 = createTask(sem.acquire());
            await(sleep(0));
            t1.cancel();
            sem.release();
            await(sleep(0));
            await(sleep(0));
            assertTrue(sem.locked());
            assertTrue(t2.done());
            await(settle(List.of(t1, t2)));
            return Coroutine.completed();
        }

        @Test
        void aReleaseAfterTheFirstWaiterIsCancelledWakesTheSecond() {
            run(acquireHang(new Semaphore(0)));
        }

        @Async
        Coroutine<Void> holdBrieflyThenCancel(Semaphore sem, Task<?>[] other) {
            await(sem.acquire());
            try {
                await(sleep(0));
            } finally {
                sem.release();
            }
            other[0].cancel();
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> mustNotGetIn(Semaphore sem) {
            await(sem.acquire());
            sem.release();
            result.add("c2 got in");
            return Coroutine.completed();
        }

        /** test_locks.py::SemaphoreTests::test_acquire_no_hang. */
        @Async
        Coroutine<Throwable> acquireNoHang(Semaphore sem) {
            Task<?>[] t2 = new Task<?>[1];
            Task<Void> t1 = createTask(holdBrieflyThenCancel(sem, t2));
            t2[0] = createTask(mustNotGetIn(sem));
            List<Object> outcomes = await(gather(List.of(t1, t2[0]), true));
            assertNull(outcomes.get(0));
            await(waitFor(sem.acquire(), 1.0));
            return Coroutine.completed((Throwable) outcomes.get(1));
        }

        @Test
        void aWaiterCancelledAfterItWasWokenHandsThePermitBack() {
            assertInstanceOf(CancellationException.class, run(acquireNoHang(new Semaphore(1))));
            assertEquals(List.of(), result);
        }
    }

    @Nested
    class Locked {
        /** test_locks.py::SemaphoreTests::test_initial_value_zero. */
        @Test
        void aSemaphoreWithNoPermitsIsLocked() {
            assertTrue(new Semaphore(0).locked());
        }

        /** test_locks.py::SemaphoreTests::test_release_no_waiters. */
        @Async
        Coroutine<Void> releaseNoWaiters(Semaphore sem) {
            await(sem.acquire());
            assertTrue(sem.locked());
            sem.release();
            assertFalse(sem.locked());
            return Coroutine.completed();
        }

        @Test
        void releasingTheOnlyPermitUnlocks() {
            run(releaseNoWaiters(new Semaphore(1)));
        }

        @Async
        Coroutine<Boolean> lockedWhileWoken(Semaphore sem) {
            Task<Boolean> woken = createTask(acquireAndRecord(sem, 1));
            await(sleep(0));
            sem.release();
            sem.release();
            boolean lockedMeanwhile = sem.locked();
            Task<Boolean> newcomer = createTask(acquireAndRecord(sem, 2));
            await(gather(woken, newcomer));
            return Coroutine.completed(lockedMeanwhile);
        }

        /** asyncio 3.13's {@code locked()}: "Due to state, or FIFO rules (must allow others to run first)". */
        @Test
        void aWokenWaiterThatHasNotRunYetKeepsItLockedThoughAPermitIsFree() {
            Semaphore sem = new Semaphore(0);
            assertTrue(run(lockedWhileWoken(sem)));
            assertEquals(List.of(1, 2), result);
            assertEquals(0, sem.available());
        }
    }
}
