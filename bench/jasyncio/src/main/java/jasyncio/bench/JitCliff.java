package jasyncio.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.bench.common.Bench;

import java.lang.management.ManagementFactory;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;

/**
 * Workload 11, the JIT cliff: the time of one call of an await-dense method, all of its awaits of done values:
 * {@link AwaitDense#dense} (30 awaits, which the rewrite's compact encoding fits) and {@link AwaitDenseLong#dense}
 * (130 awaits, which the rewrite cuts in two). bench/run runs it twice, with HotSpot's defaults and with
 * {@code -XX:-DontCompileHugeMethods} (which compiles methods past 8,000 bytes too): equal times say the rewritten
 * methods compile like any other; a resume method past the limit would run interpreted, many times slower, in the
 * first run only. Run under the agent:
 * {@code java -javaagent:agent/target/jasyncio-agent.jar -cp bench/jasyncio/target/benchmarks.jar jasyncio.bench.JitCliff [--quick]}.
 */
public final class JitCliff {
    private JitCliff() {
    }

    @Async
    static Coroutine<Long> calls(int n, boolean longer) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(longer ? AwaitDenseLong.dense(i) : AwaitDense.dense(i));
        }
        return Coroutine.completed(sum);
    }

    public static void main(String[] args) {
        Bench b = Bench.fromArgs(args, "jasyncio");
        String flags = hugeMethodsCompile() ? "-huge-compiled" : "";
        time(b, "11.await-dense-call" + flags, b.size(100_000, 20_000), false);
        time(b, "11.cut-method-call" + flags, b.size(25_000, 5_000), true);
    }

    private static void time(Bench b, String workload, int n, boolean longer) {
        long expected = run(calls(n, longer));
        long ns = b.bestWall(() -> Bench.check(run(calls(n, longer)) == expected, workload + " sum"));
        b.report(workload, (double) ns / n, "ns/call");
    }

    /** True when this JVM compiles methods past HotSpot's 8,000-byte limit ({@code -XX:-DontCompileHugeMethods}). */
    private static boolean hugeMethodsCompile() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return "false".equals(hotspot.getVMOption("DontCompileHugeMethods").getValue());
    }
}
