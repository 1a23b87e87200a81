package jasyncio.net;

import jasyncio.Future;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * What {@link StreamReader} and {@link StreamWriter} need of a connection (asyncio's transport): a plain
 * socket ({@link SocketStream}) or one that encrypts on the way ({@link TlsStream}).
 */
interface Transport {
    /** Stops reading from the socket (the reader's buffer is full) until {@link #resumeReading()}. */
    void pauseReading();

    void resumeReading();

    /**
     * Reads what the connection holds now, after it woke the reader's waiting {@code readInto} instead of
     * reading ({@link StreamReader#wakeDirectReader()}); nothing otherwise. The bytes go straight into
     * {@code into}, or into the reader if it holds some already (they come first).
     *
     * @return the number of bytes put into {@code into}
     */
    default int readPending(ByteBuffer into) {
        return 0;
    }

    /** Sends the remaining bytes of {@code data} (consumed), queueing what the socket does not take now. */
    void write(ByteBuffer data);

    /** Ends the sending direction once the queue is written. */
    void writeEof();

    boolean canWriteEof();

    /** Closes once the queue is written. */
    void close();

    boolean isClosing();

    /**
     * Closes now, discarding what is queued (asyncio's {@code transport.abort()}). The default suits a transport
     * with no queue of its own (it closes); one that queues overrides it to drop the queue.
     */
    default void abort() {
        close();
    }

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
