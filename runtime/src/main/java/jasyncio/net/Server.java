package jasyncio.net;

import jasyncio.Async;
import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Handle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 * A listening TCP server made by {@link Net#startServer}: each accepted connection runs the handler as a
 * task of its own. A handler that fails has its connection closed and its exception reported to the loop's
 * exception handler; the server keeps serving. A TLS server runs the handler once the connection's
 * handshake is done; a failed handshake is reported the same way.
 */
public final class Server {
    /** Connections accepted per readiness event, so that a flood of clients cannot starve the loop. */
    private static final int ACCEPTS_PER_WAKEUP = 128;
    /** Seconds a TLS client has to complete its handshake (asyncio's default), so silent ones do not pile up. */
    private static final double HANDSHAKE_TIMEOUT = 60;

    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private final ConnectionHandler handler;
    private final int limit;
    private final SSLContext tls;
    private final InetSocketAddress address;
    private final Set<SocketStream> connections = new LinkedHashSet<>();
    private final Future<Void> closed;
    private boolean serving;

    Server(EventLoop loop, ServerSocketChannel channel, ConnectionHandler handler,
           int limit, SSLContext tls) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.limit = limit;
        this.tls = tls;
        this.address = (InetSocketAddress) channel.getLocalAddress();
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
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
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
        connections.add(stream);
        stream.closed().addDoneCallback(f -> connections.remove(stream));
        if (tls == null) {
            runHandler(reader, stream);
            return;
        }
        TlsStream secured = new TlsStream(stream, TlsStream.serverEngine(tls));
        Handle timeout = loop.callLater(HANDSHAKE_TIMEOUT, () -> secured.fail(
                new SSLHandshakeException("no TLS handshake within " + HANDSHAKE_TIMEOUT + " s")));
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

    /** The address the server listens on (with the port chosen when 0 was asked). */
    public InetSocketAddress getAddress() {
        return address;
    }

    public boolean isServing() {
        return serving;
    }

    /** Stops listening; connections already accepted carry on. */
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
        closed.setResult(null);
    }

    /** Waits until the server is closed and all its connections are closed too. */
    @Async
    public Coroutine<Void> waitClosed() {
        // Shielded: giving up a wait must not cancel the futures that close() and the connections complete.
        await(Asyncio.shield(closed));
        for (SocketStream stream : new ArrayList<>(connections)) {
            await(Asyncio.shield(stream.closed()));
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
