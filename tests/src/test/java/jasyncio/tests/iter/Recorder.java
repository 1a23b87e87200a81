package jasyncio.tests.iter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A {@link Flow.Subscriber} that records what it receives: the items, then how it ended (completes
 * {@link #ended} with null on onComplete, with the error on onError). Checks that signals never overlap and
 * that nothing comes after the end. {@code onNext} may act on the subscription through {@code onItem}.
 */
final class Recorder<T> implements Flow.Subscriber<T> {
    final List<T> items = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    volatile Flow.Subscription subscription;
    volatile Thread signalThread;
    private final long initialRequest;
    private final BiConsumer<Recorder<T>, T> onItem;
    private final AtomicInteger inside = new AtomicInteger();
    private volatile CompletableFuture<Void> reached = new CompletableFuture<>();
    private volatile int target = Integer.MAX_VALUE;

    /** Requests {@code initialRequest} in onSubscribe (none if 0), nothing more by itself. */
    Recorder(long initialRequest) {
        this(initialRequest, (r, item) -> { });
    }

    Recorder(long initialRequest, BiConsumer<Recorder<T>, T> onItem) {
        this.initialRequest = initialRequest;
        this.onItem = onItem;
    }

    /** Completes once {@code n} items have arrived. */
    synchronized CompletableFuture<Void> received(int n) {
        target = n;
        reached = new CompletableFuture<>();
        if (items.size() >= n) {
            reached.complete(null);
        }
        return reached;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        enter("onSubscribe");
        subscription = s;
        if (initialRequest != 0) {
            s.request(initialRequest);
        }
        leave();
    }

    @Override
    public void onNext(T item) {
        enter("onNext(" + item + ")");
        items.add(item);
        onItem.accept(this, item);
        synchronized (this) {
            if (items.size() >= target) {
                reached.complete(null);
            }
        }
        leave();
    }

    @Override
    public void onError(Throwable error) {
        enter("onError");
        ended.complete(error);
        leave();
    }

    @Override
    public void onComplete() {
        enter("onComplete");
        ended.complete(null);
        leave();
    }

    private void enter(String signal) {
        signalThread = Thread.currentThread();
        if (inside.incrementAndGet() != 1) {
            violations.add(signal + " overlapped another signal (rule 1.3)");
        }
        if (ended.isDone()) {
            violations.add(signal + " after the end (rule 1.7)");
        }
    }

    private void leave() {
        inside.decrementAndGet();
    }
}
