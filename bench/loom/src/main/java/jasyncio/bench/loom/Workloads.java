package jasyncio.bench.loom;

import jasyncio.bench.common.Bench;
import jasyncio.bench.common.CrossThread;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Workloads 3 to 8 on virtual threads, one virtual thread per task; same shapes as bench/jasyncio's Workloads.
 * bench/run runs it twice: {@code -Dbench.system=vthreads-p1 -Djdk.virtualThreadScheduler.parallelism=1} and
 * {@code -Dbench.system=vthreads} (default parallelism: one carrier per core).
 */
public final class Workloads {
    private Workloads() {
    }

    public static void main(String[] args) throws Exception {
        Bench b = Bench.fromArgs(args, "vthreads");
        spawn(b);
        footprint(b);
        depth(b);
        skynet(b);
        timerStorm(b);
        crossThread(b);
    }

    interface Body {
        void run() throws InterruptedException;
    }

    /** A started virtual thread running {@code body}; interruption ends it quietly. */
    static Thread start(Body body) {
        return Thread.startVirtualThread(() -> {
            try {
                body.run();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static void joinAll(Thread[] threads) {
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void spawn(Bench b) {
        int n = b.spawnTasks();
        long ns = b.bestWall(() -> {
            long[] results = new long[n];
            Thread[] threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                int x = i;
                threads[i] = Thread.startVirtualThread(() -> results[x] = x);
            }
            joinAll(threads);
            long sum = 0;
            for (long r : results) {
                sum += r;
            }
            Bench.check(sum == Bench.skynetSum(n), "spawn sum");
        });
        b.report("3.spawn", (double) ns / n, "ns/task");
    }

    /** Retained heap per virtual thread parked by {@code park} once all n have reached it. */
    static double retainedPerThread(int n, Body park, Runnable release) throws InterruptedException {
        long before = Bench.usedHeapAfterGc();
        CountDownLatch parked = new CountDownLatch(n);
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = start(() -> {
                parked.countDown();
                park.run();
            });
        }
        parked.await();
        double per = (Bench.usedHeapAfterGc() - before) / (double) n;
        release.run();
        for (Thread t : threads) {
            t.interrupt();
        }
        joinAll(threads);
        return per;
    }

    static void footprint(Bench b) throws InterruptedException {
        int n = b.suspendedTasks();
        b.report("4.footprint-sleep", retainedPerThread(n, () -> Thread.sleep(3_600_000), () -> { }), "B/task");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        b.report("4.footprint-future", retainedPerThread(n, gate::join, () -> gate.complete(null)), "B/task");

        long start = System.nanoTime();
        Thread[] sleepers = new Thread[n];
        for (int i = 0; i < n; i++) {
            sleepers[i] = start(() -> Thread.sleep(2_000));
        }
        joinAll(sleepers);
        b.report("4.sleep2-wall", (System.nanoTime() - start) / 1e6, "ms");
    }

    /** Yields under {@code depth} frames, each adding after its call like the other peers' chains. */
    static int chain(int depth, int yields) {
        if (depth == 0) {
            for (int i = 0; i < yields; i++) {
                Thread.yield();
            }
            return 0;
        }
        return chain(depth - 1, yields) + 1;
    }

    static void depth(Bench b) {
        int yields = b.depthYields();
        for (int d : Bench.DEPTHS) {
            long ns = b.bestWall(() -> {
                int[] result = new int[1];
                joinAll(new Thread[] {Thread.startVirtualThread(() -> result[0] = chain(d, yields))});
                Bench.check(result[0] == d, "depth");
            });
            b.report("5.depth-" + d, (double) ns / yields, "ns/yield");
        }
    }

    static long skynetNode(long num, int size) {
        if (size == 1) {
            return num;
        }
        int sub = size / 10;
        long[] results = new long[10];
        Thread[] children = new Thread[10];
        for (int i = 0; i < 10; i++) {
            int x = i;
            children[i] = Thread.startVirtualThread(() -> results[x] = skynetNode(num + (long) x * sub, sub));
        }
        joinAll(children);
        long sum = 0;
        for (long r : results) {
            sum += r;
        }
        return sum;
    }

    static void skynet(Bench b) {
        long ns = b.bestWall(() -> {
            long[] result = new long[1];
            joinAll(new Thread[] {Thread.startVirtualThread(() -> result[0] = skynetNode(0, Bench.SKYNET_LEAVES))});
            Bench.check(result[0] == Bench.skynetSum(Bench.SKYNET_LEAVES), "skynet sum");
        });
        b.report("6.skynet", ns / 1e6, "ms");
    }

    static void timerStorm(Bench b) {
        int n = b.timerTasks();
        long[] cpu = {Long.MAX_VALUE};
        long wall = b.best(() -> {
            long cpu0 = Bench.processCpuNanos();
            long start = System.nanoTime();
            Thread[] threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                threads[i] = start(() -> {
                    for (int k = 0; k < Bench.TIMER_SLEEPS; k++) {
                        Thread.sleep(1);
                    }
                });
            }
            joinAll(threads);
            long elapsed = System.nanoTime() - start;
            cpu[0] = Math.min(cpu[0], Bench.processCpuNanos() - cpu0);
            return elapsed;
        });
        b.report("7.timer-storm-overhead", wall / 1e6 - Bench.TIMER_SLEEPS, "ms");
        b.report("7.timer-storm-cpu", cpu[0] / 1e6, "ms");
    }

    static void crossThread(Bench b) throws InterruptedException {
        int rounds = b.crossThreadRounds();
        BlockingQueue<CompletableFuture<Long>> handOff = new LinkedBlockingQueue<>();
        Thread completer = CrossThread.start(handOff);
        long total = b.best(() -> {
            long[] sum = new long[1];
            joinAll(new Thread[] {Thread.startVirtualThread(() -> {
                for (int i = 0; i < rounds; i++) {
                    CompletableFuture<Long> f = new CompletableFuture<>();
                    handOff.add(f);
                    long completedAt = f.join();
                    sum[0] += System.nanoTime() - completedAt;
                }
            })});
            return sum[0];
        });
        completer.interrupt();
        completer.join();
        b.report("8.cross-thread", (double) total / rounds, "ns");
    }
}
