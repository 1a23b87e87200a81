package jasyncio.net;

import jasyncio.EventLoop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The reading end of a blocking pipe (a process's stdout, say) feeding a {@link StreamReader} on the loop, like
 * asyncio's read pipe transport. The JDK's pipes block, so a daemon thread of its own (the pump) reads the pipe and
 * hands each chunk to the loop with {@code callSoonThreadsafe}: the loop never blocks. The pump is bounded: it
 * reads the next chunk only while fewer than {@link #MAX_IN_FLIGHT} chunks wait for the loop, and not at all while
 * the reader is full ({@link #pauseReading()}), so a process writing faster than its reader reads is held back by
 * the pipe itself, and memory stays flat. The pump ends at the end of the pipe (the process closed it or exited),
 * after a read error, or when it finds the loop closed; it closes the pipe as it ends.
 */
final class ReadPipeTransport implements ReadTransport {
    /** The most one read of the pipe takes (a Linux pipe holds 64 KiB). */
    static final int CHUNK = 64 * 1024;
    /** Chunks handed to the loop and not fed to the reader yet, at most: one being fed while the next is read. */
    private static final int MAX_IN_FLIGHT = 2;
    /** How often a waiting pump looks whether the loop was closed meanwhile (nobody would wake it then). */
    static final long LOOP_CHECK_MILLIS = 500;

    private final EventLoop loop;
    private final InputStream pipe;
    private final StreamReader reader;

    /** Guards the fields below it: shared by the loop's thread and the pump. */
    private final Object lock = new Object();
    private boolean paused;
    private int inFlight;
    /** The pump must stop (the loop was closed, or its thread interrupted): what it reads from then on is dropped. */
    private boolean stopping;

    ReadPipeTransport(EventLoop loop, InputStream pipe, StreamReader reader, String name) {
        this.loop = loop;
        this.pipe = pipe;
        this.reader = reader;
        reader.attach(this);
        Thread pump = new Thread(this::pump, name);
        pump.setDaemon(true);
        pump.start();
    }

    /** The pump's thread: reads chunks and hands them to the loop until the pipe ends. */
    private void pump() {
        try {
            while (awaitRoom()) {
                byte[] chunk = new byte[CHUNK];
                int n;
                try {
                    n = pipe.read(chunk);
                } catch (IOException e) {
                    post(() -> reader.setException(e));
                    return;
                }
                if (n < 0) {
                    post(reader::feedEof);
                    return;
                }
                if (n > 0) {
                    ByteBuffer data = ByteBuffer.wrap(chunk, 0, n);
                    synchronized (lock) {
                        inFlight++;
                    }
                    if (!post(() -> deliver(data))) {
                        return;
                    }
                }
            }
        } finally {
            closeQuietly();
        }
    }

    /** Waits until the pump may read another chunk: true then; false when it must stop instead. */
    private boolean awaitRoom() {
        synchronized (lock) {
            while (!stopping && (paused || inFlight >= MAX_IN_FLIGHT)) {
                if (loop.isClosed()) {
                    stopping = true;
                    break;
                }
                try {
                    lock.wait(LOOP_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    // Nobody interrupts a pump but a user shutting threads down: stop as asked.
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            return !stopping;
        }
    }

    /**
     * Hands {@code step} to the loop: false when the loop is closed, and then the pump stops; what it read is
     * dropped, as nobody can read it any more (the process, if still running, finds its pipe closed).
     */
    private boolean post(Runnable step) {
        try {
            loop.callSoonThreadsafe(step);
            return true;
        } catch (IllegalStateException closedLoop) {
            synchronized (lock) {
                stopping = true;
            }
            return false;
        }
    }

    private void closeQuietly() {
        try {
            pipe.close();
        } catch (IOException e) {
            // The pipe is being dropped and nothing was lost: only the release of its descriptor failed, which the
            // JDK's own cleanup of the process retries.
        }
    }

    // ---- on the loop ----

    private void deliver(ByteBuffer data) {
        reader.feedData(data); // may pause the pump (pauseReading) before it is woken below
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    @Override
    public void pauseReading() {
        synchronized (lock) {
            paused = true;
        }
    }

    @Override
    public void resumeReading() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }
}
