package jasyncio.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.internal.CoreAccess;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import static jasyncio.Asyncio.await;

/**
 * Behind {@link Net#openUnixConnection} and {@link Net#startUnixServer}: Unix-domain sockets set up on the loop,
 * then served by the same {@link SocketStream} and {@link Server} as TCP.
 */
final class UnixStreams {
    private UnixStreams() {
    }

    @Async
    static Coroutine<Connection> openConnection(Path path, int limit) throws IOException {
        EventLoop loop = CoreAccess.hooks().runningLoop("openUnixConnection");
        SocketChannel connected;
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            connected = await(Streams.connect(loop, channel, UnixDomainSocketAddress.of(path)));
        } catch (SocketException e) {
            throw UnixSocketFile.explained(e, path);
        }
        return Streams.connection(loop, connected, null, 0, limit, null);
    }

    @Async
    static Coroutine<Server> startServer(ConnectionHandler handler, Path path, int limit) throws IOException {
        EventLoop loop = CoreAccess.hooks().runningLoop("startUnixServer");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        UnixSocketFile file = null;
        try {
            channel.configureBlocking(false);
            file = UnixSocketFile.bind(channel, path, 1024);
            return Coroutine.completed(new Server(loop, channel, handler, limit, file));
        } catch (Throwable e) {
            channel.close();
            if (file != null) {
                file.remove();
            }
            throw e;
        }
    }
}
