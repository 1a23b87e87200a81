package jasyncio.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.CoreAccess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

import static jasyncio.Asyncio.await;

/** Behind {@link Net#openConnection} and {@link Net#startServer}: sockets set up on the loop. */
final class Streams {
    /** A numeric address needs no name service; anything else is resolved off the loop. */
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private Streams() {
    }

    @Async
    static Coroutine<Connection> openConnection(String host, int port, int limit, SSLContext tls)
            throws IOException {
        EventLoop loop = CoreAccess.hooks().runningLoop("openConnection");
        InetSocketAddress address = await(resolve(loop, host, port));
        return connection(loop, await(connect(loop, address)), host, port, limit, tls);
    }

    /** A channel connected to {@code address}: the connect waits on the loop; a failure closes the channel. */
    @Async
    static Coroutine<SocketChannel> connect(EventLoop loop, InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (Throwable e) {
            channel.close();
            throw e;
        }
        return connect(loop, channel, address);
    }

    /**
     * {@code channel} (TCP or Unix-domain, just opened) connected to {@code address}, the connect waiting on the
     * loop; a failure closes the channel.
     */
    @Async
    static Coroutine<SocketChannel> connect(EventLoop loop, SocketChannel channel, SocketAddress address)
            throws IOException {
        try {
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                Future<Void> connectable = loop.createFuture();
                loop.addWriter(channel, () -> {
                    if (!connectable.done()) {
                        connectable.setResult(null);
                    }
                });
                try {
                    await(connectable);
                } finally {
                    loop.removeWriter(channel);
                }
                channel.finishConnect();
            }
        } catch (Throwable e) {
            channel.close();
            throw e;
        }
        return Coroutine.completed(channel);
    }

    /** The reader and writer of a connected {@code channel}, after the TLS handshake when {@code tls} is given. */
    @Async
    static Coroutine<Connection> connection(EventLoop loop, SocketChannel channel, String host, int port, int limit,
                                            SSLContext tls) throws IOException {
        StreamReader reader = new StreamReader(limit);
        SocketStream socket = new SocketStream(loop, channel, reader);
        if (tls == null) {
            return Coroutine.completed(new Connection(reader, new StreamWriter(socket)));
        }
        TlsStream secured = new TlsStream(socket, TlsStream.clientEngine(tls, host, port));
        try {
            await(secured.handshake());
        } catch (Throwable e) {
            secured.close();
            throw e;
        }
        return Coroutine.completed(new Connection(reader, new StreamWriter(secured)));
    }

    @Async
    static Coroutine<Server> startServer(ConnectionHandler handler, String host, int port, int limit,
                                         SSLContext tls, double handshakeTimeout) throws IOException {
        EventLoop loop = CoreAccess.hooks().runningLoop("startServer");
        InetSocketAddress address = await(resolve(loop, host, port));
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, 1024);
            return Coroutine.completed(new Server(loop, channel, handler, limit, tls, handshakeTimeout));
        } catch (Throwable e) {
            channel.close();
            throw e;
        }
    }

    @Async
    static Coroutine<DatagramEndpoint> openDatagramEndpoint(String localHost, int localPort, String remoteHost,
                                                           int remotePort) throws IOException {
        EventLoop loop = CoreAccess.hooks().runningLoop("openDatagramEndpoint");
        InetSocketAddress local = await(resolve(loop, localHost, localPort));
        InetSocketAddress remote = remoteHost == null ? null : await(resolve(loop, remoteHost, remotePort));
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.configureBlocking(false);
            channel.bind(local);
            if (remote != null) {
                channel.connect(remote);
            }
            return Coroutine.completed(new DatagramEndpoint(loop, channel));
        } catch (Throwable e) {
            channel.close();
            throw e;
        }
    }

    /** Every socket address of {@code host}, in the name service's order: numeric at once, a name off the loop. */
    static Future<List<InetSocketAddress>> resolveAll(EventLoop loop, String host, int port) {
        if (host == null || LITERAL.matcher(host).matches()) {
            Future<List<InetSocketAddress>> done = loop.createFuture();
            done.setResult(List.of(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port)));
            return done;
        }
        return loop.runInExecutor(null, () -> Arrays.stream(InetAddress.getAllByName(host))
                .map(address -> new InetSocketAddress(address, port)).toList());
    }

    /** The socket address of {@code host}: numeric at once, a name through the default executor. */
    private static Future<InetSocketAddress> resolve(EventLoop loop, String host, int port) {
        if (host == null || LITERAL.matcher(host).matches()) {
            Future<InetSocketAddress> done = loop.createFuture();
            done.setResult(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
            return done;
        }
        return loop.runInExecutor(null, () -> new InetSocketAddress(InetAddress.getByName(host), port));
    }
}
