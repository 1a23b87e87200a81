package jasyncio.bench.echo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The load generator of workload 9, the same for every echo server: for each cell (message size x connections),
 * every connection sends one message and waits for its whole echo before sending the next. After a warm-up (1 s,
 * 0.5 s with {@code --quick}) it counts the echoes completed in a fixed window (5 s, 2 s with {@code --quick}) and prints
 * {@code RESULT <tab> 9.echo-<size>-<connections> <tab> system <tab> requests/s <tab> req/s}.
 *
 * <p>It is one thread on one selector (bench/run pins it to its own core) and does as little as it can per
 * message: the message is written from one shared direct buffer, the echo is read into one scratch buffer and only
 * counted (the byte count is exact, since nothing else is in flight on the connection; examples' EchoClient is
 * the one that checks contents). It also prints, per cell, how busy the server's process and this one were over
 * the window ({@code .server-cpu} and {@code .load-cpu}, % of one core): a server under 100% means something else,
 * the load generator or the loopback, set the pace; and {@code .other-cpu}, what everything else on the machine
 * took meanwhile (other containers included: a busy machine leaves less of the two cores to the benchmark).
 *
 * <p>Run: {@code java -cp bench/echo/target/benchmarks.jar jasyncio.bench.echo.EchoLoad host port system
 * server-pid [--quick]}.
 */
public final class EchoLoad {
    private static final int[] SIZES = {1024, 64 * 1024};
    private static final int[] CONNECTIONS = {10, 1000};
    /** Linux's clock ticks per second, the unit of /proc/PID/stat's CPU times. */
    private static final double TICKS = 100;

    /** One connection: the part of the current message still to send and the bytes of its echo still to come. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer out;
        SelectionKey key;
        int toRead;

        Connection(SocketChannel channel, ByteBuffer message) {
            this.channel = channel;
            this.out = message.duplicate();
        }

        void send() throws IOException {
            toRead = out.capacity();
            channel.write(out.clear());
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            channel.write(out);
            if (!out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        String system = args[2];
        long serverPid = Long.parseLong(args[3]);
        boolean quick = args.length > 4 && args[4].equals("--quick");
        long windowNanos = (quick ? 2 : 5) * 1_000_000_000L;
        long warmUpNanos = (quick ? 500 : 1000) * 1_000_000L;
        awaitListening(server);
        for (int size : SIZES) {
            for (int connections : CONNECTIONS) {
                String workload = "9.echo-" + size / 1024 + "k-" + connections;
                run(server, system, serverPid, workload, size, connections, warmUpNanos, windowNanos);
            }
        }
    }

    private static void run(InetSocketAddress server, String system, long serverPid, String workload, int size,
                            int connections, long warmUpNanos, long windowNanos) throws IOException {
        ByteBuffer message = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            message.put(i, (byte) i);
        }
        ByteBuffer scratch = ByteBuffer.allocateDirect(256 * 1024);
        Connection[] all = new Connection[connections];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(server);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                all[i] = new Connection(channel, message);
                all[i].key = channel.register(selector, SelectionKey.OP_READ, all[i]);
            }
            for (Connection c : all) {
                c.send();
            }
            long start = System.nanoTime();
            long windowStart = 0, windowEnd = 0, echoes = 0, echoesAtStart = 0;
            double serverCpu = 0, loadCpu = 0, allCpu = 0;
            // After the window, every connection finishes its message and sends no other; then all half-close, so
            // that no server sees a reset (closing with an echo unread would send one).
            int inFlight = -1;
            while (inFlight != 0) {
                long now = System.nanoTime();
                if (windowStart == 0 && now - start >= warmUpNanos) {
                    windowStart = now;
                    echoesAtStart = echoes;
                    serverCpu = -processCpuSeconds(serverPid);
                    loadCpu = -ownCpuSeconds();
                    allCpu = -machineCpuSeconds();
                } else if (windowStart != 0 && windowEnd == 0 && now - windowStart >= windowNanos) {
                    windowEnd = now;
                    serverCpu += processCpuSeconds(serverPid);
                    loadCpu += ownCpuSeconds();
                    allCpu += machineCpuSeconds();
                    inFlight = connections;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isWritable()) {
                        c.flush();
                    }
                    if (key.isReadable()) {
                        int n = c.channel.read(scratch.clear());
                        if (n < 0 || n > c.toRead) {
                            throw new IOException(workload + ": the server " + (n < 0 ? "closed a connection"
                                    : "sent more than it was sent"));
                        }
                        if ((c.toRead -= n) == 0) {
                            echoes++;
                            if (windowEnd == 0) {
                                c.send();
                            } else {
                                inFlight--;
                            }
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            long echoesAtEnd = echoes - connections;
            for (Connection c : all) {
                c.channel.shutdownOutput();
            }
            for (int open = connections; open > 0; ) { // until every server side has seen our end and closed
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (((Connection) key.attachment()).channel.read(scratch.clear()) < 0) {
                        key.cancel();
                        open--;
                    }
                }
                selector.selectedKeys().clear();
            }
            double seconds = (windowEnd - windowStart) / 1e9;
            result(workload, system, (echoesAtEnd - echoesAtStart) / seconds, "req/s");
            result(workload + ".server-cpu", system, 100 * serverCpu / seconds, "%");
            result(workload + ".load-cpu", system, 100 * loadCpu / seconds, "%");
            result(workload + ".other-cpu", system, Math.max(0, 100 * (allCpu - serverCpu - loadCpu) / seconds), "%");
        } finally {
            for (Connection c : all) {
                if (c != null) {
                    c.channel.close();
                }
            }
        }
    }

    private static void result(String workload, String system, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT\t%s\t%s\t%.3f\t%s", workload, system, value, unit));
    }

    /** Waits up to 60 s for the server (started just before, maybe still booting its JVM) to accept. */
    private static void awaitListening(InetSocketAddress server) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (SocketChannel probe = SocketChannel.open(server)) {
                return;
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** User + system CPU time of a process, from /proc/PID/stat (fields 14 and 15, after the command name). */
    private static double processCpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
    }

    /** Busy time of all CPUs, whoever used them (other containers too), from /proc/stat's first line. */
    private static double machineCpuSeconds() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal (guest is in user)
            busy += Long.parseLong(f[i]);
        }
        return busy / TICKS;
    }

    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
