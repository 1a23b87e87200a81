package jasyncio;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * A TCP connection on the loop (asyncio's socket transport): reads whenever the socket is readable into
 * its {@link StreamReader}, and writes what {@link StreamWriter} hands it, at once when the socket takes it
 * and otherwise from a queue of pending buffers when the socket is writable again (one gathering write).
 * Writing pauses the writer's {@code drain()} above the high-water mark and resumes it below the low one.
 */
final class SocketStream implements Transport {
    private static final int MAX_GATHER = 64;

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
        loop.addReader(channel, this::readable);
    }

    /** Hands the bytes read from now on to {@code inbound} instead (TLS layered over this socket). */
    void setInbound(Inbound inbound) {
        this.inbound = inbound;
    }

    private void readable() {
        ByteBuffer buffer = loop.readBuffer();
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
            loop.removeReader(channel);
            inbound.feedEof();
        }
    }

    @Override
    public void pauseReading() {
        if (!readingPaused && !closed) {
            readingPaused = true;
            loop.removeReader(channel);
        }
    }

    @Override
    public void resumeReading() {
        if (readingPaused && !closed) {
            readingPaused = false;
            loop.addReader(channel, this::readable);
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
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        pending.add(copy);
        pendingBytes += copy.remaining();
        if (pendingBytes > highWater && drained == null) {
            drained = loop.createFuture();
        }
    }

    private void writable() {
        ByteBuffer[] batch = pending.stream().limit(MAX_GATHER).toArray(ByteBuffer[]::new);
        long written;
        try {
            written = channel.write(batch);
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
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, not low=" + low + " high=" + high);
        }
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
        if (!readingPaused) {
            loop.removeReader(channel);
        }
        if (pending.isEmpty()) {
            closeNow(null);
        }
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
