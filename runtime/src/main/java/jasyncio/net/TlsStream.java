package jasyncio.net;

import jasyncio.EventLoop;
import jasyncio.Future;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS over a {@link SocketStream} (asyncio's SSL protocol over a socket transport), driven by an
 * {@link SSLEngine} on the loop without blocking it.
 *
 * <p>The socket hands every byte it reads to {@link #feedData}; they collect in {@code netIn} and
 * {@link #process()} unwraps them, feeding the decrypted bytes to the {@link StreamReader}. Application
 * writes are wrapped at once into TLS records handed to the socket, whose queue (and so its water marks
 * and {@code drain()}) holds the encrypted bytes; writes made before the handshake completes wait in a
 * queue of their own. The handshake is the same loop: {@code process()} wraps, unwraps or runs the
 * engine's delegated tasks (certificate checks, key agreement) on the loop's default executor, and goes
 * on whenever the socket brings more bytes or the tasks finish.
 *
 * <p>{@link #close()} and {@link #writeEof()} send close_notify once the queued data is written, then
 * close the socket or shut down its sending side; a close_notify from the peer is the end of the
 * stream. After the initial handshake, a TLS 1.2 renegotiation (either side asking) fails the
 * connection with an {@link SSLException}: a renegotiation changes who the peer is under a stream that
 * has already been read and trusted. TLS 1.3's post-handshake messages (session tickets, key updates)
 * are no renegotiation and go through.
 */
final class TlsStream implements Transport, ReadTransport, SocketStream.Inbound {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Records wrapped or unwrapped per buffer: fewer, larger socket writes and reader feeds. */
    private static final int RECORDS_PER_BUFFER = 4;

    private final EventLoop loop;
    private final SocketStream socket;
    private final SSLEngine engine;
    private final StreamReader reader;
    private final Future<Void> handshake;
    /** Encrypted bytes received and not unwrapped yet (kept in write mode). */
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    /** Application data written before the handshake completed. */
    private final ArrayDeque<ByteBuffer> early = new ArrayDeque<>();
    private long earlyBytes;
    private Future<Void> earlyDrained;
    private int highWater = 64 * 1024;
    private boolean handshaken;
    private boolean tasksRunning;
    private boolean processing;
    private boolean processAgain;
    private boolean readingPaused;
    private boolean socketEof;
    private boolean eofDelivered;
    private boolean eofPending;
    private boolean closing;
    private boolean closeNotifySent;
    private boolean socketWriteEnded;
    private boolean finished;
    private IOException lost;

    /**
     * Puts TLS over {@code socket} and starts the handshake. Bytes its reader holds unread are the peer's
     * first records (after a STARTTLS exchange, whatever the application has not read is no plaintext).
     */
    TlsStream(SocketStream socket, SSLEngine engine) {
        this.loop = socket.loop;
        this.socket = socket;
        this.engine = engine;
        this.reader = socket.reader;
        this.handshake = loop.createFuture();
        byte[] received = reader.takeBuffered();
        socketEof = reader.atEof();
        SSLSession session = engine.getSession();
        netIn = ByteBuffer.allocate(Math.max(session.getPacketBufferSize(), received.length));
        netIn.put(received);
        appIn = ByteBuffer.allocate(RECORDS_PER_BUFFER * session.getApplicationBufferSize());
        netOut = ByteBuffer.allocate(RECORDS_PER_BUFFER * session.getPacketBufferSize());
        socket.setInbound(this);
        reader.attach(this);
        socket.resumeReading();
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        process();
    }

    /**
     * An engine for the client side of a connection to {@code host}: the peer's certificate must name it
     * (HTTPS rules: DNS name or IP address), and a host name goes out as SNI.
     */
    static SSLEngine clientEngine(SSLContext tls, String host, int port) {
        SSLEngine engine = tls.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!IP_LITERAL.matcher(host).matches()) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    static SSLEngine serverEngine(SSLContext tls) {
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    /** Done when the initial handshake has completed; failed with the JDK's exception when it failed. */
    Future<Void> handshake() {
        return handshake;
    }

    // ---- from the socket ----

    @Override
    public void feedData(ByteBuffer data) {
        if (finished) {
            return;
        }
        if (netIn.remaining() < data.remaining()) {
            netIn.flip();
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity(), netIn.remaining() + data.remaining()));
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(data);
        process();
    }

    @Override
    public void feedEof() {
        socketEof = true;
        process();
    }

    @Override
    public void setException(Throwable error) {
        fail(error instanceof IOException ? (IOException) error : new IOException(error));
    }

    @Override
    public boolean atEof() {
        return eofDelivered || finished;
    }

    // ---- the engine ----

    /**
     * Does everything the engine and the buffered bytes allow now: handshake steps, unwrapping into the
     * reader, sending what waits. Reentrant calls (a socket failing under a write, say) run once more after
     * the current one instead of nesting.
     */
    private void process() {
        if (processing) {
            processAgain = true;
            return;
        }
        processing = true;
        try {
            do {
                processAgain = false;
                step();
                deliver();
            } while (processAgain && !finished);
        } catch (SSLException e) {
            sendAlertAndFail(e);
        } finally {
            processing = false;
        }
    }

    private void step() throws SSLException {
        while (!finished && !tasksRunning) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (handshaken && status != HandshakeStatus.NOT_HANDSHAKING && renegotiating()) {
                throw new SSLException("TLS renegotiation refused: the peer asked for a new handshake after the"
                        + " initial one (" + engine.getSession().getProtocol() + ")");
            }
            switch (status) {
                case NEED_TASK:
                    runDelegatedTasks();
                    return;
                case NEED_WRAP:
                    wrap(EMPTY);
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    if (!unwrapOnce()) {
                        if (socketEof) {
                            if (!handshaken) {
                                throw new SSLHandshakeException("Remote host terminated the handshake");
                            }
                            endOfInput();
                        }
                        return;
                    }
                    break;
                default:
                    if (!handshaken) {
                        return;
                    }
                    sendEarlyData();
                    if (engine.isInboundDone()) {
                        endOfInput();
                        return;
                    }
                    if (readingPaused) {
                        return;
                    }
                    if (!unwrapOnce()) {
                        if (engine.isInboundDone() && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                            // TLS 1.2's close_notify closes both directions: the engine has its own to send
                            continue;
                        }
                        if (socketEof || engine.isInboundDone()) {
                            endOfInput();
                        }
                        return;
                    }
            }
        }
    }

    /** A new handshake after the first one that is not TLS 1.3's post-handshake traffic or a closing. */
    private boolean renegotiating() {
        return !"TLSv1.3".equals(engine.getSession().getProtocol())
                && !engine.isInboundDone() && !engine.isOutboundDone();
    }

    private void runDelegatedTasks() {
        tasksRunning = true;
        loop.runInExecutor(null, () -> {
            for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                task.run();
            }
            return null;
        }).addDoneCallback(f -> {
            tasksRunning = false;
            process();
        });
    }

    /**
     * Unwraps one record into {@code appIn} (handed to the reader when another might not fit); false when
     * none can be: more bytes are needed, or the peer's close_notify came.
     */
    private boolean unwrapOnce() throws SSLException {
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        handshakeStep(result);
        int appBufferSize = engine.getSession().getApplicationBufferSize();
        switch (result.getStatus()) {
            case BUFFER_OVERFLOW:
                deliver();
                if (appIn.capacity() < appBufferSize) {
                    appIn = ByteBuffer.allocate(appBufferSize);
                }
                return true;
            case BUFFER_UNDERFLOW:
                int packetSize = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() < packetSize) {
                    netIn.flip();
                    netIn = ByteBuffer.allocate(packetSize).put(netIn);
                }
                return false;
            case CLOSED:
                return false;
            default:
                if (appIn.remaining() < appBufferSize) {
                    deliver();
                }
                return true;
        }
    }

    /** Hands the decrypted bytes to the reader (which may pause reading, see {@link #pauseReading()}). */
    private void deliver() {
        appIn.flip();
        if (appIn.hasRemaining() && !eofDelivered && !finished) {
            reader.feedData(appIn);
        }
        appIn.clear();
    }

    /** Wraps {@code data} into records handed to the socket, several records per socket write. */
    private void wrap(ByteBuffer data) throws SSLException {
        do {
            SSLEngineResult result = engine.wrap(data, netOut);
            handshakeStep(result);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (netOut.position() == 0) {
                    netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                }
                flush();
            } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                break;
            } else if (netOut.remaining() < engine.getSession().getPacketBufferSize()) {
                flush();
            }
        } while (data.hasRemaining());
        flush();
    }

    private void flush() {
        netOut.flip();
        if (netOut.hasRemaining() && !socket.isClosing() && !socketWriteEnded) {
            socket.write(netOut);
        }
        netOut.clear();
    }

    private void handshakeStep(SSLEngineResult result) {
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED && !handshaken) {
            handshaken = true;
            if (!handshake.done()) {
                handshake.setResult(null);
            }
        }
    }

    /**
     * No more records. After close_notify the engine says so itself; a socket that just ends is taken as the
     * end of the stream too (asyncio's leniency: many peers close without close_notify). Once both
     * directions are closed, so is the socket.
     */
    private void endOfInput() {
        deliver();
        if (!engine.isInboundDone()) {
            try {
                engine.closeInbound();
            } catch (SSLException truncated) {
                // no close_notify: still the end of what the peer sent
            }
        }
        if (!eofDelivered) {
            eofDelivered = true;
            reader.feedEof();
        }
        if (engine.isOutboundDone() && !socket.isClosing()) {
            socket.close();
        }
    }

    /** Sends what was written during the handshake, then the close_notify asked for meanwhile. */
    private void sendEarlyData() throws SSLException {
        while (!early.isEmpty() && !finished) {
            ByteBuffer data = early.poll();
            earlyBytes -= data.remaining();
            wrap(data);
        }
        if (earlyDrained != null) {
            earlyDrained.setResult(null);
            earlyDrained = null;
        }
        if ((closing || eofPending) && !closeNotifySent) {
            sendCloseNotify();
        }
    }

    /** Sends close_notify, then closes the socket, or only ends its sending side after {@link #writeEof()}. */
    private void sendCloseNotify() {
        closeNotifySent = true;
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone() && !finished) {
                wrap(EMPTY);
            }
        } catch (SSLException e) {
            // the engine is already gone: closing is all that is left
        }
        if (closing || engine.isInboundDone()) {
            socket.close();
        } else if (!socket.isClosing() && !socketWriteEnded) {
            socketWriteEnded = true;
            socket.writeEof();
        }
    }

    /** The engine failed: the alert it has for the peer goes out, then the connection fails. */
    private void sendAlertAndFail(SSLException error) {
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                if (engine.wrap(EMPTY, netOut).bytesProduced() == 0) {
                    break;
                }
            }
            flush();
        } catch (SSLException alsoFailed) {
            error.addSuppressed(alsoFailed);
        }
        fail(error);
    }

    /** Ends the connection with {@code error} (thrown by the handshake's await and the next read). */
    void fail(IOException error) {
        if (finished) {
            return;
        }
        finished = true;
        lost = error;
        early.clear();
        earlyBytes = 0;
        if (!handshake.done()) {
            handshake.setException(error);
        }
        reader.setException(error);
        if (earlyDrained != null) {
            earlyDrained.setResult(null);
            earlyDrained = null;
        }
        socket.close();
    }

    // ---- Transport ----

    @Override
    public void pauseReading() {
        if (!readingPaused) {
            readingPaused = true;
            socket.pauseReading();
        }
    }

    @Override
    public void resumeReading() {
        if (readingPaused) {
            readingPaused = false;
            socket.resumeReading();
            loop.callSoon(this::process);
        }
    }

    @Override
    public void write(ByteBuffer data) {
        if (closing || eofPending) {
            throw new IllegalStateException("write after " + (closing ? "close()" : "writeEof()") + " on " + this);
        }
        if (finished || !data.hasRemaining()) {
            return;
        }
        if (!handshaken || !early.isEmpty()) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            early.add(copy);
            earlyBytes += copy.remaining();
            if (earlyBytes > highWater && earlyDrained == null) {
                earlyDrained = loop.createFuture();
            }
            return;
        }
        try {
            wrap(data);
        } catch (SSLException e) {
            sendAlertAndFail(e);
            return;
        }
        if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            process();
        }
    }

    @Override
    public void writeEof() {
        if (closing || eofPending) {
            return;
        }
        eofPending = true;
        if (handshaken && early.isEmpty() && !finished) {
            sendCloseNotify();
        }
    }

    /** True: close_notify ends the sending side; over TLS 1.3 the peer may still answer (1.2 closes both). */
    @Override
    public boolean canWriteEof() {
        return true;
    }

    /** Sends close_notify once the queued data is written, then closes; during the handshake, closes at once. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!handshaken || finished) {
            fail(new SSLException("connection closed during the TLS handshake"));
        } else if (early.isEmpty()) {
            if (closeNotifySent) {
                socket.close();
            } else {
                sendCloseNotify();
            }
        }
    }

    /** Closes the socket now: no close_notify, the records not sent yet are dropped; a handshake under way fails. */
    @Override
    public void abort() {
        closing = true;
        if (!finished) {
            finished = true;
            early.clear();
            earlyBytes = 0;
            if (!handshake.done()) {
                handshake.setException(new SSLException("connection aborted during the TLS handshake"));
            }
            if (earlyDrained != null) {
                earlyDrained.setResult(null);
                earlyDrained = null;
            }
        }
        socket.abort();
    }

    @Override
    public boolean isClosing() {
        return closing || socket.isClosing();
    }

    @Override
    public Future<Void> closed() {
        return socket.closed();
    }

    @Override
    public Future<Void> drainWaiter() {
        return earlyDrained != null ? earlyDrained : socket.drainWaiter();
    }

    @Override
    public IOException lostException() {
        return lost != null ? lost : socket.lostException();
    }

    @Override
    public long bufferedBytes() {
        return earlyBytes + socket.bufferedBytes();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        socket.setWriteBufferLimits(high, low);
        highWater = high;
    }

    @Override
    public SocketAddress peerAddress() throws IOException {
        return socket.peerAddress();
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    @Override
    public SSLSession sslSession() {
        return handshaken ? engine.getSession() : null;
    }

    @Override
    public String toString() {
        return "<TlsStream " + (handshaken ? engine.getSession().getProtocol() : "handshaking") + " over "
                + socket + ">";
    }
}
