package jasyncio.net;

import jasyncio.Async;
import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Handle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import static jasyncio.Asyncio.await;

/**
 * A listening server made by {@link Net#startServer} (TCP) or {@link Net#startUnixServer} (Unix-domain): each
 * accepted connection runs the handler as a task of its own. A handler that fails has its connection closed and
 * its exception reported to the loop's exception handler; the server keeps serving. A TLS server runs the handler
 * once the connection's handshake is done; a failed handshake is reported the same way.
 */
public final class Server {
    /** Connections accepted per readiness event, so that a flood of clients cannot starve the loop. */
    private static final int ACCEPTS_PER_WAKEUP = 128;
    /** Seconds a TLS client has to complete its handshake (asyncio's default), so silent ones do not pile up. */
    static final double DEFAULT_HANDSHAKE_TIMEOUT = 60;

    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private final ConnectionHandler handler;
    private final int limit;
    private final SSLContext tls;
    private final double handshakeTimeout;
    private final SocketAddress address;
    /** The socket file of a Unix-domain server (removed on close); null for TCP. */
    private final UnixSocketFile socketFile;
    /** The accepted connections not closed yet, each as its writer sees it (TLS over the socket, or the socket). */
    private final Set<Transport> connections = new LinkedHashSet<>();
    private final Future<Void> closed;
    private boolean serving;

    /** A TCP server; {@code tls} null for plain connections, else each has {@code handshakeTimeout} seconds. */
    Server(EventLoop loop, ServerSocketChannel channel, ConnectionHandler handler,
           int limit, SSLContext tls, double handshakeTimeout) throws IOException {
        this(loop, channel, handler, limit, tls, handshakeTimeout, null);
    }

    /** A Unix-domain server listening on {@code socketFile}. */
    Server(EventLoop loop, ServerSocketChannel channel, ConnectionHandler handler,
           int limit, UnixSocketFile socketFile) throws IOException {
        this(loop, channel, handler, limit, null, 0, socketFile);
    }

    private Server(EventLoop loop, ServerSocketChannel channel, ConnectionHandler handler,
                   int limit, SSLContext tls, double handshakeTimeout, UnixSocketFile socketFile) throws IOException {
        this.loop = loop;
        this.socketFile = socketFile;
        this.channel = channel;
        this.handler = handler;
        this.limit = limit;
        this.tls = tls;
        this.handshakeTimeout = handshakeTimeout;
        this.address = channel.getLocalAddress();
        this.closed = loop.createFuture();
        loop.addReader(channel, this::accept);
        serving = true;
    }

    private void accept() {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP && serving; i++) {
            SocketChannel client;
            try {
                client = channel.accept();
                if (client == null) {
                    return;
                }
                client.configureBlocking(false);
                if (socketFile == null) {
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                report("accepting a connection failed", e);
                return;
            }
            serve(client);
        }
    }

    private void serve(SocketChannel client) {
        StreamReader reader = new StreamReader(limit);
        SocketStream stream = new SocketStream(loop, client, reader);
        Transport transport = tls == null ? stream : new TlsStream(stream, TlsStream.serverEngine(tls));
        connections.add(transport);
        transport.closed().addDoneCallback(f -> connections.remove(transport));
        if (tls == null) {
            runHandler(reader, stream);
            return;
        }
        TlsStream secured = (TlsStream) transport;
        Handle timeout = loop.callLater(handshakeTimeout, () -> secured.fail(
                new SSLHandshakeException("no TLS handshake within " + handshakeTimeout + " s")));
        secured.handshake().addDoneCallback(handshake -> {
            timeout.cancel();
            if (handshake.exception() != null) {
                report("the TLS handshake failed", handshake.exception());
            } else {
                runHandler(reader, secured);
            }
        });
    }

