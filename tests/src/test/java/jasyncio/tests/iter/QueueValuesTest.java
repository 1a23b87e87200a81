package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.iter.AsyncIterator;
import jasyncio.queues.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@link Queue#values()}: a queue consumed by async iteration until it is shut down. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueValuesTest {
    @Async
    static Coroutine<List<Integer>> worker(Queue<Integer> queue) {
        List<Integer> got = new ArrayList<>();
        try (AsyncIterator<Integer> items = queue.values().iterator()) {
            while (await(items.hasNext())) {
                got.add(items.next());
                await(sleep(0)); // let the other workers take their share
                queue.taskDone();
            }
        }
        return Coroutine.completed(got);
    }

    @Async
    static Coroutine<String> workersThenShutdown() {
        Queue<Integer> queue = new Queue<>(4);
        List<Task<List<Integer>>> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(createTask(worker(queue)));
        }
        for (int i = 0; i < 30; i++) {
            await(queue.put(i));
        }
        await(queue.join());
        queue.shutdown();
        TreeSet<Integer> all = new TreeSet<>();
        int total = 0;
        int busy = 0;
        for (List<Integer> got : await(gather(workers))) {
            all.addAll(got);
            total += got.size();
            busy += got.isEmpty() ? 0 : 1;
        }
        return Coroutine.completed(total + " items, " + all.size() + " distinct, first " + all.first() + " last "
                + all.last() + ", " + busy + " workers busy");
    }

    @Test
    void workersShareTheItemsAndEndWhenTheQueueIsShutDown() {
        assertEquals("30 items, 30 distinct, first 0 last 29, 3 workers busy", run(workersThenShutdown()));
    }

    @Async
    static Coroutine<List<Integer>> drainAfterShutdown(boolean immediate) {
        Queue<Integer> queue = new Queue<>();
        for (int i = 0; i < 5; i++) {
            queue.putNowait(i);
        }
        queue.shutdown(immediate);
        return worker(queue);
    }

    @Test
    void itemsPutBeforeTheShutdownAreStillIterated() {
        assertEquals(IntStream.range(0, 5).boxed().toList(), run(drainAfterShutdown(false)));
    }

    @Test
    void anImmediateShutdownEndsTheIterationAtOnce() {
        assertEquals(List.of(), run(drainAfterShutdown(true)));
    }

    @Async
    static Coroutine<String> waitingConsumersAtShutdown() {
        Queue<Integer> queue = new Queue<>();
        Task<List<Integer>> a = createTask(worker(queue));
        Task<List<Integer>> b = createTask(worker(queue));
        await(sleep(0.01)); // both wait in hasNext()
        queue.putNowait(1);
        await(sleep(0.01));
        queue.shutdown();
        List<Integer> got = new ArrayList<>(await(a));
        got.addAll(await(b));
        return Coroutine.completed(got + " " + queue);
    }

    @Test
    void consumersWaitingWhenTheQueueShutsDownEndCleanly() {
        assertEquals("[1] <Queue maxsize=0 shutdown>", run(waitingConsumersAtShutdown()));
    }

    @Async
    static Coroutine<String> cancelledWhileWaiting() {
        Queue<String> queue = new Queue<>();
        Task<Boolean> waiting = createTask(firstHasNext(queue));
        await(sleep(0.01));
        waiting.cancel();
        try {
            await(waiting);
        } catch (CancellationException expected) {
            // it took nothing
        }
        queue.putNowait("kept");
        AsyncIterator<String> other = queue.values().iterator();
        boolean more = await(other.hasNext());
        return Coroutine.completed(more + " " + other.next() + " cancelled=" + waiting.cancelled());
    }

    @Async
    static Coroutine<Boolean> firstHasNext(Queue<String> queue) {
        return Coroutine.completed(await(queue.values().iterator().hasNext()));
    }

    @Test
    void aConsumerCancelledWhileWaitingTakesNothing() {
        assertEquals("true kept cancelled=true", run(cancelledWhileWaiting()));
    }

    @Async
    static Coroutine<List<Object>> contract() {
        Queue<String> queue = new Queue<>();
        queue.putNowait("a");
        queue.putNowait("b");
        queue.putNowait(null);
        AsyncIterator<String> it = queue.values().iterator();
        List<Object> log = new ArrayList<>();
        log.add(assertThrows(NoSuchElementException.class, it::next).getClass().getSimpleName());
        log.add(await(it.hasNext()));
        log.add(await(it.hasNext())); // again before next(): still "a", not skipped
        log.add(it.next());
        log.add(await(it.hasNext()));
        log.add(it.next());
        log.add(await(it.hasNext()));
        log.add(it.next()); // items may be null
        it.close();
        log.add(await(it.hasNext()));
        log.add(queue.toString());
        return Coroutine.completed(log);
    }

    @Test
    void hasNextTwiceSkipsNothingNullItemsPassAndCloseEnds() {
        List<Object> expected = new ArrayList<>(List.of("NoSuchElementException", true, true, "a", true, "b", true));
        expected.add(null);
        expected.addAll(List.of(false, "<Queue maxsize=0 tasks=3>"));
        assertEquals(expected, run(contract()));
    }

    /** Closing with a value made ready but not taken drops it: the iterator says so and ends. */
    @Async
    static Coroutine<List<Object>> closingDropsAReadyValue(boolean async) {
        Queue<String> queue = new Queue<>();
        queue.putNowait("fetched");
        queue.putNowait("left");
        AsyncIterator<String> it = queue.values().iterator();
        List<Object> log = new ArrayList<>();
        log.add(it.toString());
        log.add(await(it.hasNext()));
        if (async) {
            await(it.aclose());
        } else {
            it.close();
        }
        log.add(it.toString());
        log.add(await(it.hasNext()));
        log.add(assertThrows(NoSuchElementException.class, it::next).getClass().getSimpleName());
        log.add(queue.qsize());
        return Coroutine.completed(log);
    }

    @Test
    void closeAndAcloseDropTheValueMadeReadyAndEnd() {
        List<Object> expected = List.of("<AsyncIterator of <Queue maxsize=0 items=[fetched, left] tasks=2>>", true,
                "<AsyncIterator of <Queue maxsize=0 items=[left] tasks=2> finished>", false,
                "NoSuchElementException", 1);
        assertEquals(expected, run(closingDropsAReadyValue(false)));
        assertEquals(expected, run(closingDropsAReadyValue(true)));
    }
}
