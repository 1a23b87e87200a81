package jasyncio.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.net.StandardSocketOptions;

/**
 * The floor of workload 9: a hand-written single-thread selector loop, the least a Java echo server can do. Reads
 * into one shared direct buffer and writes it straight back; only when the socket takes less than all of it does
 * the rest go to a per-connection buffer, and the connection then waits for OP_WRITE instead of reading more.
 *
 * <p>Run: {@code java -cp bench/echo/target/benchmarks.jar jasyncio.bench.echo.NioEchoServer host port}.
 */
public final class NioEchoServer {
    private static final int CHUNK = 64 * 1024;

    public static void main(String[] args) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    if (key.isAcceptable()) {
                        accept(server, selector);
                    } else if (key.isReadable()) {
                        echo(key, buffer);
                    } else if (key.isWritable()) {
                        flush(key);
                    }
                } catch (IOException e) {
                    key.channel().close();
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        for (SocketChannel client; (client = server.accept()) != null; ) {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.register(selector, SelectionKey.OP_READ);
        }
    }

    private static void echo(SelectionKey key, ByteBuffer buffer) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        if (channel.read(buffer.clear()) < 0) {
            channel.close();
            return;
        }
        channel.write(buffer.flip());
        if (buffer.hasRemaining()) {
            // The socket is full: keep the rest and stop reading until it has gone out.
            ByteBuffer pending = key.attachment() == null ? ByteBuffer.allocateDirect(CHUNK) : (ByteBuffer) key.attachment();
            key.attach(pending.clear().put(buffer).flip());
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private static void flush(SelectionKey key) throws IOException {
        ByteBuffer pending = (ByteBuffer) key.attachment();
        ((SocketChannel) key.channel()).write(pending);
        if (!pending.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }
}
