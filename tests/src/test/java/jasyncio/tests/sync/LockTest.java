package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.Lock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jasyncio.tests.support.OtherThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class LockTest {
    /** Takes the lock, notes {@code name}, yields once while holding it, and releases it. */
    @Async
    static Coroutine<Void> holdBriefly(Lock lock, String name, List<String> order) {
        await(lock.acquire());
        try {
            order.add(name);
            await(sleep(0));
        } finally {
            lock.release();
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> acquireOnly(Lock lock, List<String> order, String name) {
        await(lock.acquire());
        order.add(name);
        return Coroutine.completed();
    }

    @Nested
    class Basics {
        @Async
        Coroutine<List<String>> states(Lock lock) {
            List<String> seen = new ArrayList<>();
            seen.add(lock + " " + lock.locked());
            await(lock.acquire());
            seen.add(lock + " " + lock.locked());
            lock.release();
            seen.add(lock + " " + lock.locked());
            return Coroutine.completed(seen);
        }

        @Test
        void acquireAndReleaseToggleLocked() {
            assertEquals(List.of("<Lock [unlocked]> false", "<Lock [locked]> true", "<Lock [unlocked]> false"),
                    run(states(new Lock())));
        }

        @Async
        Coroutine<String> describeWithWaiters(Lock lock) {
            await(lock.acquire());
            createTask(acquireOnly(lock, new ArrayList<>(), "a"));
            createTask(acquireOnly(lock, new ArrayList<>(), "b"));
            await(sleep(0));
            String text = lock.toString();
            lock.release();
            return Coroutine.completed(text);
        }

        @Test
        void toStringCountsWaiters() {
            assertEquals("<Lock [locked, waiters:2]>", run(describeWithWaiters(new Lock())));
        }
    }

    @Nested
    class Fairness {
        @Async
        Coroutine<List<String>> contend(Lock lock) {
            List<String> order = new ArrayList<>();
            await(lock.acquire());
            List<Task<Void>> tasks = List.of(createTask(holdBriefly(lock, "a", order)),
                    createTask(holdBriefly(lock, "b", order)), createTask(holdBriefly(lock, "c", order)));
            await(sleep(0));
            lock.release();
            await(gather(tasks));
            return Coroutine.completed(order);
        }

        @Test
        void waitersGetTheLockInArrivalOrder() {
            assertEquals(List.of("a", "b", "c"), run(contend(new Lock())));
        }

        @Async
        Coroutine<List<String>> barge(Lock lock) {
            List<String> order = new ArrayList<>();
            await(lock.acquire());
            Task<Void> first = createTask(holdBriefly(lock, "first", order));
            await(sleep(0));
            lock.release();
            // The lock is free but promised to `first`, which has not run yet: we must queue behind it.
            await(lock.acquire());
            order.add("newcomer");
            lock.release();
            await(first);
            return Coroutine.completed(order);
        }

        @Test
        void aNewcomerDoesNotOvertakeTheWokenWaiter() {
            assertEquals(List.of("first", "newcomer"), run(barge(new Lock())));
        }
    }

    @Nested
    class Cancellation {
        @Async
        Coroutine<List<String>> cancelWhileWaiting(Lock lock) {
            List<String> order = new ArrayList<>();
            await(lock.acquire());
            Task<Void> a = createTask(acquireOnly(lock, order, "a"));
            Task<Void> b = createTask(acquireOnly(lock, order, "b"));
            await(sleep(0));
            a.cancel();
            await(sleep(0));
            order.add(lock.toString());
            lock.release();
            await(b);
            order.add(String.valueOf(a.cancelled()));
            return Coroutine.completed(order);
        }

        @Test
        void aCancelledWaiterTakesNothing() {
            assertEquals(List.of("<Lock [locked, waiters:1]>", "b", "true"), run(cancelWhileWaiting(new Lock())));
        }

        @Async
        Coroutine<List<String>> cancelAfterWakeUp(Lock lock) {
            List<String> order = new ArrayList<>();
            await(lock.acquire());
            Task<Void> a = createTask(acquireOnly(lock, order, "a"));
            Task<Void> b = createTask(holdBriefly(lock, "b", order));
            await(sleep(0));
            lock.release();
            // `a` was just handed the lock but has not run: cancelling it now must pass the lock on to `b`.
            a.cancel();
            await(b);
            assertThrows(CancellationException.class, a::result);
            order.add(lock.toString());
            return Coroutine.completed(order);
        }

        @Test
        void aWaiterCancelledAfterBeingWokenPassesTheLockOn() {
            assertEquals(List.of("b", "<Lock [unlocked]>"), run(cancelAfterWakeUp(new Lock())));
        }
    }

    @Nested
    class Churn {
        @Async
        Coroutine<Void> critical(Lock lock, int[] inside) {
            await(lock.acquire());
            try {
                inside[0]++;
                inside[1] = Math.max(inside[1], inside[0]);
                await(sleep(0));
            } finally {
                inside[0]--;
                lock.release();
            }
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> churn(long seed) {
            Random random = new Random(seed);
            Lock lock = new Lock();
            int[] insideAndMost = new int[2];
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                tasks.add(createTask(critical(lock, insideAndMost)));
                if (random.nextInt(3) == 0) {
                    tasks.get(random.nextInt(tasks.size())).cancel();
                }
                if (random.nextBoolean()) {
                    await(sleep(0));
                }
            }
            for (Task<Void> task : tasks) {
                try {
                    await(task);
                } catch (CancellationException expected) {
                    // Cancelled while waiting or inside: either way the lock must be free for the others.
                }
            }
            assertEquals(1, insideAndMost[1]);
            await(lock.acquire());
            String state = lock.toString();
            lock.release();
            return Coroutine.completed(state);
        }

        @Test
        void randomCancellationsNeverLetTwoInNorLeaveTheLockStuck() {
            for (long seed = 1; seed <= 20; seed++) {
                assertEquals("<Lock [locked]>", run(churn(seed)), "seed " + seed);
            }
        }
    }

    @Nested
    class Errors {
        @Async
        Coroutine<Void> releaseUnlocked(Lock lock) {
            lock.release();
            return Coroutine.completed();
        }

        @Test
        void releasingAnUnlockedLockThrows() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(releaseUnlocked(new Lock())));
            assertTrue(e.getMessage().startsWith("Lock is not acquired"), e.getMessage());
        }

        @Async
        Coroutine<Void> releaseOnly(Lock lock) {
            lock.release();
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> releaseFromAnotherTask(Lock lock) {
            await(lock.acquire());
            Task<Void> intruder = createTask(releaseOnly(lock), "intruder");
            try {
                await(intruder);
                return Coroutine.completed("the intruder released the lock");
            } catch (IllegalStateException e) {
                assertTrue(lock.locked());
                lock.release();
                return Coroutine.completed(e.getMessage());
            }
        }

        @Test
        void onlyTheOwnerMayRelease() {
            String message = run(releaseFromAnotherTask(new Lock()));
            assertTrue(message.startsWith("Lock is held by <Task"), message);
            assertTrue(message.contains("cannot be released by <Task pending name='intruder'"), message);
        }

        @Async
        Coroutine<IllegalStateException> releaseFromAPlainThread(Lock lock) {
            await(lock.acquire());
            IllegalStateException e = OtherThread.refusal(lock::release);
            lock.release();
            return Coroutine.completed(e);
        }

        @Test
        void anotherThreadCannotUseTheLock() {
            String message = run(releaseFromAPlainThread(new Lock())).getMessage();
            assertTrue(message.matches("Lock@\\p{XDigit}+ is bound to an event loop and must be used from its loop's"
                    + " thread, not from thread 'plain-thread'.*callSoonThreadsafe.*"), message);
        }

        @Async
        Coroutine<Void> acquireAndRelease(Lock lock) {
            await(lock.acquire());
            lock.release();
            return Coroutine.completed();
        }

        @Test
        void aLockBelongsToTheFirstLoopThatUsesIt() {
            Lock lock = new Lock();
            run(acquireAndRelease(lock));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(acquireAndRelease(lock)));
            assertTrue(e.getMessage().contains("is bound to a different event loop"), e.getMessage());
        }
    }
}
