package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.failure;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * synchronized blocks inside @Async methods are allowed as long as no await happens while the monitor is
 * held: the awaits sit before, after and between the blocks.
 */
class SynchronizedTest {
    private final Object lock = new Object();
    private final List<Integer> shared = new ArrayList<>();

    @Async
    Coroutine<String> awaitsAroundBlocks(int n) {
        for (int i = 0; i < n; i++) {
            int v = await(value(i * i));
            synchronized (lock) {
                shared.add(v);
                if (v > 10) {
                    break;
                }
            }
            await(future(0));
        }
        int size;
        synchronized (this) {
            size = shared.size();
        }
        return Coroutine.completed(await(value(size)) + " " + shared);
    }

    String awaitsAroundBlocksSync(int n) {
        for (int i = 0; i < n; i++) {
            int v = i * i;
            synchronized (lock) {
                shared.add(v);
                if (v > 10) {
                    break;
                }
            }
        }
        int size;
        synchronized (this) {
            size = shared.size();
        }
        return size + " " + shared;
    }

    @Test
    void synchronizedBlocksBetweenAwaits() {
        Differential.check(() -> new SynchronizedTest().awaitsAroundBlocksSync(8), () -> new SynchronizedTest().awaitsAroundBlocks(8));
    }

    @Async
    Coroutine<String> exceptionInsideBlock(int x) {
        String r;
        try {
            int v = await(value(x));
            synchronized (lock) {
                if (v < 0) {
                    throw new IllegalArgumentException("neg");
                }
                r = "ok" + v;
            }
        } catch (IllegalArgumentException e) {
            r = await(value("caught ")) + e.getMessage();
        }
        // the monitor was released on the exception path: another block can take it
        synchronized (lock) {
            r += Thread.holdsLock(lock);
        }
        return Coroutine.completed(r + Thread.holdsLock(lock));
    }

    String exceptionInsideBlockSync(int x) {
        String r;
        try {
            synchronized (lock) {
                if (x < 0) {
                    throw new IllegalArgumentException("neg");
                }
                r = "ok" + x;
            }
        } catch (IllegalArgumentException e) {
            r = "caught " + e.getMessage();
        }
        synchronized (lock) {
            r += Thread.holdsLock(lock);
        }
        return r + Thread.holdsLock(lock);
    }

    @Test
    void exceptionLeavingASynchronizedBlockReleasesTheMonitor() {
        Differential.check(() -> new SynchronizedTest().exceptionInsideBlockSync(-1), () -> new SynchronizedTest().exceptionInsideBlock(-1));
        Differential.check(() -> new SynchronizedTest().exceptionInsideBlockSync(3), () -> new SynchronizedTest().exceptionInsideBlock(3));
    }

    @Async
    static Coroutine<Integer> synchronizedInsideCatchAndFinally() {
        Object lock = new Object();
        int count = 0;
        try {
            await(failure(new IllegalStateException("x")));
        } catch (IllegalStateException e) {
            synchronized (lock) {
                count += 1;
            }
            count += await(value(10));
        } finally {
            synchronized (lock) {
                count *= 2;
            }
            count += await(future(100));
        }
        return Coroutine.completed(count);
    }

    @Test
    void synchronizedBlocksInCatchAndFinallyAroundAwaits() {
        Differential.check(() -> (1 + 10) * 2 + 100, SynchronizedTest::synchronizedInsideCatchAndFinally);
    }
}
