package jasyncio.bench;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.bench.common.Bench;
import jasyncio.bench.common.CrossThread;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;

/**
 * Workloads 3 to 8 of issue 5 on jasyncio, as timed programs (best of N runs); 1 and 2 are JMH benchmarks in
 * {@link CoreBenchmarks}. Run under the agent:
 * {@code java -javaagent:agent/target/jasyncio-agent.jar -cp bench/jasyncio/target/benchmarks.jar jasyncio.bench.Workloads [--quick]}.
 * Every peer implements the same shapes (bench/kotlin, bench/loom, bench/python).
 */
public final class Workloads {
    private Workloads() {
    }

    public static void main(String[] args) throws Exception {
        Bench b = Bench.fromArgs(args, "jasyncio");
        spawn(b);
        footprint(b);
        depth(b);
        skynet(b);
        timerStorm(b);
        crossThread(b);
    }

    // 3. Spawn: create, run and complete n tasks.

    @Async
    static Coroutine<Long> spawnAll(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(CoreBenchmarks.identity(i)));
        }
        long sum = 0;
        for (Task<Integer> t : tasks) {
            sum += await(t);
        }
        return Coroutine.completed(sum);
    }

    static void spawn(Bench b) {
        int n = b.spawnTasks();
        long ns = b.bestWall(() -> Bench.check(run(spawnAll(n)) == Bench.skynetSum(n), "spawn sum"));
        b.report("3.spawn", (double) ns / n, "ns/task");
    }

    // 4. Suspended footprint: retained heap per task suspended in sleep and on a pending future; wall time of
    // n tasks sleeping 2 s.

    @Async
    static Coroutine<Void> sleeper(double seconds) {
        await(sleep(seconds));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> waiter(Future<Void> gate) {
        await(gate);
        return Coroutine.completed();
    }

    @Async
    static Coroutine<double[]> measureFootprint(int n) {
        long before = Bench.usedHeapAfterGc();
        List<Task<Void>> sleeping = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sleeping.add(createTask(sleeper(3600)));
        }
        await(sleep(0));
        await(sleep(0));
        double perSleeping = (Bench.usedHeapAfterGc() - before) / (double) n;
        sleeping.forEach(Task::cancel);
        await(gather(new ArrayList<>(sleeping)).toCompletableFuture().handle((v, e) -> null));
        sleeping.clear();

        Future<Void> gate = getRunningLoop().createFuture();
        before = Bench.usedHeapAfterGc();
        List<Task<Void>> waiting = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            waiting.add(createTask(waiter(gate)));
        }
        await(sleep(0));
        await(sleep(0));
        double perWaiting = (Bench.usedHeapAfterGc() - before) / (double) n;
        gate.setResult(null);
        await(gather(waiting));
        waiting.clear();

        long start = System.nanoTime();
        List<Task<Void>> sleepers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sleepers.add(createTask(sleeper(2)));
        }
        for (Task<Void> t : sleepers) {
            await(t);
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        return Coroutine.completed(new double[] {perSleeping, perWaiting, wallMs});
    }

    static void footprint(Bench b) {
        double[] r = run(measureFootprint(b.suspendedTasks()));
        b.report("4.footprint-sleep", r[0], "B/task");
        b.report("4.footprint-future", r[1], "B/task");
        b.report("4.sleep2-wall", r[2], "ms");
    }

    // 5. Depth: a leaf yielding under an await chain; each level adds after its await so that no peer can turn
    // the call into a tail call.

    @Async
    static Coroutine<Integer> chain(int depth, int yields) {
        if (depth == 0) {
            for (int i = 0; i < yields; i++) {
                await(sleep(0));
            }
            return Coroutine.completed(0);
        }
        return Coroutine.completed(await(chain(depth - 1, yields)) + 1);
    }

    static void depth(Bench b) {
        int yields = b.depthYields();
        for (int d : Bench.DEPTHS) {
            long ns = b.bestWall(() -> Bench.check(run(chain(d, yields)) == d, "depth"));
            b.report("5.depth-" + d, (double) ns / yields, "ns/yield");
        }
    }

    // 6. Skynet: a 10-ary tree of tasks, each leaf returning its number, each node the sum of its children.

    @Async
    static Coroutine<Long> skynetNode(long num, int size) {
        if (size == 1) {
            return Coroutine.completed(num);
        }
        int sub = size / 10;
        List<Task<Long>> children = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            children.add(createTask(skynetNode(num + (long) i * sub, sub)));
        }
        long sum = 0;
        for (Task<Long> c : children) {
            sum += await(c);
        }
        return Coroutine.completed(sum);
    }

    static void skynet(Bench b) {
        long ns = b.bestWall(() -> Bench.check(
                run(skynetNode(0, Bench.SKYNET_LEAVES)) == Bench.skynetSum(Bench.SKYNET_LEAVES), "skynet sum"));
        b.report("6.skynet", ns / 1e6, "ms");
    }

    // 7. Timer storm: n tasks each sleeping 1 ms ten times; wall time beyond the ideal 10 ms, and CPU time.

    @Async
    static Coroutine<Void> ticker() {
        for (int i = 0; i < Bench.TIMER_SLEEPS; i++) {
            await(sleep(0.001));
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> storm(int n) {
        List<Task<Void>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(ticker()));
        }
        for (Task<Void> t : tasks) {
            await(t);
        }
        return Coroutine.completed();
    }

    static void timerStorm(Bench b) {
        int n = b.timerTasks();
        long[] cpu = {Long.MAX_VALUE};
        long wall = b.best(() -> {
            long cpu0 = Bench.processCpuNanos();
            long start = System.nanoTime();
            run(storm(n));
            long elapsed = System.nanoTime() - start;
            cpu[0] = Math.min(cpu[0], Bench.processCpuNanos() - cpu0);
            return elapsed;
        });
        b.report("7.timer-storm-overhead", wall / 1e6 - Bench.TIMER_SLEEPS, "ms");
        b.report("7.timer-storm-cpu", cpu[0] / 1e6, "ms");
    }

    // 8. Await of a pending CompletableFuture that a plain thread completes with the time it completed it.

    @Async
    static Coroutine<Long> awaitRounds(int rounds, BlockingQueue<CompletableFuture<Long>> handOff) {
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            handOff.add(f);
            long completedAt = await(f);
            total += System.nanoTime() - completedAt;
        }
        return Coroutine.completed(total);
    }

    static void crossThread(Bench b) throws InterruptedException {
        int rounds = b.crossThreadRounds();
        BlockingQueue<CompletableFuture<Long>> handOff = new LinkedBlockingQueue<>();
        Thread completer = CrossThread.start(handOff);
        long total = b.best(() -> run(awaitRounds(rounds, handOff)));
        completer.interrupt();
        completer.join();
        b.report("8.cross-thread", (double) total / rounds, "ns");
    }
}