    private void runHandler(StreamReader reader, Transport transport) {
        Coroutine<?> session;
        try {
            session = handler.handle(reader, new StreamWriter(transport));
        } catch (Exception e) {
            report("the client handler failed", e);
            transport.close();
            return;
        }
        loop.createTask(session).addDoneCallback(task -> {
            if (!task.cancelled() && task.exception() != null) {
                report("the client handler failed", task.exception());
                transport.close();
            }
        });
    }

    private void report(String message, Throwable error) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", message + " on " + this);
        context.put("exception", error);
        loop.callExceptionHandler(context);
    }

    /**
     * The address a TCP server listens on (with the port chosen when 0 was asked); a Unix-domain server has none
     * and throws {@link IllegalStateException}: see {@link #getSocketAddress()} and {@link #getPath()}.
     */
    public InetSocketAddress getAddress() {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalStateException(this + " is a Unix-domain server, with no IP address and port:"
                    + " use getPath() or getSocketAddress()");
        }
        return inet;
    }

    /**
     * The address the server listens on, whatever its kind (asyncio's {@code server.sockets[0].getsockname()}):
     * an {@link InetSocketAddress} for TCP, a {@link java.net.UnixDomainSocketAddress} for a Unix-domain server.
     */
    public SocketAddress getSocketAddress() {
        return address;
    }

    /** The socket file of a Unix-domain server; a TCP server has none and throws {@link IllegalStateException}. */
    public Path getPath() {
        if (socketFile == null) {
            throw new IllegalStateException(this + " is a TCP server, with no socket file: use getAddress()");
        }
        return socketFile.path();
    }

    public boolean isServing() {
        return serving;
    }

    /**
     * Stops listening (a Unix-domain server removes its socket file); connections already accepted carry on:
     * {@link #closeClients()} or {@link #abortClients()} end them.
     */
    public void close() {
        if (!serving) {
            return;
        }
        serving = false;
        loop.removeReader(channel);
        try {
            channel.close();
        } catch (IOException e) {
            report("closing the listening socket failed", e);
        }
        if (socketFile != null) {
            try {
                socketFile.remove();
            } catch (IOException e) {
                report("removing the socket file failed", e);
            }
        }
        closed.setResult(null);
    }

    /**
     * Closes every connection accepted and not closed yet, gracefully (asyncio 3.13's {@code close_clients}):
     * each sends what it has queued (and a TLS one its close_notify), then closes. The handlers see the end of
     * their streams. With {@link #close()} and a deadline, the shutdown of a server:
     * {@code server.close(); server.closeClients(); await(waitFor(server.waitClosed(), 5))}, then
     * {@link #abortClients()} if the wait timed out.
     */
    public void closeClients() {
        for (Transport connection : new ArrayList<>(connections)) {
            connection.close();
        }
    }

    /**
     * Drops every connection accepted and not closed yet at once (asyncio 3.13's {@code abort_clients}): what
     * they have queued is discarded, the peers see a reset or the end of the stream, and a handler's
     * {@code drain()} throws a {@link java.net.SocketException} saying the connection was aborted.
     */
    public void abortClients() {
        for (Transport connection : new ArrayList<>(connections)) {
            connection.abort();
        }
    }

    /** Waits until the server is closed and all its connections are closed too. */
    @Async
    public Coroutine<Void> waitClosed() {
        // Shielded: giving up a wait must not cancel the futures that close() and the connections complete.
        await(Asyncio.shield(closed));
        for (Transport connection : new ArrayList<>(connections)) {
            await(Asyncio.shield(connection.closed()));
        }
        return Coroutine.completed();
    }

    /** Serves until cancelled (then closes the server), like asyncio's {@code serve_forever}. */
    @Async
    public Coroutine<Void> serveForever() {
        try {
            await(Asyncio.shield(closed));
        } catch (CancellationException e) {
            close();
            throw e;
        }
        return Coroutine.completed();
    }

    @Override
    public String toString() {
        return "<Server " + address + (serving ? " serving" : " closed") + " connections=" + connections.size() + ">";
    }
}
