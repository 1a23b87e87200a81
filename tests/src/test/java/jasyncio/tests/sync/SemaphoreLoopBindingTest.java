package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.sync.Semaphore;
import jasyncio.tests.support.OtherThread;
import org.junit.jupiter.api.Test;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain semaphore belongs to its loop like the other primitives (its FIFO and cancellation: SemaphoreTest). */
class SemaphoreLoopBindingTest {
    @Async
    static Coroutine<String> releaseFromAPlainThread(Semaphore semaphore) {
        await(semaphore.acquire());
        String message = OtherThread.refusal(semaphore::release).getMessage();
        semaphore.release();
        return Coroutine.completed(message + " | available " + semaphore.available());
    }

    @Test
    void anotherThreadCannotReleaseAndThePermitsStayIntact() {
        String outcome = run(releaseFromAPlainThread(new Semaphore(2)));
        assertTrue(outcome.startsWith("Semaphore@"), outcome);
        assertTrue(outcome.contains("must be used from its loop's thread, not from thread 'plain-thread'"), outcome);
        assertEquals("available 2", outcome.substring(outcome.indexOf("available")));
    }
}
