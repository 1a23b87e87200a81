package jasyncio.bench.loom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Workload 1 on virtual threads: two virtual threads alternating {@link Thread#yield()}. bench/run runs it with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} (one carrier, a real alternation) and with the default.
 * Workload 2 has no virtual-thread counterpart: a blocking call that does not block is a plain call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoomBenchmarks {
    static final int OPS = 100_000;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void pingPongSwitch() throws InterruptedException {
        Thread a = Thread.startVirtualThread(() -> yieldMany(OPS / 2));
        Thread b = Thread.startVirtualThread(() -> yieldMany(OPS / 2));
        a.join();
        b.join();
    }

    static void yieldMany(int n) {
        for (int i = 0; i < n; i++) {
            Thread.yield();
        }
    }
}
