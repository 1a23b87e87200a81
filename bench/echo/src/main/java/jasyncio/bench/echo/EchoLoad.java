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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The load generator of workload 9, one for all the echo servers at once. Every server listens at the same time
 * (bench/run pins them all to one core and this process to the other); for each cell (message size x connections)
 * this connects to each of them, then drives them in turn, one slice of half a second each, round after round,
 * each round in a new order (shuffled, the same from run to run). In a slice every connection sends one message and waits for its whole
 * echo before sending the next; at the slice's end it stops sending and waits for the echoes in flight. A server's
 * figures for the cell are the medians over its slices, the first rounds (warm-up) left out.
 *
 * <p>Why slices: measured one server after the other, a cell swung by up to 2x between runs (the other programs of
 * the machine and of its host come and go); interleaved, every server sees the same conditions within seconds,
 * and a median over many slices ignores the odd disturbed one. Why rounds of warm-up: both JVMs, this one and a
 * JVM server, need seconds of traffic before their loops are compiled (against raw NIO from a cold start, 64 KiB x
 * 10 ran at 21k, 44k, 53k, then 66k req/s, one second each).
 *
 * <p>It prints, per cell and server: {@code RESULT <tab> 9.echo-<size>k-<connections> <tab> system <tab> requests/s
 * <tab> req/s}, and how busy the server's process (all its threads) and this one were, in % of one core
 * ({@code .server-cpu}, {@code .load-cpu}: a server well under 100% was paced by this load generator or by the
 * loopback), and what everything else on the machine took over the measured slices ({@code .other-cpu}: other
 * containers included). It does as little as it can per message: each message is written from one shared direct
 * buffer, the echo is read into one scratch buffer and only counted (the count is exact, since nothing else is in
 * flight on the connection; examples' EchoClient is the one that checks contents).
 *
 * <p>Run: {@code java -cp bench/echo/target/benchmarks.jar jasyncio.bench.echo.EchoLoad [--quick] host
 * system:port:pid...}.
 */
public final class EchoLoad {
    private static final int[] SIZES = {1024, 64 * 1024};
    private static final int[] CONNECTIONS = {10, 1000};
    private static final long SLICE_NANOS = 500_000_000L;
    /** Rounds of warm-up in the first cell: seconds of traffic for every JVM, this one and the servers. */
    private static final int FIRST_WARM_UP_ROUNDS = 4;
    /** Rounds of warm-up in the next cells, compiled already: the new connections settle. */
    private static final int WARM_UP_ROUNDS = 1;
    /** Linux's clock ticks per second, the unit of /proc/stat's CPU times. */
    private static final double TICKS = 100;

    /** One connection: the part of the current message still to send and the bytes of its echo still to come. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer out;
        final SelectionKey key;
        int toRead;

        Connection(SocketChannel channel, ByteBuffer message, Selector selector) throws IOException {
            this.channel = channel;
            this.out = message.duplicate();
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
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

        /**
         * Sends what the socket takes and reads what came back; true when that completed the echo. A method of
         * its own, called per event, so that the JIT compiles it after a few thousand events instead of waiting
         * for the loop around it to be compiled on-stack (seconds, each iteration being a select).
         */
        boolean ready(ByteBuffer scratch) throws IOException {
            if (key.isWritable()) {
                flush();
            }
            if (!key.isReadable()) {
                return false;
            }
            int n = channel.read(scratch.clear());
            if (n < 0 || n > toRead) {
                throw new IOException("the server " + (n < 0 ? "closed a connection" : "sent more than it was sent"));
            }
            return (toRead -= n) == 0;
        }
    }

    /** A server under test and, during a cell, its connections and what its slices measured. */
    private static final class Server {
        final String system;
        final InetSocketAddress address;
        final long pid;
        IOException failure;
        Selector selector;
        Connection[] connections = new Connection[0];
        final List<Double> rates = new ArrayList<>();
        final List<Double> serverCpu = new ArrayList<>();
        final List<Double> loadCpu = new ArrayList<>();
        long measuredNanos;
        long serverNanos;
        long loadNanos;
        double machineSeconds;

        Server(String spec, String host) {
            String[] parts = spec.split(":");
            system = parts[0];
            address = new InetSocketAddress(host, Integer.parseInt(parts[1]));
            pid = Long.parseLong(parts[2]);
        }

        void connect(int count, ByteBuffer message) throws IOException {
            selector = Selector.open();
            connections = new Connection[count];
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                connections[i] = new Connection(channel, message, selector);
            }
        }

        /**
         * Half-closes every connection and waits until the server has closed its side (closing with an echo
         * unread would send it a reset), then forgets the cell's connections and measurements.
         */
        void disconnect(ByteBuffer scratch) throws IOException {
            try {
                if (failure == null) {
                    for (Connection c : connections) {
                        c.channel.shutdownOutput();
                    }
                    for (int open = connections.length; open > 0; ) {
                        if (selector.select(10_000) == 0) {
                            throw new IOException("the server kept " + open + " connections open after their end");
                        }
                        for (SelectionKey key : selector.selectedKeys()) {
                            if (((Connection) key.attachment()).channel.read(scratch.clear()) < 0) {
                                key.cancel();
                                open--;
                            }
                        }
                        selector.selectedKeys().clear();
                    }
                }
            } finally {
                for (Connection c : connections) {
                    if (c != null) {
                        c.channel.close();
                    }
                }
                if (selector != null) {
                    selector.close();
                }
                connections = new Connection[0];
                rates.clear();
                serverCpu.clear();
                loadCpu.clear();
                measuredNanos = serverNanos = loadNanos = 0;
                machineSeconds = 0;
            }
        }

        /** One slice of load; measured unless it is a warm-up. */
        void slice(ByteBuffer scratch, boolean measured) throws IOException {
            long server0 = processCpuNanos(pid), load0 = ownCpuNanos();
            double machine0 = machineCpuSeconds();
            long start = System.nanoTime();
            for (Connection c : connections) {
                c.send();
            }
            long echoes = 0;
            boolean sending = true;
            for (int inFlight = connections.length; inFlight > 0; ) {
                if (sending && System.nanoTime() - start >= SLICE_NANOS) {
                    sending = false;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (c.ready(scratch)) {
                        echoes++;
                        if (sending) {
                            c.send();
                        } else {
                            inFlight--;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            long nanos = System.nanoTime() - start;
            sleepQuietly(10); // the server's last echo is out; let its loop go back to sleep before its CPU is read
            long server = processCpuNanos(pid) - server0, load = ownCpuNanos() - load0;
            if (measured) {
                rates.add(echoes * 1e9 / nanos);
                serverCpu.add(100.0 * server / nanos);
                loadCpu.add(100.0 * load / nanos);
                measuredNanos += nanos;
                serverNanos += server;
                loadNanos += load;
                machineSeconds += machineCpuSeconds() - machine0;
            }
        }

        void report(String workload) {
            if (failure != null) {
                System.err.println(workload + " " + system + " FAILED: " + failure);
                return;
            }
            result(workload, system, median(rates), "req/s");
            result(workload + ".server-cpu", system, median(serverCpu), "%");
            result(workload + ".load-cpu", system, median(loadCpu), "%");
            double other = machineSeconds - (serverNanos + loadNanos) / 1e9;
            result(workload + ".other-cpu", system, Math.max(0, 100 * other / (measuredNanos / 1e9)), "%");
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args[0].equals("--quick");
        int first = quick ? 1 : 0;
        String host = args[first];
        Server[] servers = new Server[args.length - first - 1];
        for (int i = 0; i < servers.length; i++) {
            servers[i] = new Server(args[first + 1 + i], host);
            awaitListening(servers[i].address);
        }
        int rounds = quick ? 6 : 20;
        for (int size : SIZES) {
            for (int connections : CONNECTIONS) {
                int warmUp = size == SIZES[0] && connections == CONNECTIONS[0] ? FIRST_WARM_UP_ROUNDS : WARM_UP_ROUNDS;
                cell("9.echo-" + size / 1024 + "k-" + connections, servers, size, connections, warmUp, rounds);
            }
        }
    }

    private static void cell(String workload, Server[] servers, int size, int connections, int warmUp, int rounds)
            throws IOException {
        ByteBuffer message = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            message.put(i, (byte) i);
        }
        ByteBuffer scratch = ByteBuffer.allocateDirect(256 * 1024);
        try {
            for (Server s : servers) {
                try {
                    s.connect(connections, message);
                } catch (IOException e) {
                    s.failure = e;
                }
            }
            // Shuffled each round, so that no server always follows the same one (whatever a server leaves behind,
            // in the caches or as work its JVM does after a slice, falls on different servers).
            List<Server> order = new ArrayList<>(Arrays.asList(servers));
            Random random = new Random(size * 31L + connections);
            for (int round = 0; round < warmUp + rounds; round++) {
                Collections.shuffle(order, random);
                for (Server s : order) {
                    if (s.failure == null) {
                        try {
                            s.slice(scratch, round >= warmUp);
                        } catch (IOException e) {
                            s.failure = e;
                        }
                    }
                }
            }
            for (Server s : servers) {
                s.report(workload);
            }
        } finally {
            for (Server s : servers) {
                try {
                    s.disconnect(scratch);
                } catch (IOException e) {
                    System.err.println(workload + " " + s.system + ": " + e);
                }
            }
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * CPU time of all the threads of a process, in nanoseconds, from each thread's /proc schedstat (the first
     * field: time on a CPU); /proc/PID/stat counts in 10 ms ticks, too coarse for a half-second slice.
     */
    private static long processCpuNanos(long pid) throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                try {
                    String schedstat = Files.readString(thread.resolve("schedstat"));
                    sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                } catch (NoSuchFileException ended) {
                    // the thread ended since the directory was listed: its time is no longer counted anyway
                }
            }
        }
        return sum;
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
}
