package jasyncio.tests.queues;

import jasyncio.Async;
import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.queues.Queue;
import jasyncio.queues.QueueEmptyException;
import jasyncio.queues.QueueFullException;
import jasyncio.queues.QueueShutDownException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jasyncio.tests.support.OtherThread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class QueueTest {
    @Async
    static <T> Coroutine<T> getOne(Queue<T> queue) {
        return Coroutine.completed(await(queue.get()));
    }

    @Async
    static <T> Coroutine<Void> putOne(Queue<T> queue, T item) {
        await(queue.put(item));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<String> describeFailure(Task<?> task) {
        try {
            return Coroutine.completed("returned " + await(task));
        } catch (RuntimeException e) {
            return Coroutine.completed(e.getClass().getSimpleName());
        }
    }

    @Nested
    class DocumentedExample {
        @Async
        Coroutine<Void> worker(Queue<Double> queue, List<Double> done) {
            for (;;) {
                double sleepFor = await(queue.get());
                await(sleep(sleepFor));
                done.add(sleepFor);
                queue.taskDone();
            }
        }

        @Async
        Coroutine<List<Double>> main() {
            Queue<Double> queue = new Queue<>();
            List<Double> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                queue.putNowait(0.001 * (1 + i % 5));
            }
            List<Task<Void>> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(createTask(worker(queue, done), "worker-" + i));
            }
            await(queue.join());
            for (Task<Void> worker : workers) {
                worker.cancel();
            }
            for (Task<Void> worker : workers) {
                try {
                    await(worker);
                } catch (CancellationException expected) {
                    // Each worker was stuck in get() on the drained queue.
                }
            }
            assertTrue(queue.empty());
            return Coroutine.completed(done);
        }

        @Test
        void joinReturnsOnceWorkersMarkedEveryItemDone() {
            assertEquals(20, run(main()).size());
        }
    }

    @Nested
    class PutAndGet {
        @Async
        Coroutine<List<Object>> nowait() {
            Queue<String> queue = new Queue<>(2);
            List<Object> seen = new ArrayList<>();
            queue.putNowait("a");
            queue.putNowait(null);
            seen.add(queue.full());
            seen.add(queue.toString());
            seen.add(assertThrows(QueueFullException.class, () -> queue.putNowait("c")).getMessage());
            seen.add(queue.getNowait());
            seen.add(queue.getNowait());
            seen.add(assertThrows(QueueEmptyException.class, queue::getNowait).getMessage());
            seen.add(queue.qsize() + " " + queue.maxsize() + " " + queue.empty());
            return Coroutine.completed(seen);
        }

        @Test
        void nowaitFormsAreFifoAndThrowWhenFullOrEmpty() {
            assertEquals(Arrays.asList(true, "<Queue maxsize=2 items=[a, null] tasks=2>",
                    "queue full (maxsize=2): <Queue maxsize=2 items=[a, null] tasks=2>", "a", null,
                    "queue empty: <Queue maxsize=2 tasks=2>", "0 2 true"), run(nowait()));
        }

        @Async
        Coroutine<List<String>> putWaitsWhileFull() {
            Queue<String> queue = new Queue<>(1);
            List<String> log = new ArrayList<>();
            queue.putNowait("first");
            Task<Void> putter = createTask(putOne(queue, "second"));
            await(sleep(0.01));
            log.add(putter.done() + " " + queue);
            log.add(queue.getNowait());
            await(putter);
            log.add(queue.toString());
            return Coroutine.completed(log);
        }

        @Test
        void putWaitsWhileTheQueueIsFull() {
            assertEquals(List.of("false <Queue maxsize=1 items=[first] putters[1] tasks=1>", "first",
                    "<Queue maxsize=1 items=[second] tasks=2>"), run(putWaitsWhileFull()));
        }

        @Async
        Coroutine<List<String>> gettersInLine() {
            Queue<String> queue = new Queue<>();
            List<Task<String>> getters = List.of(createTask(getOne(queue)), createTask(getOne(queue)),
                    createTask(getOne(queue)));
            await(sleep(0));
            for (String item : List.of("x", "y", "z")) {
                await(queue.put(item));
            }
            return Coroutine.completed(await(gather(getters)));
        }

        @Test
        void waitingGettersAreServedInArrivalOrder() {
            assertEquals(List.of("x", "y", "z"), run(gettersInLine()));
        }

        @Async
        Coroutine<String> joinWithNothingPut() {
            Queue<String> queue = new Queue<>();
            await(queue.join());
            queue.putNowait("a");
            queue.getNowait();
            IllegalStateException tooMany = null;
            queue.taskDone();
            try {
                queue.taskDone();
            } catch (IllegalStateException e) {
                tooMany = e;
            }
            await(queue.join());
            return Coroutine.completed(tooMany.getMessage());
        }

        @Test
        void taskDoneCalledTooOftenThrows() {
            assertEquals("taskDone() called too many times: <Queue maxsize=0>", run(joinWithNothingPut()));
        }
    }

    @Nested
    class Cancellation {
        @Async
        Coroutine<List<String>> cancelWokenGetter() {
            Queue<String> queue = new Queue<>();
            Task<String> first = createTask(getOne(queue));
            Task<String> second = createTask(getOne(queue));
            await(sleep(0));
            queue.putNowait("item");
            // `first` was woken for the item but has not run: cancelled now, it must leave the item to `second`.
            first.cancel();
            List<String> log = new ArrayList<>();
            log.add(await(describeFailure(first)));
            log.add(await(second));
            log.add(queue.toString());
            return Coroutine.completed(log);
        }

        @Test
        void aGetterCancelledAfterBeingWokenLosesNoItem() {
            assertEquals(List.of("CancellationException", "item", "<Queue maxsize=0 tasks=1>"), run(cancelWokenGetter()));
        }

        @Async
        Coroutine<String> cancelWaitingGetter() {
            Queue<String> queue = new Queue<>();
            Task<String> getter = createTask(getOne(queue));
            await(sleep(0));
            getter.cancel();
            await(describeFailure(getter));
            queue.putNowait("kept");
            return Coroutine.completed(queue.toString());
        }

        @Async
        Coroutine<String> timeOutAGet() {
            Queue<String> queue = new Queue<>();
            try {
                await(waitFor(queue.get(), 0.01));
                return Coroutine.completed("got something");
            } catch (AsyncTimeoutException expected) {
                queue.putNowait("kept");
                return Coroutine.completed(queue.toString());
            }
        }

        @Test
        void aGetTimedOutByWaitForTakesNothing() {
            assertEquals("<Queue maxsize=0 items=[kept] tasks=1>", run(timeOutAGet()));
        }

        @Test
        void aCancelledWaitingGetterTakesNothing() {
            assertEquals("<Queue maxsize=0 items=[kept] tasks=1>", run(cancelWaitingGetter()));
        }

        @Async
        Coroutine<List<String>> cancelWokenPutter() {
            Queue<String> queue = new Queue<>(1);
            queue.putNowait("old");
            Task<Void> first = createTask(putOne(queue, "first"));
            Task<Void> second = createTask(putOne(queue, "second"));
            await(sleep(0));
            queue.getNowait();
            // `first` was woken for the free slot but has not run: cancelled now, it must leave it to `second`.
            first.cancel();
            List<String> log = new ArrayList<>();
            log.add(await(describeFailure(first)));
            await(second);
            log.add(queue.toString());
            return Coroutine.completed(log);
        }

        @Test
        void aPutterCancelledAfterBeingWokenPassesTheSlotOn() {
            assertEquals(List.of("CancellationException", "<Queue maxsize=1 items=[second] tasks=2>"),
                    run(cancelWokenPutter()));
        }
    }

    @Nested
    class Churn {
        @Async
        Coroutine<Void> consume(Queue<Integer> queue, List<Integer> got) {
            for (;;) {
                // No await between get() returning and add(): a consumer either has the item or never took it.
                got.add(await(queue.get()));
            }
        }

        @Async
        Coroutine<Void> produce(Queue<Integer> queue, int item, List<Integer> put) {
            await(queue.put(item));
            put.add(item);
            return Coroutine.completed();
        }

        @Async
        Coroutine<Integer> churn(long seed) {
            Random random = new Random(seed);
            Queue<Integer> queue = new Queue<>(3);
            List<Integer> got = new ArrayList<>();
            List<Integer> put = new ArrayList<>();
            List<Task<Void>> consumers = new ArrayList<>();
            List<Task<Void>> producers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                consumers.add(createTask(consume(queue, got)));
            }
            for (int item = 0; item < 300; item++) {
                producers.add(createTask(produce(queue, item, put)));
                if (random.nextInt(5) == 0) {
                    producers.get(random.nextInt(producers.size())).cancel();
                }
                if (random.nextInt(5) == 0) {
                    int k = random.nextInt(consumers.size());
                    consumers.get(k).cancel();
                    consumers.set(k, createTask(consume(queue, got)));
                }
                if (random.nextBoolean()) {
                    await(sleep(0));
                }
            }
            for (Task<Void> producer : producers) {
                await(describeFailure(producer));
            }
            for (Task<Void> consumer : consumers) {
                consumer.cancel();
                await(describeFailure(consumer));
            }
            List<Integer> accounted = new ArrayList<>(got);
            while (!queue.empty()) {
                accounted.add(queue.getNowait());
            }
            accounted.sort(null);
            put.sort(null);
            assertEquals(put, accounted);
            assertTrue(put.size() > 100, "too few puts survived: " + put.size());
            // No waiter is left registered; every item put is still an unfinished task (nobody calls taskDone).
            assertEquals("<Queue maxsize=3 tasks=" + put.size() + ">", queue.toString());
            return Coroutine.completed(queue.qsize());
        }

        @Test
        void noItemIsLostOrDuplicatedWhateverIsCancelled() {
            for (long seed = 1; seed <= 20; seed++) {
                assertEquals(0, run(churn(seed)), "seed " + seed);
            }
        }
    }

    @Nested
    class Shutdown {
        @Async
        Coroutine<List<String>> drainAfterShutdown() {
            Queue<String> queue = new Queue<>();
            queue.putNowait("left");
            queue.shutdown();
            List<String> log = new ArrayList<>();
            log.add(assertThrows(QueueShutDownException.class, () -> queue.putNowait("more")).getMessage());
            log.add(await(queue.get()));
            try {
                await(queue.get());
            } catch (QueueShutDownException e) {
                log.add(e.getMessage());
            }
            return Coroutine.completed(log);
        }

        @Test
        void getsDrainTheItemsLeftThenThrow() {
            assertEquals(List.of("putNowait on a queue that was shut down: <Queue maxsize=0 items=[left] tasks=1 shutdown>",
                    "left", "get on a queue that was shut down and is empty: <Queue maxsize=0 tasks=1 shutdown>"),
                    run(drainAfterShutdown()));
        }

        @Async
        Coroutine<List<String>> wakeWaiters() {
            Queue<String> empty = new Queue<>();
            Queue<String> full = new Queue<>(1);
            full.putNowait("x");
            Task<String> getter = createTask(getOne(empty));
            Task<Void> putter = createTask(putOne(full, "y"));
            await(sleep(0));
            empty.shutdown();
            full.shutdown();
            return Coroutine.completed(List.of(await(describeFailure(getter)), await(describeFailure(putter))));
        }

        @Test
        void shutdownWakesWaitingGettersAndPuttersWithAnError() {
            assertEquals(List.of("QueueShutDownException", "QueueShutDownException"), run(wakeWaiters()));
        }

        @Async
        Coroutine<List<String>> immediate() {
            Queue<String> queue = new Queue<>();
            queue.putNowait("a");
            queue.putNowait("b");
            Task<Void> joiner = createTask(queue.join());
            await(sleep(0));
            queue.shutdown(true);
            await(joiner);
            return Coroutine.completed(List.of(queue.toString(), await(describeFailure(createTask(getOne(queue))))));
        }

        @Test
        void anImmediateShutdownDropsTheItemsAndReleasesJoin() {
            assertEquals(List.of("<Queue maxsize=0 shutdown>", "QueueShutDownException"), run(immediate()));
        }
    }

    @Nested
    class Loops {
        @Test
        void aQueueCanBeFilledBeforeTheLoopRuns() {
            Queue<String> queue = new Queue<>();
            queue.putNowait("early");
            assertEquals("early", run(getOne(queue)));
        }

        @Async
        Coroutine<String> putFromAPlainThread(Queue<String> queue) {
            queue.putNowait("bound now");
            return Coroutine.completed(OtherThread.refusal(() -> queue.putNowait("from elsewhere")).getMessage());
        }

        @Test
        void anotherThreadCannotUseTheQueue() {
            Queue<String> queue = new Queue<>();
            String message = run(putFromAPlainThread(queue));
            assertTrue(message.startsWith("Queue@") && message.contains("must be used from its loop's thread"), message);
            assertEquals(1, queue.qsize());
        }
    }
}
