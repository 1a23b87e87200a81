package jasyncio.tests.cpython;

import jasyncio.AsyncTimeoutException;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TaskGroup;
import jasyncio.queues.LifoQueue;
import jasyncio.queues.PriorityQueue;
import jasyncio.queues.Queue;
import jasyncio.queues.QueueEmptyException;
import jasyncio.queues.QueueFullException;
import jasyncio.queues.QueueShutDownException;
import jasyncio.sync.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.tests.cpython.Ported.*;
import static jasyncio.tests.support.Waiters.*;
import static org.junit.jupiter.api.Assertions.*;

/** CPython 3.13 {@code Lib/test/test_asyncio/test_queues.py}, ported test by test. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueuesTest {

    @Nested
    class QueueBasicTests {
        @Test
        @DisplayName("test_queues.py::QueueBasicTests::test_repr")
        void repr() {
            // jasyncio prints getters[1], putters[1] and items=[1] where asyncio prints _getters[1], _putters[1]
            // and _queue=[1].
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                assertTrue(q.toString().startsWith("<Queue"), q::toString);
                Queue<Integer> getting = new Queue<>();
                Task<Integer> getter = await(TaskGroup.run(tg -> {
                    Task<Integer> t = tg.createTask(getting.get());
                    await(sleep(0));
                    assertTrue(getting.toString().contains("getters[1]"), getting::toString);
                    getting.putNowait(0);
                    return Coroutine.completed(t);
                }));
                assertEquals(0, await(getter));
                Queue<Integer> putting = new Queue<>(1);
                Task<Void> putter = await(TaskGroup.run(tg -> {
                    putting.putNowait(1);
                    Task<Void> t = tg.createTask(putting.put(2));
                    await(sleep(0));
                    assertTrue(putting.toString().contains("putters[1]"), putting::toString);
                    putting.getNowait();
                    return Coroutine.completed(t);
                }));
                assertTrue(putter.done());
                Queue<Integer> filled = new Queue<>();
                filled.putNowait(1);
                assertTrue(filled.toString().contains("items=[1]"), filled::toString);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueBasicTests::test_empty")
        void empty() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                assertTrue(q.empty());
                await(q.put(1));
                assertFalse(q.empty());
                assertEquals(1, await(q.get()));
                assertTrue(q.empty());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueBasicTests::test_full")
        void full() {
            asyncTest(() -> {
                assertFalse(new Queue<Integer>().full());
                Queue<Integer> q = new Queue<>(1);
                await(q.put(1));
                assertTrue(q.full());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueBasicTests::test_order")
        void order() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                for (int i : new int[] {1, 3, 2}) {
                    await(q.put(i));
                }
                List<Integer> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    items.add(await(q.get()));
                }
                assertEquals(List.of(1, 3, 2), items);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueBasicTests::test_maxsize")
        void maxsize() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>(2);
                assertEquals(2, q.maxsize());
                List<Integer> haveBeenPut = new ArrayList<>();
                AsyncSupplier<Boolean> putter = () -> {
                    for (int i = 0; i < 3; i++) {
                        await(q.put(i));
                        haveBeenPut.add(i);
                    }
                    return Coroutine.completed(true);
                };
                Task<Boolean> t = createTask(call(putter));
                for (int i = 0; i < 2; i++) {
                    await(sleep(0));
                }
                assertEquals(List.of(0, 1), haveBeenPut);
                assertEquals(0, await(q.get()));
                await(sleep(0));
                assertEquals(List.of(0, 1, 2), haveBeenPut);
                assertEquals(1, await(q.get()));
                assertEquals(2, await(q.get()));
                assertTrue(t.done() && t.result());
                return Coroutine.completed();
            });
        }
    }

    @Nested
    class QueueGetTests {
        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_blocking_get")
        void blockingGet() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                q.putNowait(1);
                assertEquals(1, await(q.get()));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_blocking_get_wait")
        void blockingGetWait() {
            asyncTest(() -> {
                EventLoop loop = getRunningLoop();
                Queue<Integer> q = new Queue<>();
                Event started = new Event();
                boolean[] finished = {false};
                AsyncSupplier<Integer> queueGet = () -> {
                    started.set();
                    Integer res = await(q.get());
                    finished[0] = true;
                    return Coroutine.completed(res);
                };
                Task<Integer> queueGetTask = createTask(call(queueGet));
                await(started.waitSet());
                assertFalse(finished[0]);
                loop.callLater(0.01, () -> q.putNowait(1));
                int res = await(queueGetTask);
                assertTrue(finished[0]);
                assertEquals(1, res);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_nonblocking_get")
        void nonblockingGet() {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            assertEquals(1, q.getNowait());
        }

        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_nonblocking_get_exception")
        void nonblockingGetException() {
            Queue<Integer> q = new Queue<>();
            assertThrows(QueueEmptyException.class, q::getNowait);
        }

        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_get_cancelled_race")
        void getCancelledRace() {
            asyncTest(() -> {
                Queue<String> q = new Queue<>();
                Task<String> t1 = createTask(q.get());
                Task<String> t2 = createTask(q.get());
                await(sleep(0));
                t1.cancel();
                await(sleep(0));
                assertTrue(t1.done());
                await(q.put("a"));
                await(sleep(0));
                assertEquals("a", await(t2));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_get_with_waiting_putters")
        void getWithWaitingPutters() {
            asyncTest(() -> {
                Queue<String> q = new Queue<>(1);
                createTask(q.put("a"));
                createTask(q.put("b"));
                assertEquals("a", await(q.get()));
                assertEquals("b", await(q.get()));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_why_are_getters_waiting")
        void whyAreGettersWaiting() {
            asyncTest(() -> {
                int producerNumItems = 5;
                Queue<Integer> q = new Queue<>(1);
                await(TaskGroup.run(tg -> {
                    AsyncSupplier<Void> producer = () -> {
                        for (int i = 0; i < producerNumItems; i++) {
                            await(q.put(i));
                        }
                        return Coroutine.completed();
                    };
                    AsyncSupplier<Void> consumer = () -> {
                        for (int i = 0; i < producerNumItems; i++) {
                            await(q.get());
                        }
                        return Coroutine.completed();
                    };
                    tg.createTask(call(producer));
                    tg.createTask(call(consumer));
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueueGetTests::test_cancelled_getters_not_being_held_in_self_getters")
        void cancelledGettersNotBeingHeldInSelfGetters() {
            asyncTest(() -> {
                Queue<Integer> queue = new Queue<>(5);
                await(assertAwaitThrows(AsyncTimeoutException.class, waitFor(queue.get(), 0.01)));
                assertEquals(0, getters(queue));
                return Coroutine.completed();
            });
        }
    }

    @Nested
    class QueuePutTests {
        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_blocking_put")
        void blockingPut() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                await(q.put(1));
                assertEquals(1, await(q.get()));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_blocking_put_wait")
        void blockingPutWait() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>(1);
                Event started = new Event();
                boolean[] finished = {false};
                AsyncSupplier<Void> queuePut = () -> {
                    started.set();
                    await(q.put(1));
                    await(q.put(2));
                    finished[0] = true;
                    return Coroutine.completed();
                };
                getRunningLoop().callLater(0.01, q::getNowait);
                Task<Void> queuePutTask = createTask(call(queuePut));
                await(started.waitSet());
                assertFalse(finished[0]);
                await(queuePutTask);
                assertTrue(finished[0]);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_nonblocking_put")
        void nonblockingPut() {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            assertEquals(1, q.getNowait());
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_get_cancel_drop_one_pending_reader")
        void getCancelDropOnePendingReader() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                Task<Integer> reader = createTask(q.get());
                await(sleep(0));
                q.putNowait(1);
                q.putNowait(2);
                reader.cancel();
                try {
                    await(reader);
                } catch (CancellationException e) {
                    reader = createTask(q.get());
                    await(reader);
                }
                assertEquals(1, reader.result(), "if we get 2, it means 1 got dropped");
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_get_cancel_drop_many_pending_readers")
        void getCancelDropManyPendingReaders() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                List<Task<Integer>> readers = await(TaskGroup.run(tg -> {
                    Task<Integer> reader1 = tg.createTask(q.get());
                    Task<Integer> reader2 = tg.createTask(q.get());
                    Task<Integer> reader3 = tg.createTask(q.get());
                    await(sleep(0));
                    q.putNowait(1);
                    q.putNowait(2);
                    reader1.cancel();
                    await(assertAwaitThrows(CancellationException.class, reader1));
                    await(reader3);
                    return Coroutine.completed(List.of(reader2, reader3));
                }));
                assertEquals(Set.of(1, 2), Set.of(readers.get(0).result(), readers.get(1).result()));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_put_cancel_drop")
        void putCancelDrop() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>(1);
                q.putNowait(1);
                Task<Void> writer = createTask(q.put(2));
                await(sleep(0));
                assertEquals(1, q.getNowait());
                writer.cancel();
                try {
                    await(writer);
                } catch (CancellationException e) {
                    writer = createTask(q.put(2));
                    await(writer);
                }
                assertEquals(2, q.getNowait());
                assertEquals(0, q.qsize());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_nonblocking_put_exception")
        void nonblockingPutException() {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            assertThrows(QueueFullException.class, () -> q.putNowait(2));
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_put_cancelled")
        void putCancelled() {
            asyncTest(() -> {
                Queue<Integer> q = new Queue<>();
                AsyncSupplier<Boolean> queuePut = () -> {
                    await(q.put(1));
                    return Coroutine.completed(true);
                };
                Task<Boolean> t = createTask(call(queuePut));
                assertEquals(1, await(q.get()));
                assertTrue(t.done() && t.result());
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_put_cancelled_race")
        void putCancelledRace() {
            asyncTest(() -> {
                Queue<String> q = new Queue<>(1);
                Task<Void> putA = createTask(q.put("a"));
                Task<Void> putB = createTask(q.put("b"));
                Task<Void> putC = createTask(q.put("X"));
                await(sleep(0));
                assertTrue(putA.done());
                assertFalse(putB.done());
                putC.cancel();
                await(sleep(0));
                assertTrue(putC.done());
                assertEquals("a", q.getNowait());
                await(sleep(0));
                assertEquals("b", q.getNowait());
                await(putB);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_put_with_waiting_getters")
        void putWithWaitingGetters() {
            asyncTest(() -> {
                Queue<String> q = new Queue<>();
                Task<String> t = createTask(q.get());
                await(sleep(0));
                await(q.put("a"));
                assertEquals("a", await(t));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_why_are_putters_waiting")
        void whyArePuttersWaiting() {
            asyncTest(() -> {
                Queue<Integer> queue = new Queue<>(2);
                AsyncSupplier<Void> getter = () -> {
                    await(sleep(0));
                    int num = queue.qsize();
                    for (int i = 0; i < num; i++) {
                        queue.getNowait();
                    }
                    return Coroutine.completed();
                };
                await(TaskGroup.run(tg -> {
                    tg.createTask(call(getter));
                    for (int item = 0; item < 4; item++) {
                        tg.createTask(queue.put(item));
                    }
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_cancelled_puts_not_being_held_in_self_putters")
        void cancelledPutsNotBeingHeldInSelfPutters() {
            asyncTest(() -> {
                Queue<Integer> queue = new Queue<>(1);
                queue.putNowait(1);
                Task<Void> putTask = createTask(queue.put(1));
                await(sleep(0));
                assertEquals(1, putters(queue));
                putTask.cancel();
                await(assertAwaitThrows(CancellationException.class, putTask));
                assertEquals(0, putters(queue));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_queues.py::QueuePutTests::test_cancelled_put_silence_value_error_exception")
        void cancelledPutSilenceValueErrorException() {
            asyncTest(() -> {
                Queue<Integer> queue = new Queue<>(1);
                queue.putNowait(1);
                Task<Void> putTask = createTask(queue.put(1));
                await(sleep(0));
                queue.getNowait();
                putTask.cancel();
                await(assertAwaitThrows(CancellationException.class, putTask));
                return Coroutine.completed();
            });
        }
    }

    @Nested
    class LifoQueueTests {
        @Test
        @DisplayName("test_queues.py::LifoQueueTests::test_order")
        void order() {
            asyncTest(() -> {
                Queue<Integer> q = new LifoQueue<>();
                for (int i : new int[] {1, 3, 2}) {
                    await(q.put(i));
                }
                List<Integer> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    items.add(await(q.get()));
                }
                assertEquals(List.of(2, 3, 1), items);
                return Coroutine.completed();
            });
        }
    }

    @Nested
    class PriorityQueueTests {
        @Test
        @DisplayName("test_queues.py::PriorityQueueTests::test_order")
        void order() {
            asyncTest(() -> {
                Queue<Integer> q = new PriorityQueue<>();
                for (int i : new int[] {1, 3, 2}) {
                    await(q.put(i));
                }
                List<Integer> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    items.add(await(q.get()));
                }
                assertEquals(List.of(1, 2, 3), items);
                return Coroutine.completed();
            });
        }
    }

    /** {@code _QueueJoinTestMixin}: run once per queue class, as CPython's three subclasses do. */
    abstract static class QueueJoinTestMixin {
        abstract <T> Queue<T> newQueue();

        @Test
        @DisplayName("test_task_done_underflow")
        void taskDoneUnderflow() {
            Queue<Integer> q = newQueue();
            assertThrows(IllegalStateException.class, q::taskDone);
        }

        @Test
        @DisplayName("test_task_done")
        void taskDone() {
            asyncTest(() -> {
                Queue<Integer> q = newQueue();
                for (int i = 0; i < 100; i++) {
                    q.putNowait(i);
                }
                int[] accumulator = {0};
                boolean[] running = {true};
                AsyncSupplier<Void> worker = () -> {
                    while (running[0]) {
                        int item = await(q.get());
                        accumulator[0] += item;
                        q.taskDone();
                    }
                    return Coroutine.completed();
                };
                await(TaskGroup.run(tg -> {
                    List<Task<Void>> tasks = List.of(tg.createTask(call(worker)), tg.createTask(call(worker)));
                    await(q.join());
                    assertEquals(4950, accumulator[0]);
                    running[0] = false;
                    for (int i = 0; i < tasks.size(); i++) {
                        q.putNowait(0);
                    }
                    return Coroutine.completed();
                }));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_join_empty_queue")
        void joinEmptyQueue() {
            asyncTest(() -> {
                Queue<Integer> q = newQueue();
                await(q.join());
                await(q.join());
                return Coroutine.completed();
            });
        }
    }

    @Nested
    @DisplayName("test_queues.py::QueueJoinTests")
    class QueueJoinTests extends QueueJoinTestMixin {
        @Override
        <T> Queue<T> newQueue() {
            return new Queue<>();
        }
    }

    @Nested
    @DisplayName("test_queues.py::LifoQueueJoinTests")
    class LifoQueueJoinTests extends QueueJoinTestMixin {
        @Override
        <T> Queue<T> newQueue() {
            return new LifoQueue<>();
        }
    }

    @Nested
    @DisplayName("test_queues.py::PriorityQueueJoinTests")
    class PriorityQueueJoinTests extends QueueJoinTestMixin {
        @Override
        <T> Queue<T> newQueue() {
            return new PriorityQueue<>();
        }
    }

    /** {@code _QueueShutdownTestMixin}: run once per queue class, as CPython's three subclasses do. */
    abstract static class QueueShutdownTestMixin {
        abstract <T> Queue<T> newQueue(int maxsize);

        /** Every way to put and get throws {@link QueueShutDownException}. */
        static Coroutine<Void> assertPutsAndGetsShutDown(Queue<String> q) {
            return call(() -> {
                await(assertAwaitThrows(QueueShutDownException.class, q.put("data")));
                assertThrows(QueueShutDownException.class, () -> q.putNowait("data"));
                await(assertAwaitThrows(QueueShutDownException.class, q.get()));
                assertThrows(QueueShutDownException.class, q::getNowait);
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_shutdown_empty")
        void shutdownEmpty() {
            asyncTest(() -> {
                Queue<String> q = newQueue(0);
                Task<String> getTask = getRunningLoop().createTask(q.get());
                await(sleep(0));
                q.shutdown(false);
                assertEquals(0, q.qsize());
                await(q.join());
                await(sleep(0));
                assertTrue(getTask.done());
                await(assertAwaitThrows(QueueShutDownException.class, getTask));
                await(assertPutsAndGetsShutDown(q));
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_shutdown_nonempty")
        void shutdownNonempty() {
            asyncTest(() -> {
                Queue<String> q = newQueue(1);
                EventLoop loop = getRunningLoop();
                q.putNowait("data");
                Task<Void> joinTask = loop.createTask(q.join());
                Task<Void> putTask = loop.createTask(q.put("data2"));
                await(sleep(0));
                assertFalse(putTask.done());
                q.shutdown(false);
                assertEquals(1, q.qsize());
                await(sleep(0));
                assertTrue(putTask.done());
                await(assertAwaitThrows(QueueShutDownException.class, putTask));
                assertEquals("data", await(q.get()));
                await(sleep(0));
                assertFalse(joinTask.done());
                await(assertPutsAndGetsShutDown(q));
                q.taskDone();
                await(sleep(0));
                assertTrue(joinTask.done());
                await(joinTask);
                assertThrows(IllegalStateException.class, q::taskDone, "Didn't appear to mark all tasks done");
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_shutdown_immediate")
        void shutdownImmediate() {
            asyncTest(() -> {
                Queue<String> q = newQueue(0);
                q.putNowait("data");
                Task<Void> joinTask = getRunningLoop().createTask(q.join());
                q.shutdown(true);
                assertEquals(0, q.qsize());
                await(sleep(0));
                assertTrue(joinTask.done());
                await(joinTask);
                await(assertPutsAndGetsShutDown(q));
                assertThrows(IllegalStateException.class, q::taskDone, "Didn't appear to mark all tasks done");
                return Coroutine.completed();
            });
        }

        @Test
        @DisplayName("test_shutdown_immediate_with_unfinished")
        void shutdownImmediateWithUnfinished() {
            asyncTest(() -> {
                Queue<String> q = newQueue(0);
                q.putNowait("data");
                q.putNowait("data");
                Task<Void> joinTask = getRunningLoop().createTask(q.join());
                assertEquals("data", await(q.get()));
                q.shutdown(true);
                assertEquals(0, q.qsize());
                await(sleep(0));
                assertFalse(joinTask.done());
                await(assertPutsAndGetsShutDown(q));
                q.taskDone();
                assertThrows(IllegalStateException.class, q::taskDone, "Didn't appear to mark all tasks done");
                await(sleep(0));
                assertTrue(joinTask.done());
                await(joinTask);
                return Coroutine.completed();
            });
        }
    }

    @Nested
    @DisplayName("test_queues.py::QueueShutdownTests")
    class QueueShutdownTests extends QueueShutdownTestMixin {
        @Override
        <T> Queue<T> newQueue(int maxsize) {
            return new Queue<>(maxsize);
        }
    }

    @Nested
    @DisplayName("test_queues.py::LifoQueueShutdownTests")
    class LifoQueueShutdownTests extends QueueShutdownTestMixin {
        @Override
        <T> Queue<T> newQueue(int maxsize) {
            return new LifoQueue<>(maxsize);
        }
    }

    @Nested
    @DisplayName("test_queues.py::PriorityQueueShutdownTests")
    class PriorityQueueShutdownTests extends QueueShutdownTestMixin {
        @Override
        <T> Queue<T> newQueue(int maxsize) {
            return new PriorityQueue<>(maxsize);
        }
    }
}
