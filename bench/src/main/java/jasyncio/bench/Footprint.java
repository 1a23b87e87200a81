package jasyncio.bench;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.Task;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;

/**
 * Heap retained per suspended task (in {@code sleep} and on a pending future), and wall time for 100,000
 * tasks that each sleep 1 s. {@code java -javaagent:agent/target/jasyncio-agent.jar -cp bench/target/benchmarks.jar jasyncio.bench.Footprint}
 */
public final class Footprint {
    private static final int TASKS = 100_000;

    private Footprint() {
    }

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
    static Coroutine<double[]> measure() {
        long before = usedHeap();
        List<Task<Void>> sleeping = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            sleeping.add(createTask(sleeper(3600)));
        }
        await(sleep(0));
        await(sleep(0));
        double perSleeping = (usedHeap() - before) / (double) TASKS;
        sleeping.forEach(Task::cancel);
        await(gather(new ArrayList<>(sleeping)).toCompletableFuture().handle((v, e) -> null));
        sleeping.clear();

        Future<Void> gate = getRunningLoop().createFuture();
        before = usedHeap();
        List<Task<Void>> waiting = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            waiting.add(createTask(waiter(gate)));
        }
        await(sleep(0));
        await(sleep(0));
        double perWaiting = (usedHeap() - before) / (double) TASKS;
        gate.setResult(null);
        await(gather(waiting));

        long start = System.nanoTime();
        List<Task<Void>> sleepers = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            sleepers.add(createTask(sleeper(1)));
        }
        await(gather(sleepers));
        double wall = (System.nanoTime() - start) / 1e9;
        return Coroutine.completed(new double[] {perSleeping, perWaiting, wall});
    }

    /** Heap in use after a full collection; the list of tasks itself is counted (4-8 bytes a task). */
    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) {
        double[] r = run(measure());
        System.out.printf("retained per task suspended in sleep:        %.0f bytes%n", r[0]);
        System.out.printf("retained per task suspended on a future:     %.0f bytes%n", r[1]);
        System.out.printf("100,000 tasks sleeping 1 s, wall time:       %.3f s%n", r[2]);
    }
}
