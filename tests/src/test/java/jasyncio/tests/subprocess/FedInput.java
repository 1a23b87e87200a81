package jasyncio.tests.subprocess;

import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blocking input stream the test feeds, like a pipe whose writer is the test: a read waits until a chunk is
 * offered and returns what fits of it (an empty chunk is a read of 0 bytes). It counts the bytes it served, knows
 * the threads that read it and says when it is closed.
 */
final class FedInput extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current;
    private int position;
    final AtomicLong served = new AtomicLong();
    final Set<Thread> readers = ConcurrentHashMap.newKeySet();
    final CountDownLatch closed = new CountDownLatch(1);

    void offer(byte[] chunk) {
        chunks.add(chunk.clone());
    }

    /** The writer closes its end: reads return -1 once the chunks offered before are read. */
    void end() {
        chunks.add(END);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        readers.add(Thread.currentThread());
        if (current == null || (position == current.length && current != END)) {
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
        }
        if (current == END) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, into, offset, n);
        position += n;
        served.addAndGet(n);
        return n;
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
