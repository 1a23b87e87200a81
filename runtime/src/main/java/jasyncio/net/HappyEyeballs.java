package jasyncio.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.ReturnWhen;
import jasyncio.Task;
import jasyncio.internal.CoreAccess;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.race;
import static jasyncio.Asyncio.waitUntil;

/**
 * Happy Eyeballs (RFC 8305), as asyncio's {@code happy_eyeballs_delay}: connection attempts to a host's addresses
 * start one after the other, each as soon as the one before has failed or {@code delay} seconds after it started,
 * and they {@linkplain jasyncio.Asyncio#race race}: the first to connect wins, the others are cancelled and closed.
 */
final class HappyEyeballs {
    private HappyEyeballs() {
    }

    @Async
    static Coroutine<Connection> openConnection(String host, int port, double delay, int limit) throws IOException {
        EventLoop loop = CoreAccess.hooks().runningLoop("openConnection");
        List<InetSocketAddress> addresses = await(Streams.resolveAll(loop, host, port));
        return Streams.connection(loop, await(connectFirst(loop, interleaved(addresses), delay)), host, port, limit,
                null);
    }

    @Async
    static Coroutine<Connection> openConnection(List<InetSocketAddress> addresses, double delay, int limit)
            throws IOException {
        EventLoop loop = CoreAccess.hooks().runningLoop("openConnection");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("openConnection needs at least one address");
        }
        InetSocketAddress first = addresses.get(0);
        return Streams.connection(loop, await(connectFirst(loop, addresses, delay)), first.getHostString(),
                first.getPort(), limit, null);
    }

    /**
     * The channel of the first attempt to connect, in {@code addresses}' order with staggered starts. A single
     * address is connected to as it is (its failure is the JDK's exception); with more, every one failing throws
     * a {@link jasyncio.TaskGroupException} with each attempt's failure.
     */
    @Async
    static Coroutine<SocketChannel> connectFirst(EventLoop loop, List<InetSocketAddress> addresses, double delay)
            throws IOException {
        if (addresses.size() == 1) {
            return Streams.connect(loop, addresses.get(0));
        }
        List<Task<SocketChannel>> attempts = new ArrayList<>(addresses.size());
        Task<SocketChannel> previous = null;
        for (InetSocketAddress address : addresses) {
            previous = loop.createTask(attempt(loop, address, previous, delay), "connect " + address);
            attempts.add(previous);
        }
        SocketChannel winner = null;
        try {
            winner = await(race(attempts));
        } finally {
            closeLosers(attempts, winner);
        }
        return Coroutine.completed(winner);
    }

    /** Connects to {@code address} once {@code previous} has failed or has run for {@code delay} seconds. */
    @Async
    private static Coroutine<SocketChannel> attempt(EventLoop loop, InetSocketAddress address,
                                                    Task<SocketChannel> previous, double delay) throws IOException {
        if (previous != null) {
            await(waitUntil(List.of(previous), ReturnWhen.FIRST_COMPLETED, delay));
        }
        return Streams.connect(loop, address);
    }

    /** Two attempts may both connect before the race ends: every channel but the winner's is closed. */
    private static void closeLosers(List<Task<SocketChannel>> attempts, SocketChannel winner) {
        for (Task<SocketChannel> attempt : attempts) {
            if (attempt.done() && !attempt.cancelled() && attempt.exception() == null && attempt.result() != winner) {
                try {
                    attempt.result().close();
                } catch (IOException e) {
                    // A channel that never carried a byte: nothing to lose in its close.
                }
            }
        }
    }

    /** RFC 8305 section 4: the families alternate, starting with the name service's first choice. */
    static List<InetSocketAddress> interleaved(List<InetSocketAddress> addresses) {
        if (addresses.isEmpty()) {
            return addresses;
        }
        boolean firstIsV6 = addresses.get(0).getAddress() instanceof Inet6Address;
        List<InetSocketAddress> preferred = new ArrayList<>();
        List<InetSocketAddress> other = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            (a.getAddress() instanceof Inet6Address == firstIsV6 ? preferred : other).add(a);
        }
        List<InetSocketAddress> result = new ArrayList<>(addresses.size());
        for (int i = 0; i < Math.max(preferred.size(), other.size()); i++) {
            if (i < preferred.size()) {
                result.add(preferred.get(i));
            }
            if (i < other.size()) {
                result.add(other.get(i));
            }
        }
        return result;
    }
}
