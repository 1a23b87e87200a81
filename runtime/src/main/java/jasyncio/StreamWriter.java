package jasyncio;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static jasyncio.Asyncio.await;

/**
 * The writing half of a stream connection, like asyncio's {@code StreamWriter}. {@link #write} never blocks:
 * what the socket does not take at once is queued, and {@code await(writer.drain())} waits while the queue is
 * above its high-water mark (64 KiB; resumes below 16 KiB). A writer that never drains still cannot grow memory
 * without bound if it awaits {@code drain()} after its writes: the waiting is what holds the producer back,
 * never the loop.
 */
public final class StreamWriter {
    private final Transport transport;

    StreamWriter(Transport transport) {
        this.transport = transport;
    }

    /** Queues {@code data} for sending (the array may be reused as soon as this returns). */
    public void write(byte[] data) {
        transport.write(ByteBuffer.wrap(data));
    }

    /** Queues the remaining bytes of {@code data} (heap or direct; consumed). */
    public void write(ByteBuffer data) {
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
        IOException lost = transport.lostException();
        if (lost != null) {
            throw lost;
        }
        Future<Void> waiter = transport.drainWaiter();
        if (waiter != null) {
            await(waiter);
            lost = transport.lostException();
            if (lost != null) {
                throw lost;
            }
        }
        return Coroutine.completed();
    }

    /** Sends a FIN once the queue is written (half-close): the peer reads the end of the stream. */
    public void writeEof() {
        transport.writeEof();
    }

    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the connection once the queued bytes are written. */
    public void close() {
        transport.close();
    }

    public boolean isClosing() {
        return transport.isClosing();
    }

    /** Waits until the connection is closed. */
    @Async
    public Coroutine<Void> waitClosed() {
        await(transport.closed());
        return Coroutine.completed();
    }

    /** Bytes queued and not yet taken by the socket. */
    public long bufferedBytes() {
        return transport.bufferedBytes();
    }

    /** Sets the queue sizes at which {@code drain()} starts waiting ({@code high}) and stops ({@code low}). */
    public void setWriteBufferLimits(int high, int low) {
        transport.setWriteBufferLimits(high, low);
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
}
