package jasyncio.tests.queues;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.queues.LifoQueue;
import jasyncio.queues.QueueFullException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class LifoQueueTest {
    @Async
    static Coroutine<List<String>> stack() {
        LifoQueue<String> queue = new LifoQueue<>(3);
        List<String> log = new ArrayList<>();
        for (String item : List.of("a", "b", "c")) {
            await(queue.put(item));
        }
        log.add(queue.toString());
        assertThrows(QueueFullException.class, () -> queue.putNowait("d"));
        while (!queue.empty()) {
            log.add(await(queue.get()));
            queue.taskDone();
        }
        await(queue.join());
        return Coroutine.completed(log);
    }

    @Test
    void getReturnsTheItemPutLast() {
        assertEquals(List.of("<LifoQueue maxsize=3 items=[c, b, a] tasks=3>", "c", "b", "a"), run(stack()));
    }

    @Async
    static Coroutine<List<String>> waitingPutter() {
        LifoQueue<String> queue = new LifoQueue<>(1);
        queue.putNowait("bottom");
        Task<Void> putter = createTask(QueueTest.putOne(queue, "top"));
        await(sleep(0));
        List<String> log = new ArrayList<>();
        log.add(queue.getNowait());
        await(putter);
        log.add(queue.getNowait());
        return Coroutine.completed(log);
    }

    @Test
    void aWaitingPutterGetsTheFreedSlot() {
        assertEquals(List.of("bottom", "top"), run(waitingPutter()));
    }
}
