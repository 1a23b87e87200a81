package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.sync.Condition;
import jasyncio.sync.Lock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jasyncio.tests.support.OtherThread;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class ConditionTest {
    @Async
    static Coroutine<Void> waitOnce(Condition condition, List<String> log, String name) {
        await(condition.acquire());
        try {
            await(condition.waitSignal());
            log.add(name);
        } finally {
            condition.release();
        }
        return Coroutine.completed();
    }

    @Nested
    class ProducerConsumer {
        @Async
        Coroutine<Void> consumer(Condition condition, ArrayDeque<String> items, List<String> log, String name) {
            await(condition.acquire());
            try {
                await(condition.waitUntil(() -> !items.isEmpty()));
                log.add(name + " took " + items.poll());
            } finally {
                condition.release();
            }
            return Coroutine.completed();
        }

        @Async
        Coroutine<List<String>> produce() {
            Condition condition = new Condition();
            ArrayDeque<String> items = new ArrayDeque<>();
            List<String> log = new ArrayList<>();
            List<Task<Void>> consumers = new ArrayList<>();
            for (String name : List.of("c1", "c2", "c3")) {
                consumers.add(createTask(consumer(condition, items, log, name)));
            }
            for (String item : List.of("x", "y", "z")) {
                await(sleep(0.001));
                await(condition.acquire());
                try {
                    items.add(item);
                    condition.signal();
                } finally {
                    condition.release();
                }
            }
            await(gather(consumers));
            return Coroutine.completed(log);
        }

        @Test
        void consumersWaitForWhatTheProducerSignals() {
            assertEquals(List.of("c1 took x", "c2 took y", "c3 took z"), run(produce()));
        }
    }

    @Nested
    class Signalling {
        @Async
        Coroutine<List<String>> signalSome() {
            Condition condition = new Condition();
            List<String> log = new ArrayList<>();
            List<Task<Void>> tasks = List.of(createTask(waitOnce(condition, log, "a")),
                    createTask(waitOnce(condition, log, "b")), createTask(waitOnce(condition, log, "c")));
            await(sleep(0));
            log.add(condition.toString());
            await(condition.acquire());
            condition.signal(2);
            condition.release();
            await(sleep(0.01));
            log.add("then all");
            await(condition.acquire());
            condition.signalAll();
            condition.release();
            await(gather(tasks));
            log.add(condition.toString());
            return Coroutine.completed(log);
        }

        @Test
        void signalWakesWaitersInArrivalOrder() {
            assertEquals(List.of("<Condition [unlocked, waiters:3]>", "a", "b", "then all", "c",
                    "<Condition [unlocked]>"), run(signalSome()));
        }

        @Async
        Coroutine<Boolean> sharedLock() {
            Lock lock = new Lock();
            Condition first = new Condition(lock);
            Condition second = new Condition(lock);
            await(first.acquire());
            boolean seen = second.locked();
            second.release();
            return Coroutine.completed(seen && !first.locked());
        }

        @Test
        void conditionsCanShareALock() {
            assertTrue(run(sharedLock()));
        }
    }

    @Nested
    class Cancellation {
        @Async
        Coroutine<Void> waitAndNote(Condition condition, List<String> log) {
            await(condition.acquire());
            try {
                await(condition.waitSignal());
                log.add("signalled");
            } catch (CancellationException e) {
                log.add("cancelled, holding the lock: " + condition.locked());
                throw e;
            } finally {
                condition.release();
            }
            return Coroutine.completed();
        }

        @Async
        Coroutine<List<String>> cancelWhileAnotherHoldsTheLock() {
            Condition condition = new Condition();
            List<String> log = new ArrayList<>();
            Task<Void> waiter = createTask(waitAndNote(condition, log));
            await(sleep(0));
            await(condition.acquire());
            waiter.cancel();
            await(sleep(0.01));
            // The cancelled waiter cannot go on: it must take the lock back first.
            log.add("main releases");
            condition.release();
            try {
                await(waiter);
            } catch (CancellationException expected) {
                log.add("waiter cancelled, lock free: " + !condition.locked());
            }
            return Coroutine.completed(log);
        }

        @Test
        void aCancelledWaiterTakesTheLockBackBeforeItThrows() {
            assertEquals(List.of("main releases", "cancelled, holding the lock: true", "waiter cancelled, lock free: true"),
                    run(cancelWhileAnotherHoldsTheLock()));
        }

        @Async
        Coroutine<List<String>> cancelAfterTheSignal() {
            Condition condition = new Condition();
            List<String> log = new ArrayList<>();
            Task<Void> first = createTask(waitAndNote(condition, log));
            Task<Void> second = createTask(waitOnce(condition, log, "second"));
            await(sleep(0));
            await(condition.acquire());
            condition.signal();
            // `first` got the only signal but has not run: cancelled now, it must hand the signal on.
            first.cancel();
            condition.release();
            await(second);
            assertTrue(first.cancelled());
            return Coroutine.completed(log);
        }

        @Test
        void aWaiterCancelledAfterTheSignalPassesItOn() {
            assertEquals(List.of("cancelled, holding the lock: true", "second"), run(cancelAfterTheSignal()));
        }
    }

    @Nested
    class Errors {
        @Async
        Coroutine<Void> waitWithoutTheLock(Condition condition) {
            await(condition.waitSignal());
            return Coroutine.completed();
        }

        @Test
        void waitingNeedsTheLock() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> run(waitWithoutTheLock(new Condition())));
            assertEquals("cannot wait on un-acquired lock: <Condition [unlocked]>", e.getMessage());
        }

        @Async
        Coroutine<Void> signalWithoutTheLock(Condition condition) {
            condition.signal();
            return Coroutine.completed();
        }

        @Test
        void signallingNeedsTheLock() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> run(signalWithoutTheLock(new Condition())));
            assertEquals("cannot signal on un-acquired lock: <Condition [unlocked]>", e.getMessage());
        }

        @Async
        Coroutine<String> signalFromAPlainThread() {
            Condition condition = new Condition();
            await(condition.acquire());
            condition.signalAll();
            String message = OtherThread.refusal(condition::signalAll).getMessage();
            condition.release();
            return Coroutine.completed(message);
        }

        @Test
        void anotherThreadCannotSignal() {
            String message = run(signalFromAPlainThread());
            assertTrue(message.startsWith("Condition@") && message.contains("must be used from its loop's thread"),
                    message);
        }
    }
}
