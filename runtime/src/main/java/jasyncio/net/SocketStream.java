package jasyncio.net;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Handle;
import jasyncio.internal.CoreAccess;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TCP connection on the loop (asyncio's socket transport): reads whenever the socket is readable into
 * its {@link StreamReader} (or lets the task waiting on that reader read it, see {@link #readable()}), and
 * writes what {@link StreamWriter} hands it, at once when the socket takes it and otherwise from a queue of
 * pending buffers when the socket is writable again (one gathering write).
 * Writing pauses the writer's {@code drain()} above the high-water mark and resumes it below the low one.
 */
final class SocketStream implements Transport, ReadTransport {
    private static final int MAX_GATHER = 64;
    /**
     * Bytes offered to one gathering write at most: the JDK copies every heap buffer it is given to native
     * memory first, whether the socket then takes it or not.
     */
    private static final int MAX_GATHER_BYTES = 256 * 1024;
    /** The least a queued buffer holds, so that small writes made while the socket is full share buffers. */
    private static final int QUEUE_SLAB = 4 * 1024;

    /**
     * Where the bytes read from the socket go: the stream's {@link StreamReader}, or a {@link TlsStream}
     * that decrypts them for it.
     */
    interface Inbound {
        void feedData(ByteBuffer data);

        void feedEof();

        void setException(Throwable error);

        boolean atEof();
    }

    final EventLoop loop;
    final SocketChannel channel;
    final StreamReader reader;
    private Inbound inbound;
    private final Runnable onReadable = this::readable;
    /** The loop's reader callback while the socket is watched for reading; null while paused or done. */
    private Handle reading;
    /** The socket was readable while a {@code readInto} waited: its task reads the socket when it runs. */
    private boolean readableUnread;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    private int highWater = 64 * 1024;
    private int lowWater = 16 * 1024;
    private Future<Void> drained;
    private boolean readingPaused;
    private boolean eofPending;
    private boolean closing;
    private boolean closed;
    private IOException lost;
    private final Future<Void> closedFuture;

    SocketStream(EventLoop loop, SocketChannel channel, StreamReader reader) {
        this.loop = loop;
        this.channel = channel;
        this.reader = reader;
        this.inbound = reader;
        this.closedFuture = loop.createFuture();
        reader.attach(this);
        reading = loop.addReader(channel, onReadable);
    }

    /** Hands the bytes read from now on to {@code inbound} instead (TLS layered over this socket). */
    void setInbound(Inbound inbound) {
        this.inbound = inbound;
    }

    /**
     * The socket has bytes (or its end, or an error). When a {@link StreamReader#readInto} is waiting, its task
     * is only woken: it reads the socket itself when it runs ({@link #readPending}), straight into the caller's
     * buffer, with no copy through a buffer of the reader's. Otherwise the bytes go into the reader, which wakes
     * the read waiting there, if any.
     */
    private void readable() {
        if (inbound == reader && reader.wakeDirectReader()) {
            readableUnread = true;
            return;
        }
        readNow();
    }

    /** The woken {@code readInto} reads what {@link #readable()} left in the socket into {@code into}. */
    @Override
    public int readPending(ByteBuffer into) {
        if (!readableUnread || closed) {
            return 0;
        }
        if (reader.buffered() > 0) { // bytes came in meanwhile (TLS started, say): they go first
            readNow();
            return 0;
        }
        readableUnread = false;
        int n;
        try {
            n = channel.read(into);
        } catch (IOException e) {
            connectionLost(e);
            return 0;
        }
        if (n < 0) {
            stopReading();
            inbound.feedEof();
            return 0;
        }
        return n;
    }

    private void readNow() {
        readableUnread = false;
        ByteBuffer buffer = CoreAccess.hooks().readBuffer(loop);
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            connectionLost(e);
            return;
        }
        if (n > 0) {
            buffer.flip();
            inbound.feedData(buffer);
        } else if (n < 0) {
            stopReading();
            inbound.feedEof();
        }
    }

    private void stopReading() {
        if (reading != null) {
            reading = null;
            loop.removeReader(channel);
        }
    }

    @Override
    public void pauseReading() {
        if (!readingPaused && !closed) {
            readingPaused = true;
            stopReading();
        }
    }

    @Override
    public void resumeReading() {
        if (readingPaused && !closing) {
            readingPaused = false;
            reading = loop.addReader(channel, onReadable);
        }
    }

    /** Writes what the socket takes now; queues the rest (copied: the caller may reuse its buffer). */
    @Override
    public void write(ByteBuffer data) {
        if (closing || eofPending) {
            throw new IllegalStateException("write after " + (closing ? "close()" : "writeEof()") + " on " + this);
        }
        if (lost != null || !data.hasRemaining()) {
            return;
        }
        if (pending.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                connectionLost(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, this::writable);
        }
        int n = data.remaining();
        ByteBuffer last = pending.peekLast();
        if (last != null && last.position() == 0 && last.capacity() - last.limit() >= n) {
            // Appended to the last buffer (kept flipped for writing), if none of it went out yet.
            last.position(last.limit()).limit(last.capacity());
            last.put(data).flip();
        } else {
            ByteBuffer copy = ByteBuffer.allocate(Math.max(n, QUEUE_SLAB));
            copy.put(data).flip();
            pending.add(copy);
        }
        pendingBytes += n;
        if (pendingBytes > highWater && drained == null) {
            drained = CoreAccess.hooks().createWaiter(loop, () -> "write to " + this);
        }
    }

    private void writable() {
        ByteBuffer[] batch = new ByteBuffer[Math.min(pending.size(), MAX_GATHER)];
        int count = 0;
        long offered = 0;
        for (ByteBuffer b : pending) {
            if (count == batch.length || (count > 0 && offered + b.remaining() > MAX_GATHER_BYTES)) {
                break;
            }
            batch[count++] = b;
            offered += b.remaining();
        }
        long written;
        try {
            written = channel.write(batch, 0, count);
        } catch (IOException e) {
            connectionLost(e);
            return;
        }
        pendingBytes -= written;
        while (!pending.isEmpty() && !pending.peek().hasRemaining()) {
            pending.poll();
        }
        if (drained != null && pendingBytes <= lowWater) {
            drained.setResult(null);
            drained = null;
        }
        if (pending.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                closeNow(null);
            } else if (eofPending) {
                shutdownOutput();
            }
        }
    }

    /** The future {@code drain()} waits for while the queue is above the high-water mark, or null. */
    @Override
    public Future<Void> drainWaiter() {
        return drained;
    }

    @Override
    public IOException lostException() {
        return lost;
    }

    @Override
    public long bufferedBytes() {
        return pendingBytes;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        highWater = high;
        lowWater = low;
    }

    @Override
    public void writeEof() {
        if (closing || eofPending) {
            return;
        }
        eofPending = true;
        if (pending.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public SocketAddress peerAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            connectionLost(e);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    /** Closes once the queued bytes are written. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        stopReading();
        if (pending.isEmpty()) {
            closeNow(null);
        }
    }

    /**
     * Closes now (asyncio's {@code transport.abort()}): the queue is discarded, a TCP peer sees a reset (the
     * socket lingers 0 s, so the kernel drops what it still holds too) and a Unix-domain peer an EOF or a reset.
     * {@code drain()}, waiting or called later, throws a {@link SocketException} saying the connection was
     * aborted; the local reader sees the end of the stream.
     */
    @Override
    public void abort() {
        if (closed) {
            return;
        }
        if (lost == null) {
            lost = new SocketException("connection aborted by abort()"
                    + (pendingBytes > 0 ? ": " + pendingBytes + " queued bytes discarded" : ""));
        }
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | UnsupportedOperationException e) {
            // Only decides between a reset and an orderly end for the peer: the close below happens either way.
        }
        stopReading();
        if (!pending.isEmpty()) {
            loop.removeWriter(channel);
        }
        closeNow(null);
    }

    @Override
    public Future<Void> closed() {
        return closedFuture;
    }

    private void connectionLost(IOException error) {
        if (lost == null) {
            lost = error;
        }
        closeNow(error);
    }

    private void closeNow(IOException error) {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        pending.clear();
        pendingBytes = 0;
        try {
            channel.close();
        } catch (IOException e) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("message", "closing a socket failed");
            context.put("exception", e);
            loop.callExceptionHandler(context);
        }
        if (error != null) {
            inbound.setException(error);
        } else if (!inbound.atEof()) {
            inbound.feedEof();
        }
        if (drained != null) {
            drained.setResult(null);
            drained = null;
        }
        closedFuture.setResult(null);
    }

    @Override
    public String toString() {
        return "<SocketStream " + channel + (closing ? " closing" : "") + (pendingBytes > 0 ? " pending=" + pendingBytes : "") + ">";
    }
}
