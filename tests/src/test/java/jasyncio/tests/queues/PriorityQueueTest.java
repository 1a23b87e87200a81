package jasyncio.tests.queues;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.queues.PriorityQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class PriorityQueueTest {
    @Async
    static <T> Coroutine<List<T>> drain(PriorityQueue<T> queue, List<T> items) {
        for (T item : items) {
            await(queue.put(item));
        }
        List<T> out = new ArrayList<>();
        while (!queue.empty()) {
            out.add(await(queue.get()));
        }
        return Coroutine.completed(out);
    }

    @Test
    void comparableItemsComeOutSmallestFirst() {
        assertEquals(List.of(1, 2, 3, 5, 8), run(drain(new PriorityQueue<>(), List.of(5, 1, 8, 3, 2))));
    }

    /** By length, which is not the strings' natural order ("aa" < "b"): the comparator must be what sorts them. */
    @Test
    void aComparatorSetsTheOrder() {
        PriorityQueue<String> queue = new PriorityQueue<>(Comparator.comparing(String::length));
        assertEquals(List.of("b", "aa", "ccc"), run(drain(queue, List.of("ccc", "b", "aa"))));
    }

    @Async
    static Coroutine<Integer> wokenGetter() {
        PriorityQueue<Integer> queue = new PriorityQueue<>();
        Task<Integer> getter = createTask(QueueTest.getOne(queue));
        await(sleep(0));
        queue.putNowait(7);
        queue.putNowait(3);
        return Coroutine.completed(await(getter));
    }

    @Test
    void aWokenGetterTakesTheSmallestItemThere() {
        assertEquals(3, run(wokenGetter()));
    }

    @Test
    void nullAndIncomparableItemsAreRefused() {
        PriorityQueue<Object> queue = new PriorityQueue<>();
        assertThrows(NullPointerException.class, () -> queue.putNowait(null));
        ClassCastException e = assertThrows(ClassCastException.class, () -> queue.putNowait(new Object()));
        assertEquals("java.lang.Object is not Comparable: give the PriorityQueue a Comparator", e.getMessage());
        assertEquals("<PriorityQueue maxsize=0>", queue.toString());
    }
}
