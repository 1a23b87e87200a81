package jasyncio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import static jasyncio.Asyncio.await;

/**
 * Behind {@link Asyncio#race}: the first contender to succeed wins; the others are cancelled and awaited before the
 * race returns, so no contender outlives it (Kotlin's {@code select} over deferreds, Loom's
 * {@code anySuccessfulResultOrThrow}).
 */
final class Racing {
    private Racing() {
    }

    @Async
    static <T> Coroutine<T> race(EventLoop loop, List<Future<? extends T>> contenders) {
        Future<T> winner = loop.createFuture();
        List<Throwable> failures = new ArrayList<>();
        Consumer<Future<? extends T>> onDone = contender -> {
            if (winner.done()) {
                return;
            }
            if (contender.cancelled()) {
                failures.add(new CancellationException(contender + " was cancelled"));
            } else if (contender.exception() != null) {
                failures.add(contender.exception());
            } else {
                winner.setResult(contender.result());
                return;
            }
            if (failures.size() == contenders.size()) {
                winner.setException(new TaskGroupException("race: every contender failed", failures));
            }
        };
        contenders.forEach(c -> c.addDoneCallback(onDone));
        try {
            return Coroutine.completed(await(winner));
        } finally {
            contenders.forEach(c -> c.removeDoneCallback(onDone));
            await(cancelAndDrain(contenders));
        }
    }

    /** Cancels the contenders still running and waits until every one has finished, whatever its outcome. */
    @Async
    private static <T> Coroutine<Void> cancelAndDrain(Collection<Future<? extends T>> contenders) {
        List<Future<? extends T>> running = new ArrayList<>();
        for (Future<? extends T> c : contenders) {
            if (!c.done()) {
                c.cancel("race over");
                running.add(c);
            }
        }
        if (!running.isEmpty()) {
            await(Asyncio.waitUntil(running, ReturnWhen.ALL_COMPLETED));
        }
        for (Future<? extends T> c : contenders) {
            if (!c.cancelled()) {
                c.exception(); // a loser's failure is not the race's: retrieved so the loop does not report it
            }
        }
        return Coroutine.completed();
    }
}
