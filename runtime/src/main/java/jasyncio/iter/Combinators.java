package jasyncio.iter;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.internal.Throwables;
import jasyncio.queues.Queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;

/**
 * The bodies of {@link AsyncIterable}'s combinators: each iterates its upstream and then, however its loop ended,
 * awaits the upstream's {@code aclose()} ({@link #closeUpstream}), so that stopping early, a failure or a
 * cancellation lets the upstream clean up before the combinator itself ends.
 */
final class Combinators {
    private Combinators() {
    }

    /**
     * Closes {@code it} after a combinator's loop, which ended with {@code failure} or normally (null), and goes on
     * with that outcome. A clean-up that fails takes the loop's place, as a {@code finally} block's exception would,
     * but carries the loop's failure as suppressed (Python chains it as {@code __context__}): neither is lost.
     */
    @Async
    private static Coroutine<Void> closeUpstream(AsyncIterator<?> it, Throwable failure) {
        try {
            await(it.aclose());
        } catch (Throwable cleanUp) {
            if (failure != null && failure != cleanUp) {
                cleanUp.addSuppressed(failure);
            }
            throw Throwables.sneakyThrow(cleanUp);
        }
        if (failure != null) {
            throw Throwables.sneakyThrow(failure);
        }
        return Coroutine.completed();
    }

    @Async
    static <T, R> Coroutine<Void> map(AsyncIterable<T> source, Function<? super T, ? extends R> f, Emitter<R> out) {
        AsyncIterator<T> it = source.iterator();
        Throwable failure = null;
        try {
            while (await(it.hasNext())) {
                await(out.emit(f.apply(it.next())));
            }
        } catch (Throwable e) {
            failure = e;
        }
        await(closeUpstream(it, failure));
        return Coroutine.completed();
    }

    @Async
    static <T, R> Coroutine<Void> mapAsync(AsyncIterable<T> source, Function<? super T, Coroutine<R>> f,
                                           Emitter<R> out) {
        AsyncIterator<T> it = source.iterator();
        Throwable failure = null;
        try {
            while (await(it.hasNext())) {
                R mapped = await(f.apply(it.next()));
                await(out.emit(mapped));
            }
        } catch (Throwable e) {
            failure = e;
        }
        await(closeUpstream(it, failure));
        return Coroutine.completed();
    }

    @Async
    static <T> Coroutine<Void> filter(AsyncIterable<T> source, Predicate<? super T> test, Emitter<T> out) {
        AsyncIterator<T> it = source.iterator();
        Throwable failure = null;
        try {
            while (await(it.hasNext())) {
                T v = it.next();
                if (test.test(v)) {
                    await(out.emit(v));
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
        await(closeUpstream(it, failure));
        return Coroutine.completed();
    }

    @Async
    static <T> Coroutine<Void> take(AsyncIterable<T> source, long n, Emitter<T> out) {
        if (n <= 0) {
            return Coroutine.completed();
        }
        AsyncIterator<T> it = source.iterator();
        Throwable failure = null;
        try {
            for (long left = n; left > 0 && await(it.hasNext()); left--) {
                await(out.emit(it.next()));
            }
        } catch (Throwable e) {
            failure = e;
        }
        await(closeUpstream(it, failure));
        return Coroutine.completed();
    }

    @Async
    static <T> Coroutine<Void> forEach(AsyncIterable<T> source, Consumer<? super T> action) {
        AsyncIterator<T> it = source.iterator();
        Throwable failure = null;
        try {
            while (await(it.hasNext())) {
                action.accept(it.next());
            }
        } catch (Throwable e) {
            failure = e;
        }
        await(closeUpstream(it, failure));
        return Coroutine.completed();
    }

    @Async
    static <T> Coroutine<Void> forEachAsync(AsyncIterable<T> source, Function<? super T, Coroutine<?>> action) {
        AsyncIterator<T> it = source.iterator();
        Throwable failure = null;
        try {
            while (await(it.hasNext())) {
                await(action.apply(it.next()));
            }
        } catch (Throwable e) {
            failure = e;
        }
        await(closeUpstream(it, failure));
        return Coroutine.completed();
    }

    @Async
    static <T> Coroutine<List<T>> toList(AsyncIterable<T> source) {
        List<T> values = new ArrayList<>();
        AsyncIterator<T> it = source.iterator();
        Throwable failure = null;
        try {
            while (await(it.hasNext())) {
                values.add(it.next());
            }
        } catch (Throwable e) {
            failure = e;
        }
        await(closeUpstream(it, failure));
        return Coroutine.completed(values);
    }

    /** What a merge pump hands on: a value, the end of its source, or its failure. */
    private record Item(Object value, Throwable failure, boolean end) {
        static final Item END = new Item(null, null, true);
    }

    /**
     * One task per source pumps its values into a queue of one slot; the body emits them as they come. In the
     * {@code finally}, the pumps are cancelled and awaited, so each source has cleaned up when the merge ends.
     */
    @Async
    @SuppressWarnings("unchecked")
    static <T> Coroutine<Void> merge(List<AsyncIterable<? extends T>> sources, Emitter<T> out) {
        Queue<Item> items = new Queue<>(1);
        List<Task<Void>> pumps = new ArrayList<>();
        try {
            for (AsyncIterable<? extends T> source : sources) {
                pumps.add(createTask(pump(source, items)));
            }
            for (int live = sources.size(); live > 0; ) {
                Item item = await(items.get());
                if (item.end) {
                    live--;
                } else if (item.failure != null) {
                    throw Throwables.sneakyThrow(item.failure);
                } else {
                    await(out.emit((T) item.value));
                }
            }
        } finally {
            for (Task<Void> pump : pumps) {
                pump.cancel();
            }
            for (Task<Void> pump : pumps) {
                try {
                    await(pump);
                } catch (CancellationException stopped) {
                    // what cancel() made of it; a clean-up failure of its source is another exception, thrown on
                }
            }
        }
        return Coroutine.completed();
    }

    @Async
    private static <T> Coroutine<Void> pump(AsyncIterable<T> source, Queue<Item> items) {
        AsyncIterator<T> it = source.iterator();
        try {
            while (await(it.hasNext())) {
                await(items.put(new Item(it.next(), null, false)));
            }
            await(items.put(Item.END));
        } catch (CancellationException e) {
            throw e;
        } catch (Throwable e) {
            await(items.put(new Item(null, e, false)));
        } finally {
            await(it.aclose());
        }
        return Coroutine.completed();
    }
}
