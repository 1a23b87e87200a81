package jasyncio.bench.common;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/** Workload 8's plain thread: completes each handed-off future with the time it completes it. */
public final class CrossThread {
    private CrossThread() {
    }

    public static Thread start(BlockingQueue<CompletableFuture<Long>> handOff) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    handOff.take().complete(System.nanoTime());
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "completer");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
