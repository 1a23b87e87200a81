package jasyncio.net;

import jasyncio.Future;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * What a {@link StreamWriter} needs of where its bytes go (asyncio's transport): a plain socket
 * ({@link SocketStream}), one that encrypts on the way ({@link TlsStream}) or a pipe ({@link WritePipeTransport}).
 * A connection's reading side is its {@link ReadTransport}.
 */
interface Transport {
    /** Sends the remaining bytes of {@code data} (consumed), queueing what the socket does not take now. */
    void write(ByteBuffer data);

    /** Ends the sending direction once the queue is written. */
    void writeEof();

    boolean canWriteEof();

    /** Closes once the queue is written. */
    void close();

    boolean isClosing();

    /** Closes now, discarding what is queued (asyncio's {@code transport.abort()}). */
    void abort();

    /** Done when the connection is closed. */
    Future<Void> closed();

    /** What {@code drain()} waits for while the queue is above the high-water mark, or null. */
    Future<Void> drainWaiter();

    /** The failure that ended the connection, or null. */
    IOException lostException();

    long bufferedBytes();

    /** The queue sizes at which a drain starts and stops waiting, {@code 0 <= low <= high} (the writer checks). */
    void setWriteBufferLimits(int high, int low);

    SocketAddress peerAddress() throws IOException;

    SocketAddress localAddress() throws IOException;

    /** The TLS session once its handshake is done; null for a plain connection. */
    default SSLSession sslSession() {
        return null;
    }
}
