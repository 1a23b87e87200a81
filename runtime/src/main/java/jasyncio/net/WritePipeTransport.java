package jasyncio.net;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.CoreAccess;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The writing end of a blocking pipe (a process's stdin, say) behind a {@link StreamWriter}, like asyncio's write
 * pipe transport. {@link #write} copies the bytes into a queue and returns; a daemon thread (the pump) writes the
 * queue to the pipe, blocking there when the reader on the other side is slow, and tells the loop what it wrote.
 * {@code drain()} waits while more than the high-water mark (64 KiB) is queued and not yet written, and resumes
 * once the pump brought it below the low one (16 KiB): the back-pressure of a socket, with the pipe's own buffer
 * behind it.
 *
 * <p>The pump lives only while there is something to write: it ends after {@link #IDLE_MILLIS} with an empty
 * queue and the next write starts another, so a pipe nobody writes to (or whose process has exited) holds no
 * thread. Closing waits for the queue to be written, then closes the pipe (the reader sees its end: a pipe has no
 * half-close, so {@link #writeEof()} is the same). A failed write (the reader exited: "Broken pipe", or the JDK
 * closed the stream when the process ended) drops the queue, and {@code drain()} throws that failure.
 */
final class WritePipeTransport implements Transport {
    /** How long a pump with nothing to write waits for more before it ends. */
    private static final long IDLE_MILLIS = 1000;
    /** Bytes written to the pipe in one go at most, between two reports to the loop. */
    private static final int MAX_BATCH = 256 * 1024;
    /** What {@link #nextBatch} returns when the pump ends: nothing to write for a while (the pipe stays open). */
    private static final byte[][] IDLE = new byte[0][];
    /** ... the queue was dropped (a write failed, the loop closed): the pipe is closed. */
    private static final byte[][] ABORTED = new byte[0][];
    /** ... closing, and every byte written: the pipe is closed. */
    private static final byte[][] ALL_WRITTEN = new byte[0][];

    private final EventLoop loop;
    private final OutputStream pipe;
    private final String name;
    private final Future<Void> closedFuture;

    /** Guards the fields below it: shared by the loop's thread and the pump. */
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean pumpRunning;
    /** Close the pipe once the queue is written. */
    private boolean closeRequested;
    /** Drop the queue and end: a write failed, or the loop was closed. */
    private boolean aborted;

    // The loop's thread only.
    private long pendingBytes;
    private int highWater = 64 * 1024;
    private int lowWater = 16 * 1024;
    private Future<Void> drained;
    private boolean closing;
    private boolean closed;
    private IOException lost;

    WritePipeTransport(EventLoop loop, OutputStream pipe, String name) {
        this.loop = loop;
        this.pipe = pipe;
        this.name = name;
        this.closedFuture = loop.createFuture();
    }

    /** Queues a copy of {@code data} for the pump (the caller may reuse its buffer). */
    @Override
    public void write(ByteBuffer data) {
        if (closing) {
            throw new IllegalStateException("write after close() on " + this);
        }
        if (lost != null || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        pendingBytes += copy.length;
        if (pendingBytes > highWater && drained == null) {
            drained = CoreAccess.hooks().createWaiter(loop, () -> "write to " + this);
        }
        synchronized (lock) {
            queue.add(copy);
            wakeOrStartPump();
        }
    }

    /** Called holding {@link #lock}. */
    private void wakeOrStartPump() {
        if (pumpRunning) {
            lock.notifyAll();
            return;
        }
        pumpRunning = true;
        Thread pump = new Thread(this::pump, name);
        pump.setDaemon(true);
        pump.start();
    }

    /** The pump's thread: writes what is queued until the queue stays empty for a while, or the pipe is done. */
    private void pump() {
        for (;;) {
            byte[][] batch = nextBatch();
            if (batch == IDLE) {
                return; // the pipe stays open: the next write starts another pump
            }
            if (batch == ABORTED) {
                closePipe();
                return;
            }
            if (batch == ALL_WRITTEN) {
                closePipe();
                post(this::closedNow);
                return;
            }
            long written = 0;
            try {
                for (byte[] bytes : batch) {
                    pipe.write(bytes);
                    written += bytes.length;
                }
                pipe.flush();
            } catch (IOException e) {
                dropQueue();
                closePipe();
                post(() -> failed(e));
                return;
            }
            long n = written;
            if (!post(() -> wrote(n))) {
                closePipe();
                return;
            }
        }
    }

    /**
     * The next bytes to write, waiting for some; or {@link #ALL_WRITTEN} once closing with nothing left,
     * {@link #IDLE} after a while with nothing to write, {@link #ABORTED} when the queue was dropped.
     */
    private byte[][] nextBatch() {
        synchronized (lock) {
            long idleSince = System.nanoTime();
            while (queue.isEmpty() && !closeRequested && !aborted) {
                long idle = (System.nanoTime() - idleSince) / 1_000_000;
                if (loop.isClosed()) {
                    aborted = true; // nobody will write any more: the other side sees the end of its input
                    break;
                }
                if (idle >= IDLE_MILLIS) {
                    pumpRunning = false;
                    return IDLE;
                }
                try {
                    lock.wait(Math.min(IDLE_MILLIS - idle, ReadPipeTransport.LOOP_CHECK_MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // only a user shutting threads down interrupts a pump
                    aborted = true;
                }
            }
            if (aborted) {
                queue.clear();
                pumpRunning = false;
                return ABORTED;
            }
            if (queue.isEmpty()) {
                pumpRunning = false;
                return ALL_WRITTEN;
            }
            int count = 0;
            long bytes = 0;
            for (byte[] b : queue) {
                if (count > 0 && bytes + b.length > MAX_BATCH) {
                    break;
                }
                count++;
                bytes += b.length;
            }
            byte[][] batch = new byte[count][];
            for (int i = 0; i < count; i++) {
                batch[i] = queue.poll();
            }
            return batch;
        }
    }

    /** Drops the queue: the pump ends (the pump's thread, after a failure or once the loop is closed). */
    private void dropQueue() {
        synchronized (lock) {
            aborted = true;
            queue.clear();
            pumpRunning = false;
        }
    }

    private void closePipe() {
        try {
            pipe.close();
        } catch (IOException e) {
            // Closing flushes nothing (every write was flushed): only the descriptor's release failed, which the
            // JDK's cleanup of the process retries; the bytes all went out or their failure was reported.
        }
    }

    /** Hands {@code step} to the loop: false when the loop is closed (the pump then drops the queue and ends). */
    private boolean post(Runnable step) {
        try {
            loop.callSoonThreadsafe(step);
            return true;
        } catch (IllegalStateException closedLoop) {
            dropQueue();
            return false;
        }
    }

    // ---- on the loop ----

    private void wrote(long n) {
        pendingBytes -= n;
        if (drained != null && pendingBytes <= lowWater) {
            drained.setResult(null);
            drained = null;
        }
    }

    private void failed(IOException error) {
        if (lost == null) {
            lost = error;
        }
        pendingBytes = 0;
        closing = true;
        closedNow();
    }

    private void closedNow() {
        if (closed) {
            return;
        }
        closed = true;
        if (drained != null) {
            drained.setResult(null);
            drained = null;
        }
        closedFuture.setResult(null);
    }

    @Override
    public void writeEof() {
        close();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    /**
     * asyncio's {@code transport.abort()}: drops the queue and closes the pipe now (a pump busy writing closes it
     * when its write returns); a waiting or later {@code drain()} fails saying how many bytes were discarded.
     */
    @Override
    public void abort() {
        if (closed) {
            return;
        }
        long discarded = pendingBytes;
        boolean pumpCloses;
        synchronized (lock) {
            pumpCloses = pumpRunning;
            aborted = true;
            queue.clear();
            lock.notifyAll();
        }
        if (!pumpCloses) {
            closePipe();
        }
        failed(new IOException("pipe " + name + " aborted by abort()"
                + (discarded > 0 ? ": " + discarded + " queued bytes discarded" : "")));
    }

    /** Closes the pipe once the queue is written. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        synchronized (lock) {
            closeRequested = true;
            wakeOrStartPump();
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Future<Void> closed() {
        return closedFuture;
    }

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

    /** Null: a pipe has no address. */
    @Override
    public SocketAddress peerAddress() {
        return null;
    }

    /** Null: a pipe has no address. */
    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public String toString() {
        return "<WritePipe " + name + (closing ? " closing" : "") + (pendingBytes > 0 ? " pending=" + pendingBytes : "") + ">";
    }
}
