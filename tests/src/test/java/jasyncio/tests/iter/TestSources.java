package jasyncio.tests.iter;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;

/** Hand-made sources for the bridge tests, each counting what was asked of it. */
final class TestSources {
    private TestSources() {
    }

    /**
     * 0, 1, ... {@code count - 1}, suspending before each; fails at {@code failAt}, or waits forever there with
     * {@code stall}. Counts the values taken and completes {@link #closed} when an iterator is closed.
     */
    static final class Numbers implements AsyncIterable<Integer> {
        final int count;
        final int failAt;
        final boolean stall;
        final AtomicInteger taken = new AtomicInteger();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        Numbers(int count) {
            this(count, -1, false);
        }

        Numbers(int count, int failAt, boolean stall) {
            this.count = count;
            this.failAt = failAt;
            this.stall = stall;
        }

        @Override
        public AsyncIterator<Integer> iterator() {
            return new AsyncIterator<>() {
                private int next;
                private boolean ready;
                private boolean done;

                @Override
                public Awaitable<Boolean> hasNext() {
                    if (ready || done) {
                        return Coroutine.completed(ready);
                    }
                    return step();
                }

                @Async
                private Coroutine<Boolean> step() {
                    await(sleep(0));
                    if (next == failAt) {
                        if (stall) {
                            await(getRunningLoop().createFuture()); // until cancelled
                        }
                        throw new IllegalStateException("source failed at " + next);
                    }
                    ready = next < count;
                    return Coroutine.completed(ready);
                }

                @Override
                public Integer next() {
                    if (!ready) {
                        throw new NoSuchElementException();
                    }
                    ready = false;
                    taken.incrementAndGet();
                    return next++;
                }

                @Override
                public Awaitable<Void> aclose() {
                    close();
                    return Coroutine.completed();
                }

                @Override
                public void close() {
                    done = true;
                    ready = false;
                    closed.complete(null);
                }
            };
        }

        @Override
        public String toString() {
            return "<Numbers " + count + ">";
        }
    }

    /**
     * A publisher of 0 .. {@code count - 1} that signals on a thread of its own, only what is requested plus
     * {@code extra} (a publisher breaking rule 1.1 when above 0); fails at {@code failAt}. Records the demand
     * and the cancellation.
     */
    static final class RangePublisher implements Flow.Publisher<Integer>, AutoCloseable {
        final int count;
        final int failAt;
        final int extra;
        final AtomicLong requested = new AtomicLong();
        final CompletableFuture<Void> cancelled = new CompletableFuture<>();
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "range-publisher");
            t.setDaemon(true);
            return t;
        });

        RangePublisher(int count) {
            this(count, -1, 0);
        }

        RangePublisher(int count, int failAt, int extra) {
            this.count = count;
            this.failAt = failAt;
            this.extra = extra;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
            thread.execute(() -> subscriber.onSubscribe(new Flow.Subscription() {
                // Touched on the publisher's thread only.
                private long demand;
                private int next;
                private boolean done;

                @Override
                public void request(long n) {
                    requested.addAndGet(n);
                    thread.execute(() -> {
                        demand += n + extra;
                        emit();
                    });
                }

                private void emit() {
                    while (!done && demand > 0 && next < count) {
                        if (next == failAt) {
                            done = true;
                            subscriber.onError(new IllegalStateException("publisher failed at " + next));
                            return;
                        }
                        demand--;
                        subscriber.onNext(next++);
                    }
                    if (!done && next == count) {
                        done = true;
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    thread.execute(() -> done = true);
                    cancelled.complete(null);
                }
            }));
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }

        @Override
        public String toString() {
            return "<RangePublisher " + count + ">";
        }
    }

    /** {@code source} with {@code f} applied to each value: enough of a map for these tests. */
    static <A, B> AsyncIterator<B> mapped(AsyncIterable<A> source, Function<A, B> f) {
        AsyncIterator<A> it = source.iterator();
        return new AsyncIterator<>() {
            @Override
            public Awaitable<Boolean> hasNext() {
                return it.hasNext();
            }

            @Override
            public B next() {
                return f.apply(it.next());
            }

            @Override
            public Awaitable<Void> aclose() {
                return it.aclose();
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
