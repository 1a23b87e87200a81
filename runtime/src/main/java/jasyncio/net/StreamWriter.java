package jasyncio.net;

import jasyncio.Async;
import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.Future;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import static jasyncio.Asyncio.await;

/**
 * The writing half of a stream connection, like asyncio's {@code StreamWriter}. {@link #write} never blocks:
 * what the socket does not take at once is queued, and {@code await(writer.drain())} waits while the queue is
 * above its high-water mark (64 KiB; resumes below 16 KiB). A writer that never drains still cannot grow memory
 * without bound if it awaits {@code drain()} after its writes: the waiting is what holds the producer back,
 * never the loop.
 *
 * <p>A write after {@link #close()} or {@link #writeEof()} sends nothing, and the next {@code drain()} throws a
 * {@link ClosedChannelException} saying so, as a write to a closed channel does in the JDK (and as asyncio's write
 * and drain raise a connection error there). A write after the connection was lost is dropped the same way, and
 * {@code drain()} throws what ended the connection.
 */
public final class StreamWriter {
    /** The socket, or after {@link #startTls} the TLS layer over it. */
    private Transport transport;
    private boolean eofWritten;
    /** A write came after {@link #close()} or {@link #writeEof()}: what {@code drain()} throws from then on. */
    private ClosedChannelException writeAfterClose;

    StreamWriter(Transport transport) {
        this.transport = transport;
    }

    /** Queues {@code data} for sending (the array may be reused as soon as this returns). */
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Queues the remaining bytes of {@code data} (heap or direct; consumed). */
    public void write(ByteBuffer data) {
        if (eofWritten || transport.isClosing()) {
            data.position(data.limit());
            if (writeAfterClose == null) {
                writeAfterClose = new WriteAfterClose("write after " + (eofWritten ? "writeEof()" : "close()")
                        + " on " + transport + ": nothing was sent");
            }
            return;
        }
        transport.write(data);
    }

    /** Queues {@code text} as UTF-8. */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    public void writeLines(Iterable<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            write(chunk);
        }
    }

    /**
     * Waits until the queue is below the low-water mark (returns at once when under the high one); throws
     * the connection's failure (a reset, say) if it was lost.
     */
    @Async
    public Coroutine<Void> drain() throws IOException {
        throwIfFailed();
        Future<Void> waiter = transport.drainWaiter();
        if (waiter != null) {
            // Shielded: a drain that is cancelled (or timed out) must not cancel the transport's own future.
            await(Asyncio.shield(waiter));
            throwIfFailed();
        }
        return Coroutine.completed();
    }

    private void throwIfFailed() throws IOException {
        IOException lost = transport.lostException();
        if (lost != null) {
            throw lost;
        }
        if (writeAfterClose != null) {
            throw writeAfterClose;
        }
    }

    /** Sends a FIN once the queue is written (half-close): the peer reads the end of the stream. */
    public void writeEof() {
        eofWritten = true;
        transport.writeEof();
    }

    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the connection once the queued bytes are written. */
    public void close() {
        transport.close();
    }

    /**
     * Closes the connection now, like asyncio's {@code transport.abort()}: the bytes still queued are discarded
     * (and over TCP, those the kernel still holds: the peer sees a reset), no close_notify is sent over TLS, and a
     * {@code drain()} waiting or called later throws a {@link java.net.SocketException} saying so. For a shutdown
     * with a deadline: {@code close()} first, {@code abort()} if the connection is not closed in time.
     */
    public void abort() {
        transport.abort();
    }

    public boolean isClosing() {
        return transport.isClosing();
    }

    /** Waits until the connection is closed. */
    @Async
    public Coroutine<Void> waitClosed() {
        await(Asyncio.shield(transport.closed()));
        return Coroutine.completed();
    }

    /** Bytes queued and not yet taken by the socket. */
    public long bufferedBytes() {
        return transport.bufferedBytes();
    }

    /** Sets the queue sizes at which {@code drain()} starts waiting ({@code high}) and stops ({@code low}). */
    public void setWriteBufferLimits(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, not low=" + low + " high=" + high);
        }
        transport.setWriteBufferLimits(high, low);
    }

    /**
     * Upgrades this open plain connection to TLS in place, like asyncio's {@code start_tls}: the reader and
     * this writer carry on over TLS once the handshake is done. As the client ({@code client} true),
     * {@code peerHost} is the name (or address) the server's certificate must carry, and is sent as SNI; as
     * the server, {@code peerHost} is ignored. Call it once the plaintext exchange is over (after STARTTLS
     * and its answer): plaintext written before stays ahead of the handshake, and bytes received and not
     * read yet are taken as the peer's first TLS records. A failed handshake throws the JDK's
     * {@link javax.net.ssl.SSLException} here and closes the connection.
     */
    @Async
    public Coroutine<Void> startTls(SSLContext tls, boolean client, String peerHost) throws IOException {
        if (!(transport instanceof SocketStream)) {
            throw new IllegalStateException("startTls on a connection that is already TLS: " + transport);
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("startTls on a closing connection: " + transport);
        }
        SocketStream socket = (SocketStream) transport;
        SSLEngine engine;
        if (client) {
            if (peerHost == null) {
                throw new IllegalArgumentException("a TLS client needs the server's host name to verify it");
            }
            engine = TlsStream.clientEngine(tls, peerHost, ((InetSocketAddress) socket.peerAddress()).getPort());
        } else {
            engine = TlsStream.serverEngine(tls);
        }
        TlsStream upgraded = new TlsStream(socket, engine);
        transport = upgraded;
        try {
            await(upgraded.handshake());
        } catch (Throwable e) {
            upgraded.close();
            throw e;
        }
        return Coroutine.completed();
    }

    /** The TLS session (protocol, cipher suite, peer certificates); null on a plain connection. */
    public SSLSession getSslSession() {
        return transport.sslSession();
    }

    public SocketAddress getPeerAddress() throws IOException {
        return transport.peerAddress();
    }

    public SocketAddress getLocalAddress() throws IOException {
        return transport.localAddress();
    }

    @Override
    public String toString() {
        return "<StreamWriter " + transport + ">";
    }

    /** The JDK's exception for a write to a closed channel, with a message saying which write and why. */
    private static final class WriteAfterClose extends ClosedChannelException {
        private static final long serialVersionUID = 1L;
        private final String message;

        WriteAfterClose(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
