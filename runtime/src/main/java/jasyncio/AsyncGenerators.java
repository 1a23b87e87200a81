package jasyncio;

import jasyncio.iter.AsyncIterator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import static jasyncio.Asyncio.await;

/**
 * The async generators a loop has started and that have not finished, for {@link EventLoop#shutdownAsyncgens()}
 * (asyncio's {@code loop.shutdown_asyncgens()}): a generator its consumer dropped without closing it still gets its
 * {@code finally} blocks run before the loop closes. Held weakly, as asyncio's {@code WeakSet}: a generator nobody
 * can reach any more is not kept for this.
 */
final class AsyncGenerators {
    private final EventLoop loop;
    private final Set<AsyncIterator<?>> open = Collections.newSetFromMap(new WeakHashMap<>());

    AsyncGenerators(EventLoop loop) {
        this.loop = loop;
    }

    /** A generator's body started on this loop. */
    void started(AsyncIterator<?> generator) {
        open.add(generator);
    }

    /** Closes every generator started and not finished, at once, and reports each clean-up that fails. */
    @Async
    Coroutine<Void> closeAll() {
        List<AsyncIterator<?>> closing = new ArrayList<>(open);
        open.clear();
        List<AsyncIterator<?>> closed = new ArrayList<>();
        List<Future<?>> cleanUps = new ArrayList<>();
        for (AsyncIterator<?> generator : closing) {
            try {
                cleanUps.add(loop.ensureFuture(generator.aclose()));
                closed.add(generator);
            } catch (RuntimeException e) { // one still driven by a task: it closes when that task is done with it
                report(generator, e);
            }
        }
        if (cleanUps.isEmpty()) {
            return Coroutine.completed();
        }
        await(new Gathering<Object>(loop, new ArrayList<>(cleanUps), true));
        for (int i = 0; i < cleanUps.size(); i++) {
            Future<?> cleanUp = cleanUps.get(i);
            if (!cleanUp.cancelled() && cleanUp.exception() != null) {
                report(closed.get(i), cleanUp.exception());
            }
        }
        return Coroutine.completed();
    }

    private void report(AsyncIterator<?> generator, Throwable error) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "an error occurred during closing of asynchronous generator " + generator);
        context.put("exception", error);
        context.put("asyncgen", generator);
        loop.callExceptionHandler(context);
    }
}
