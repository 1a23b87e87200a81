package jasyncio.bench;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.iter.AsyncIterable;
import jasyncio.iter.AsyncIterator;
import jasyncio.queues.Queue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.run;

/**
 * The cost of one value through async iteration (docs/async-iteration.md): from an async generator, which runs in
 * the consumer's task; through a {@code map} stage (a generator consuming a generator); and, for comparison, from a
 * producer task through a one-slot queue, the design a generator would have as a task of its own. Run as
 * {@link CoreBenchmarks} is, under the agent: {@code -jar bench/jasyncio/target/benchmarks.jar IterationBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IterationBenchmarks {
    static final int OPS = 100_000;

    static AsyncIterable<Integer> counting(int n) {
        return AsyncIterable.generate(out -> {
            for (int i = 0; i < n; i++) {
                await(out.emit(i));
            }
            return Coroutine.completed();
        });
    }

    @Async
    static Coroutine<Long> sum(AsyncIterable<Integer> source) {
        long sum = 0;
        try (AsyncIterator<Integer> it = source.iterator()) {
            while (await(it.hasNext())) {
                sum += it.next();
            }
        }
        return Coroutine.completed(sum);
    }

    @Async
    static Coroutine<Void> fill(Queue<Integer> queue, int n) {
        for (int i = 0; i < n; i++) {
            await(queue.put(i));
        }
        await(queue.put(-1));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Long> sumFromTask(int n) {
        Queue<Integer> queue = new Queue<>(1);
        Task<Void> producer = createTask(fill(queue, n));
        long sum = 0;
        for (int v; (v = await(queue.get())) >= 0; ) {
            sum += v;
        }
        await(producer);
        return Coroutine.completed(sum);
    }

    /** One value from an async generator: emit, park, hasNext, next (in the consumer's task, no loop round trip). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long generatorValue() {
        return run(sum(counting(OPS)));
    }

    /** One value through a generator and a {@code map} stage. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long mappedGeneratorValue() {
        return run(sum(counting(OPS).map(v -> v + 1)));
    }

    /** One value from a producer task through a {@code Queue(1)}: the task-per-generator alternative. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long producerTaskValue() {
        return run(sumFromTask(OPS));
    }
}
