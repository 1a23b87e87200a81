package jasyncio.net;

import jasyncio.Coroutine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * asyncio's networking functions, {@code import static jasyncio.net.Net.*;}: TCP connections and servers (plain or
 * TLS) and Unix-domain ones as {@link StreamReader}/{@link StreamWriter} pairs, and UDP endpoints. Each needs a
 * running event loop.
 */
public final class Net {
    /** A null path's refusals: they say what the path is for (asyncio's "no path and sock were specified"). */
    private static final String NO_CONNECT_PATH =
            "path is null: give the socket file of the Unix-domain server to connect to";
    private static final String NO_SERVER_PATH =
            "path is null: give the socket file the Unix-domain server is to listen on";

    private Net() {
    }

    /**
     * Opens a TCP connection, like asyncio's {@code open_connection}: the name is resolved off the loop, the
     * connect waits on the loop, and a refused or unreachable connection throws the JDK's exception here.
     */
    public static Coroutine<Connection> openConnection(String host, int port) throws IOException {
        return Streams.openConnection(host, port, StreamReader.DEFAULT_LIMIT, null);
    }

    /**
     * Opens a TLS connection (asyncio's {@code open_connection(..., ssl=context)}): the handshake completes
     * before this returns, with the server's certificate checked against {@code tls}'s trust material and
     * against {@code host} (HTTPS rules: DNS name or IP address in the certificate), and {@code host} sent as
     * SNI. A failed handshake throws the JDK's {@link javax.net.ssl.SSLHandshakeException} (or
     * {@link javax.net.ssl.SSLException}) here. The writer's {@code close()} sends close_notify; the peer's
     * close_notify is the end of the stream.
     */
    public static Coroutine<Connection> openConnection(String host, int port, SSLContext tls)
            throws IOException {
        return Streams.openConnection(host, port, StreamReader.DEFAULT_LIMIT, Objects.requireNonNull(tls));
    }

    /** {@link #openConnection(String, int)} with a reader buffer limit other than 64 KiB. */
    public static Coroutine<Connection> openConnection(String host, int port, int limit) throws IOException {
        return Streams.openConnection(host, port, limit, null);
    }

    /**
     * Happy Eyeballs (RFC 8305), asyncio's {@code open_connection(..., happy_eyeballs_delay=...)}: every address of
     * {@code host} is tried, the families interleaved, each attempt starting as soon as the one before has failed or
     * {@code happyEyeballsDelay} after it started (0.25 s is RFC 8305's choice); the first to connect wins and the
     * others are cancelled and closed. When every attempt fails, a {@link jasyncio.TaskGroupException} carries each
     * failure (a single address throws the JDK's exception).
     */
    public static Coroutine<Connection> openConnection(String host, int port, Duration happyEyeballsDelay)
            throws IOException {
        return HappyEyeballs.openConnection(host, port, seconds(happyEyeballsDelay), StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #openConnection(String, int, Duration)} to addresses already resolved, tried in the order given. */
    public static Coroutine<Connection> openConnection(List<InetSocketAddress> addresses, Duration happyEyeballsDelay)
            throws IOException {
        return HappyEyeballs.openConnection(List.copyOf(addresses), seconds(happyEyeballsDelay),
                StreamReader.DEFAULT_LIMIT);
    }

    private static double seconds(Duration delay) {
        return delay.getSeconds() + delay.getNano() / 1e9;
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one: see {@link Server#getAddress()}); every accepted
     * connection runs {@code handler(reader, writer)} as a task, like asyncio's {@code start_server}.
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler,
                                                String host, int port) throws IOException {
        return Streams.startServer(handler, host, port, StreamReader.DEFAULT_LIMIT, null, 0);
    }

    /**
     * A TLS server (asyncio's {@code start_server(..., ssl=context)}): each connection's handshake runs on the
     * loop with {@code tls}'s key material, and the handler starts once it is done. A failed handshake (a
     * client that does not trust the certificate, no common protocol) closes that connection and is reported
     * to the loop's exception handler with the JDK's {@link javax.net.ssl.SSLException}, and so is a client that
     * has not completed its handshake within 60 seconds.
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler, String host, int port,
                                                SSLContext tls) throws IOException {
        return Streams.startServer(handler, host, port, StreamReader.DEFAULT_LIMIT, Objects.requireNonNull(tls),
                Server.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * {@link #startServer(ConnectionHandler, String, int, SSLContext)} giving each client {@code handshakeTimeout}
     * instead of 60 seconds to complete its handshake (asyncio's {@code ssl_handshake_timeout}).
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler, String host, int port, SSLContext tls,
                                                Duration handshakeTimeout) throws IOException {
        if (Objects.requireNonNull(handshakeTimeout, "handshakeTimeout").isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, not " + handshakeTimeout);
        }
        return Streams.startServer(handler, host, port, StreamReader.DEFAULT_LIMIT, Objects.requireNonNull(tls),
                seconds(handshakeTimeout));
    }

    /**
     * Opens a Unix-domain stream connection to the server listening on the socket file {@code path}, like asyncio's
     * {@code open_unix_connection}: the same {@link StreamReader}/{@link StreamWriter} pair as TCP. No server there
     * throws a {@link java.net.ConnectException} naming the path; a path longer than the system takes (107 bytes
     * on Linux) a {@link java.net.SocketException} saying so.
     */
    public static Coroutine<Connection> openUnixConnection(Path path) throws IOException {
        return UnixStreams.openConnection(Objects.requireNonNull(path, NO_CONNECT_PATH),
                StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #openUnixConnection(Path)} to the socket file named {@code path}. */
    public static Coroutine<Connection> openUnixConnection(String path) throws IOException {
        return openUnixConnection(Path.of(Objects.requireNonNull(path, NO_CONNECT_PATH)));
    }

    /**
     * Listens on the Unix-domain socket file {@code path}, like asyncio's {@code start_unix_server}: every accepted
     * connection runs {@code handler(reader, writer)} as a task. A stale socket file (left by a server that died
     * without closing) is replaced; a path where a live server listens, or a file that is not a socket, throws a
     * {@link java.net.BindException} saying which, and is left alone. {@link Server#close()} removes the file.
     */
    public static Coroutine<Server> startUnixServer(ConnectionHandler handler, Path path) throws IOException {
        return UnixStreams.startServer(handler, Objects.requireNonNull(path, NO_SERVER_PATH),
                StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #startUnixServer(ConnectionHandler, Path)} on the socket file named {@code path}. */
    public static Coroutine<Server> startUnixServer(ConnectionHandler handler, String path) throws IOException {
        return startUnixServer(handler, Path.of(Objects.requireNonNull(path, NO_SERVER_PATH)));
    }

    /** A UDP endpoint bound to {@code localHost:localPort} (port 0: any free port). */
    public static Coroutine<DatagramEndpoint> openDatagramEndpoint(String localHost, int localPort) throws IOException {
        return Streams.openDatagramEndpoint(localHost, localPort, null, 0);
    }

    /** A UDP endpoint bound locally and connected to {@code remoteHost:remotePort} ({@code send(data)} goes there). */
    public static Coroutine<DatagramEndpoint> openDatagramEndpoint(String localHost, int localPort, String remoteHost,
                                                                   int remotePort) throws IOException {
        return Streams.openDatagramEndpoint(localHost, localPort, remoteHost, remotePort);
    }
}
