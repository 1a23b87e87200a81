package jasyncio.bench.ea;

import jasyncio.bench.common.Bench;
import jasyncio.bench.common.CrossThread;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import static com.ea.async.Async.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

/**
 * Workload 8 on ea-async, the only timed one that applies: without a scheduler there are no tasks to spawn,
 * yield or sleep. The continuation runs on the thread that completes the future.
 */
public final class Workloads {
    private Workloads() {
    }

    static CompletableFuture<Long> awaitRounds(int rounds, BlockingQueue<CompletableFuture<Long>> handOff) {
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            handOff.add(f);
            long completedAt = await(f);
            total += System.nanoTime() - completedAt;
        }
        return completedFuture(total);
    }

    public static void main(String[] args) throws InterruptedException {
        Bench b = Bench.fromArgs(args, "ea-async");
        int rounds = b.crossThreadRounds();
        BlockingQueue<CompletableFuture<Long>> handOff = new LinkedBlockingQueue<>();
        Thread completer = CrossThread.start(handOff);
        long total = b.best(() -> awaitRounds(rounds, handOff).join());
        completer.interrupt();
        completer.join();
        b.report("8.cross-thread", (double) total / rounds, "ns");
    }
}
