package jasyncio.queues;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.internal.CoreAccess;
import jasyncio.Future;
import jasyncio.internal.LoopBinding;
import jasyncio.iter.AsyncIterable;
import jasyncio.sync.Event;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.await;

/**
 * asyncio's queue, first in first out: producers {@link #put} items, consumers {@link #get} them, and
 * {@link #join()} waits until every item put has been marked done with {@link #taskDone()}.
 *
 * <pre>{@code
 * Queue<Job> jobs = new Queue<>(100);
 * // producer                        // each worker
 * await(jobs.put(job));              for (;;) {
 * ...                                    Job job = await(jobs.get());
 * await(jobs.join());                    try { work(job); } finally { jobs.taskDone(); }
 *                                    }
 * }</pre>
 *
 * <p>With a {@code maxsize} above 0, {@link #put} waits while the queue is full. Waiting producers and
 * consumers are woken in FIFO order; one cancelled while waiting takes nothing and loses nothing: if it had
 * just been woken, it passes the wake-up on to the next in line. {@link #shutdown(boolean)} (Python 3.13)
 * makes puts, and gets once the queue is empty, throw {@link QueueShutDownException}.
 *
 * <p>Items may be null. The queue belongs to the event loop that first uses it: calling it from another
 * thread throws {@link IllegalStateException} (go through {@link EventLoop#callSoonThreadsafe}); only the
 * read-only {@link #qsize()}, {@link #empty()}, {@link #full()} and {@link #maxsize()} are not checked. A
 * queue nobody used on a loop yet may be filled with {@link #putNowait} before the loop starts.
 *
 * @param <T> the type of the items
 */
public class Queue<T> {
    /** Stands for a null item, as the JDK's queues hold no nulls. */
    private static final Object NULL = new Object();

    private final LoopBinding binding = new LoopBinding();
    private final int maxsize;
    private final java.util.Queue<Object> items;
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    private final ArrayDeque<Future<Void>> putters = new ArrayDeque<>();
    private int unfinishedTasks;
    /** Set while no task is unfinished: what {@link #join()} waits for. */
    private final Event finished = new Event();
    private boolean shutDown;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue holding at most {@code maxsize} items; 0 (or less) means unbounded. */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    /** A queue that keeps its items in {@code items}, whose order is the order of {@link #get}. */
    Queue(int maxsize, java.util.Queue<Object> items) {
        this.maxsize = maxsize;
        this.items = items;
        finished.set();
    }

    /** How many items are in the queue. */
    public int qsize() {
        return items.size();
    }

    /** The most items the queue holds; 0 for no limit. */
    public int maxsize() {
        return maxsize;
    }

    public boolean empty() {
        return items.isEmpty();
    }

    /** True when the queue holds {@code maxsize} items; never for an unbounded queue. */
    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * Puts {@code item} in the queue, waiting while it is full.
     *
     * @throws QueueShutDownException if the queue is shut down (before or while this waits)
     */
    @Async
    public Coroutine<Void> put(T item) {
        EventLoop loop = binding.require(this, "Queue.put");
        while (full()) {
            if (shutDown) {
                throw new QueueShutDownException("put on a queue that was shut down: " + this);
            }
            Future<Void> putter = CoreAccess.hooks().createWaiter(loop, () -> "put into " + this);
            putters.add(putter);
            try {
                await(putter);
            } catch (CancellationException e) {
                putter.cancel();
                putters.remove(putter);
                if (!full() && !putter.cancelled()) {
                    // A get woke us for its free slot, which we will not use: wake the next producer.
                    wakeUpNext(putters);
                }
                throw e;
            }
        }
        putNowait(item);
        return Coroutine.completed();
    }

    /**
     * Puts {@code item} in the queue at once.
     *
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue is shut down
     */
    public void putNowait(T item) {
        binding.check(this);
        if (shutDown) {
            throw new QueueShutDownException("putNowait on a queue that was shut down: " + this);
        }
        if (full()) {
            throw new QueueFullException("queue full (maxsize=" + maxsize + "): " + this);
        }
        items.add(item == null ? NULL : item);
        unfinishedTasks++;
        finished.clear();
        wakeUpNext(getters);
    }

