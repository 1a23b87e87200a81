package jasyncio.bench.kotlin;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** Workloads 1 and 2 on Kotlin coroutines, shaped like jasyncio's CoreBenchmarks (bench/run sets the iterations). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KotlinBenchmarks {
    static final int OPS = 100_000;

    /** One switch between two coroutines that yield to each other in runBlocking's one-thread loop. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void pingPongSwitch() {
        Micro.pingPong(OPS);
    }

    /** One call of a suspend function that does not suspend. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int nonSuspendingAwait() {
        return Micro.awaitInline(OPS);
    }
}
