package jasyncio.tests.subprocess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A blocking output stream the test holds back, like a pipe whose reader is slow: each write waits for a permit
 * ({@link #allow}) until the gate is {@link #open}ed, and may fail ({@link #failWith}). It keeps what was written,
 * knows the threads that wrote, and says when each write begins and when it is closed.
 */
final class GatedOutput extends OutputStream {
    private final Semaphore permits = new Semaphore(0);
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private volatile IOException failure;
    /** Released as each write begins, before it waits for its permit. */
    final Semaphore entered = new Semaphore(0);
    final Set<Thread> writers = ConcurrentHashMap.newKeySet();
    final CountDownLatch closed = new CountDownLatch(1);

    void allow(int writes) {
        permits.release(writes);
    }

    void open() {
        permits.release(Integer.MAX_VALUE / 2);
    }

    void failWith(IOException e) {
        failure = e;
    }

    byte[] bytes() {
        synchronized (written) {
            return written.toByteArray();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        writers.add(Thread.currentThread());
        entered.release();
        permits.acquireUninterruptibly();
        if (failure != null) {
            throw failure;
        }
        synchronized (written) {
            written.write(bytes, offset, length);
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