    /**
     * Takes the next item, waiting while the queue is empty.
     *
     * @throws QueueShutDownException if the queue is shut down and empty (or shut down immediately)
     */
    @Async
    public Coroutine<T> get() {
        EventLoop loop = binding.require(this, "Queue.get");
        while (empty()) {
            if (shutDown) {
                throw new QueueShutDownException("get on a queue that was shut down and is empty: " + this);
            }
            Future<Void> getter = CoreAccess.hooks().createWaiter(loop, () -> "get from " + this);
            getters.add(getter);
            try {
                await(getter);
            } catch (CancellationException e) {
                getter.cancel();
                getters.remove(getter);
                if (!empty() && !getter.cancelled()) {
                    // A put woke us for its item, which we will not take: wake the next consumer.
                    wakeUpNext(getters);
                }
                throw e;
            }
        }
        return Coroutine.completed(getNowait());
    }

    /**
     * Takes the next item at once.
     *
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is empty and shut down
     */
    @SuppressWarnings("unchecked")
    public T getNowait() {
        binding.check(this);
        if (items.isEmpty()) {
            if (shutDown) {
                throw new QueueShutDownException("getNowait on a queue that was shut down and is empty: " + this);
            }
            throw new QueueEmptyException("queue empty: " + this);
        }
        Object item = items.remove();
        wakeUpNext(putters);
        return item == NULL ? null : (T) item;
    }

    /**
     * Marks one item taken with {@link #get} as processed; when every item put so far is, {@link #join()}
     * returns.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        binding.check(this);
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("taskDone() called too many times: " + this);
        }
        if (--unfinishedTasks == 0) {
            finished.set();
        }
    }

    /** Waits until every item put in the queue has been marked done with {@link #taskDone()}. */
    @Async
    public Coroutine<Void> join() {
        binding.require(this, "Queue.join");
        if (unfinishedTasks > 0) {
            await(finished.waitSet());
        }
        return Coroutine.completed();
    }

    /**
     * The items of this queue as an async iterable, until it is shut down: each {@code await(it.hasNext())} takes
     * the next item with {@link #get()}, waiting while the queue is empty, and is false once the queue is shut
     * down and drained (at once after {@code shutdown(true)}). Several consumers may iterate at the same time,
     * each item going to one of them; mark each item processed with {@link #taskDone()} as after a get.
     *
     * <pre>{@code
     * try (AsyncIterator<Job> next = jobs.values().iterator()) {   // in each worker
     *     while (await(next.hasNext())) {
     *         Job job = next.next();
     *         try { work(job); } finally { jobs.taskDone(); }
     *     }
     * }
     * }</pre>
     */
    public AsyncIterable<T> values() {
        return new QueueValues<>(this);
    }

    /** Shuts the queue down, letting gets drain the items left: {@code shutdown(false)}. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: puts throw {@link QueueShutDownException} from now on, and so do gets once the
     * queue is empty. Every waiting producer and consumer is woken to see it. With {@code immediate}, the
     * items left are dropped (each one counted as done, which may let {@link #join()} return) so gets throw
     * at once.
     */
    public void shutdown(boolean immediate) {
        binding.check(this);
        shutDown = true;
        if (immediate) {
            while (!items.isEmpty()) {
                items.remove();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        wakeUpAll(getters);
        wakeUpAll(putters);
    }

    /** Wakes the first waiter still waiting; the woken one checks again whether it can go on. */
    private static void wakeUpNext(ArrayDeque<Future<Void>> waiters) {
        for (Future<Void> waiter; (waiter = waiters.poll()) != null; ) {
            if (!waiter.done()) {
                waiter.setResult(null);
                return;
            }
        }
    }

    private static void wakeUpAll(ArrayDeque<Future<Void>> waiters) {
        for (Future<Void> waiter; (waiter = waiters.poll()) != null; ) {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        }
    }

    /** {@code <Queue maxsize=2 items=[a, b] putters[1] tasks=2 shutdown>}, as asyncio prints it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("<").append(getClass().getSimpleName())
                .append(" maxsize=").append(maxsize);
        if (!items.isEmpty()) {
            List<Object> shown = new ArrayList<>(items.size());
            for (Object item : items) {
                shown.add(item == NULL ? null : item);
            }
            text.append(" items=").append(shown);
        }
        if (!getters.isEmpty()) {
            text.append(" getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            text.append(" putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks > 0) {
            text.append(" tasks=").append(unfinishedTasks);
        }
        if (shutDown) {
            text.append(" shutdown");
        }
        return text.append('>').toString();
    }
}
