package jasyncio.bench.common;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What every timed workload program shares: its arguments, best-of-N timing, retained heap and CPU time, and
 * the one line format bench/run collects: {@code RESULT <tab> workload <tab> system <tab> value <tab> unit}.
 */
public final class Bench {
    /** {@code --quick}: fewer runs and, where stated, smaller sizes (bench/run prints which). */
    public final boolean quick;
    /**
     * Measured runs of each timed workload, after its warm-up; the best one is reported. A short workload is
     * run more often, until {@link #measureNanos} have been measured: the best of many millisecond-long runs is
     * stable where the best of three is at the mercy of one timer interrupt.
     */
    public final int runs;
    public final long measureNanos;
    /**
     * How long each timed workload first runs unmeasured, so that the JIT has compiled it: a workload of 10 ms
     * (spawn) gets a hundred warm-up runs, one of seconds (Skynet on some peers) one.
     */
    public final long warmUpNanos;
    /** The name results are filed under, e.g. {@code vthreads-p1}; set by bench/run with -Dbench.system. */
    public final String system;

    private Bench(boolean quick, String system) {
        this.quick = quick;
        this.runs = quick ? 3 : 7;
        this.warmUpNanos = (quick ? 500 : 2000) * 1_000_000L;
        this.measureNanos = (quick ? 300 : 1000) * 1_000_000L;
        this.system = system;
    }

    public static Bench fromArgs(String[] args, String defaultSystem) {
        return new Bench(Arrays.asList(args).contains("--quick"), System.getProperty("bench.system", defaultSystem));
    }

    /** {@code full} in a full run, {@code quick} with --quick. */
    public int size(int full, int quick) {
        return this.quick ? quick : full;
    }

    // The sizes of the workloads, the same for every JVM peer (bench/python/workloads.py mirrors them).

    /** Workload 3: tasks spawned per run. */
    public int spawnTasks() {
        return size(1_000_000, 200_000);
    }

    /** Workload 4: tasks suspended at once. */
    public int suspendedTasks() {
        return size(1_000_000, 200_000);
    }

    /** Workload 5: yields of the leaf under each await chain. */
    public int depthYields() {
        return size(1_000_000, 100_000);
    }

    /** Workload 5: the await chain depths. */
    public static final int[] DEPTHS = {1, 10, 100, 1000};

    /** Workload 6: leaves of the 10-ary tree (1,111,111 tasks in all). */
    public static final int SKYNET_LEAVES = 1_000_000;

    /** Workload 7: tasks, each sleeping {@link #TIMER_SLEEPS} times 1 ms. */
    public int timerTasks() {
        return size(100_000, 20_000);
    }

    public static final int TIMER_SLEEPS = 10;

    /** Workload 8: futures completed by the other thread, one after the other. */
    public int crossThreadRounds() {
        return size(100_000, 10_000);
    }

    /**
     * The shortest of at least {@link #runs} runs of {@code body} (more while {@link #measureNanos} have not
     * passed), which returns the nanoseconds it measured itself, after running it unmeasured for
     * {@link #warmUpNanos} (at least once).
     */
    public long best(LongSupplier body) {
        long warmUpEnd = System.nanoTime() + warmUpNanos;
        do {
            body.getAsLong();
        } while (System.nanoTime() < warmUpEnd);
        long best = Long.MAX_VALUE;
        long measureEnd = System.nanoTime() + measureNanos;
        for (int i = 0; i < runs || System.nanoTime() < measureEnd; i++) {
            best = Math.min(best, body.getAsLong());
        }
        return best;
    }

    /** The shortest wall time of {@link #runs} runs of {@code body}, in nanoseconds. */
    public long bestWall(Runnable body) {
        return best(() -> {
            long start = System.nanoTime();
            body.run();
            return System.nanoTime() - start;
        });
    }

    public void report(String workload, double value, String unit) {
        System.out.printf(Locale.ROOT, "RESULT\t%s\t%s\t%.3f\t%s%n", workload, system, value, unit);
        System.out.flush();
    }

    /**
     * Heap in use after full collections: the difference of two such readings is what stayed reachable. Eden is
     * left out: a full collection empties it, and what it holds afterwards is the thread's fresh allocation
     * buffer, counted whole (megabytes after an allocating workload, 20 B per task of noise at 200k tasks).
     */
    public static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** CPU time of the whole process (all threads, GC and JIT included), in nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Skynet's answer for {@code leaves} leaves: the sum 0 + 1 + ... + (leaves - 1), checked by every peer. */
    public static long skynetSum(long leaves) {
        return leaves * (leaves - 1) / 2;
    }

    public static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
