package jasyncio.net;

import java.nio.ByteBuffer;

/**
 * What a {@link StreamReader} needs of the source that feeds it: a socket ({@link SocketStream}), a TLS layer over
 * one ({@link TlsStream}) or a pipe ({@link ReadPipeTransport}). The source pushes bytes with
 * {@link StreamReader#feedData}; the reader only holds it back when full, and may read a socket itself.
 */
interface ReadTransport {
    /** Stops reading from the source (the reader's buffer is full) until {@link #resumeReading()}. */
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
}
