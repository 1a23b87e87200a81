package jasyncio.bench;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;

/**
 * The core costs, each per operation: an await that does not suspend, a suspend/resume round trip through
 * the loop, a switch between two tasks, and a task's whole life. Run under the agent:
 * {@code java -javaagent:agent/target/jasyncio-agent.jar -jar bench/target/benchmarks.jar}
 * (JMH's forks inherit the flag).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreBenchmarks {
    static final int OPS = 100_000;

    /** A coroutine that could suspend but does not: every peer's version has the same untaken suspension point. */
    @Async
    static Coroutine<Integer> identity(int x) {
        if (x < 0) {
            await(sleep(0));
        }
        return Coroutine.completed(x);
    }

    @Async
    static Coroutine<Integer> awaitInline(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(identity(i));
        }
        return Coroutine.completed(sum);
    }

    @Async
    static Coroutine<Void> yieldMany(int n) {
        for (int i = 0; i < n; i++) {
            await(sleep(0));
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> pingPong(int n) {
        Task<Void> a = createTask(yieldMany(n / 2));
        Task<Void> b = createTask(yieldMany(n / 2));
        await(a);
        await(b);
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Integer> spawn(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(identity(i)));
        }
        return Coroutine.completed(await(gather(tasks)).size());
    }

    /** One await of a coroutine that finishes without suspending (frame allocation included). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int nonSuspendingAwait() {
        return run(awaitInline(OPS));
    }

    /** One {@code await(sleep(0))}: suspend, back through the ready queue, resume. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void suspendResumeRoundTrip() {
        run(yieldMany(OPS));
    }

    /** One switch between two tasks that yield to each other. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void pingPongSwitch() {
        run(pingPong(OPS));
    }

    /** One task created, run to completion and gathered. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int spawnTask() {
        return run(spawn(OPS));
    }
}
