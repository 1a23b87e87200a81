package jasyncio.bench.ea;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.ea.async.Async.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

/**
 * Workload 2 on ea-async: await of an async method that completes without suspending. Workload 1 does not
 * apply: ea-async has no scheduler to yield to.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EaAsyncBenchmarks {
    static final int OPS = 100_000;

    /** Could suspend (ea-async rewrites it) but does not. */
    static CompletableFuture<Integer> identity(int x) {
        if (x < 0) {
            await(CompletableFuture.runAsync(() -> { }));
        }
        return completedFuture(x);
    }

    static CompletableFuture<Integer> awaitInline(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(identity(i));
        }
        return completedFuture(sum);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int nonSuspendingAwait() {
        return awaitInline(OPS).join();
    }
}
