package jasyncio.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.internal.CoreAccess;
import jasyncio.internal.Throwables;
import jasyncio.iter.AsyncIterable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static jasyncio.Asyncio.await;

/**
 * The reading half of a stream connection, like asyncio's {@code StreamReader}: bytes arrive from the
 * socket into a buffer, and coroutines take them out with {@link #read}, {@link #readLine},
 * {@link #readExactly} or {@link #readUntil}. When more than twice the buffer limit (64 KiB by default) is
 * waiting, the socket is no longer read until the buffer drains below the limit, so a slow consumer holds
 * memory flat and pushes back on the sender.
 *
 * <p>One coroutine reads at a time. A read cancelled while it waits loses nothing: the bytes stay buffered
 * for the next read. Failures of the connection are thrown, unchanged, by the next read.
 */
public final class StreamReader implements SocketStream.Inbound {
    public static final int DEFAULT_LIMIT = 64 * 1024;
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[][] LINE_END = {NEWLINE};

    /** The buffer of a reader holding nothing (after its array was handed out whole, say). */
    private static final byte[] NONE = new byte[0];

    private final int limit;
    /**
     * The unread bytes are {@code buffer[start, end)}. Bytes arriving in an empty reader get an array of their
     * own, exactly their size, which a read asking for at least as many hands out as it is: one copy from the
     * socket to the caller instead of two, and an idle connection holds no buffer.
     */
    private byte[] buffer = NONE;
    private int start;
    private int end;
    private boolean eof;
    private Throwable exception;
    private Future<Void> waiter;
    /** The waiting read is a {@link #readInto}: it reads the socket itself when woken ({@link #wakeDirectReader}). */
    private boolean waiterReadsSocket;
    private ReadTransport transport;
    private boolean paused;

    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        this.limit = limit;
    }

    void attach(ReadTransport transport) {
        this.transport = transport;
    }

    /**
     * Takes every buffered byte out, for the TLS layer when an open connection is upgraded: bytes the
     * application has not read by then are the peer's first TLS records, not plaintext.
     */
    byte[] takeBuffered() {
        byte[] data = take(buffered());
        paused = false;
        return data;
    }

    public int limit() {
        return limit;
    }

    /** Bytes received and not read yet. */
    public int buffered() {
        return end - start;
    }

    /** True when the stream has ended and every byte has been read. */
    public boolean atEof() {
        return eof && buffered() == 0;
    }

    // ---- fed by the transport (or by hand, for a protocol of your own) ----

    public void feedData(byte[] data) {
        feedData(ByteBuffer.wrap(data));
    }

    /** Appends the remaining bytes of {@code data} (consumed) and wakes the waiting reader. */
    public void feedData(ByteBuffer data) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (start == end) {
            buffer = new byte[n];
            start = 0;
            end = 0;
        } else {
            ensureCapacity(n);
        }
        data.get(buffer, end, n);
        end += n;
        wakeWaiter();
        if (transport != null && !paused && buffered() > 2 * limit) {
            paused = true;
            transport.pauseReading();
        }
    }

    public void feedEof() {
        eof = true;
        wakeWaiter();
    }

    /** The exception the stream failed with ({@link #setException}), or null. */
    public Throwable exception() {
        return exception;
    }

    /** The connection failed: the waiting read, and every later one, throws {@code error}. */
    public void setException(Throwable error) {
        exception = error;
        Future<Void> w = waiter;
        waiter = null;
        if (w != null && !w.done()) {
            w.setException(error);
        }
    }

    private void ensureCapacity(int more) {
        if (end + more <= buffer.length) {
            return;
        }
        int size = buffered();
        if (size + more <= buffer.length / 2) {
            System.arraycopy(buffer, start, buffer, 0, size);
        } else {
            byte[] bigger = new byte[Math.max(buffer.length * 2, size + more)];
            System.arraycopy(buffer, start, bigger, 0, size);
            buffer = bigger;
        }
        start = 0;
        end = size;
    }

    /** Wakes the task waiting for data, if any: true then. */
    private boolean wakeWaiter() {
        Future<Void> w = waiter;
        waiter = null;
        if (w != null && !w.done()) {
            w.setResult(null);
            return true;
        }
        return false;
    }

    /**
     * Wakes the waiting read if it is a {@link #readInto}, without data: true then, and that read takes the bytes
     * from the socket itself when it runs ({@link ReadTransport#readPending}).
     */
    boolean wakeDirectReader() {
        return waiterReadsSocket && wakeWaiter();
    }

    /** The next {@code n} buffered bytes: the buffer itself when they are all of it, else a copy. */
    private byte[] take(int n) {
        byte[] data;
        if (n == 0) {
            data = NONE;
        } else if (start == 0 && n == buffer.length) {
            data = buffer;
            buffer = NONE;
        } else {
            data = Arrays.copyOfRange(buffer, start, start + n);
        }
        consumed(n);
        return data;
    }

    /** Drops the next {@code n} buffered bytes (taken by a read) and resumes a paused socket below the limit. */
    private void consumed(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (paused && buffered() <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    private void throwIfFailed() {
        if (exception != null) {
            throw Throwables.sneakyThrow(exception);
        }
    }

    /**
     * What a read awaits until data, the end of the stream or an error arrives. {@code direct}: the read is a
     * {@link #readInto}, which reads the socket itself when woken. A plain method, not a coroutine: the read awaits
     * it directly, one frame less to resume per arrival (a thousand connections keep those frames out of the
     * cache). A read cancelled while it waits cancels this future (a task cancels what it awaits), which frees
     * the reader for the next read.
     */
    private Future<Void> dataArrival(String operation, boolean direct) {
        if (waiter != null && !waiter.done()) {
            throw new IllegalStateException(operation + "() called while another coroutine is already waiting for"
                    + " incoming data on this stream");
        }
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        Future<Void> w = CoreAccess.hooks().createWaiter(CoreAccess.hooks().runningLoop(operation),
                () -> "read from " + (transport != null ? transport : this));
        waiter = w;
        waiterReadsSocket = direct;
        return w;
    }

    /**
     * Up to {@code n} bytes, as soon as at least one is there; an empty array at the end of the stream.
     * With {@code n < 0}, every byte up to the end of the stream.
     */
    @Async
    public Coroutine<byte[]> read(int n) throws IOException {
        throwIfFailed();
        if (n == 0) {
            return Coroutine.completed(new byte[0]);
        }
        if (n < 0) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] block; (block = await(read(limit))).length > 0; ) {
                all.write(block);
            }
            return Coroutine.completed(all.toByteArray());
        }
        while (buffered() == 0 && !eof) {
            await(dataArrival("StreamReader.read", false));
            throwIfFailed();
        }
        return Coroutine.completed(take(Math.min(n, buffered())));
    }

    /**
     * Reads up to {@code dst.remaining()} bytes into {@code dst}, as soon as at least one is there: how many, or
     * -1 at the end of the stream (as {@link java.nio.channels.ReadableByteChannel#read} does); 0 when
     * {@code dst} has no room. A task that waits here reads the socket straight into {@code dst} when it
     * wakes, so a buffer reused from read to read, direct for the socket, carries the bytes without a copy
     * (and {@link StreamWriter#write(ByteBuffer)} sends it back the same way).
     */
    @Async
    public Coroutine<Integer> readInto(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("readInto a read-only buffer");
        }
        throwIfFailed();
        if (!dst.hasRemaining()) {
            return Coroutine.completed(0);
        }
        while (buffered() == 0 && !eof) {
            await(dataArrival("StreamReader.readInto", true));
            throwIfFailed();
            int direct = transport == null ? 0 : transport.readPending(dst);
            if (direct > 0) {
                return Coroutine.completed(direct);
            }
        }
        int n = Math.min(dst.remaining(), buffered());
        if (n == 0) {
            return Coroutine.completed(-1);
        }
        dst.put(buffer, start, n);
        consumed(n);
        return Coroutine.completed(n);
    }

    /** Exactly {@code n} bytes; {@link IncompleteReadException} (with the bytes read) if the stream ends first. */
    @Async
    public Coroutine<byte[]> readExactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readExactly size can not be less than zero: " + n);
        }
        throwIfFailed();
        while (buffered() < n) {
            if (eof) {
                throw new IncompleteReadException(take(buffered()), n);
            }
            await(dataArrival("StreamReader.readExactly", false));
            throwIfFailed();
        }
        return Coroutine.completed(take(n));
    }

    /**
     * The bytes up to and including {@code separator}. At the end of the stream without it:
     * {@link IncompleteReadException} with what was read; no separator within the limit:
     * {@link LimitOverrunException} (the bytes stay buffered).
     */
    public Coroutine<byte[]> readUntil(byte[] separator) throws IOException {
        return readUntil(new byte[][] {separator});
    }

    /**
     * The bytes up to and including the first of {@code separators} found, as asyncio 3.13's tuple of separators:
     * the shortest chunk that ends in any of them. Failures as {@link #readUntil(byte[])}.
     */
    @Async
    public Coroutine<byte[]> readUntil(byte[]... separators) throws IOException {
        if (separators.length == 0) {
            throw new IllegalArgumentException("readUntil needs at least one separator");
        }
        int longest = 0;
        for (byte[] separator : separators) {
            if (separator.length == 0) {
                throw new IllegalArgumentException("separator should be at least one byte");
            }
            longest = Math.max(longest, separator.length);
        }
        int searched = 0;
        for (;;) {
            throwIfFailed();
            int chunkEnd = -1;
            int found = -1;
            for (byte[] separator : separators) {
                int at = indexOf(separator, searched);
                if (at >= 0 && (chunkEnd < 0 || at + separator.length < chunkEnd)) {
                    chunkEnd = at + separator.length;
                    found = at;
                }
            }
            if (found >= 0) {
                if (found - start > limit) {
                    throw new LimitOverrunException("separator is found, but the chunk is longer than the limit",
                            found - start);
                }
                return Coroutine.completed(take(chunkEnd - start));
            }
            searched = Math.max(0, buffered() + 1 - longest);
            if (searched > limit) {
                throw new LimitOverrunException("separator is not found, and the chunk exceeds the limit", searched);
            }
            if (eof) {
                throw new IncompleteReadException(take(buffered()), -1);
            }
            await(dataArrival("StreamReader.readUntil", false));
        }
    }

    /** The absolute index of {@code separator} in the buffer, searching from {@code from} bytes in; or -1. */
    private int indexOf(byte[] separator, int from) {
        outer:
        for (int i = start + from; i <= end - separator.length; i++) {
            for (int j = 0; j < separator.length; j++) {
                if (buffer[i + j] != separator[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The lines, as {@link #readLine()} reads them, up to the end of the stream ({@code async for line in reader}).
     * A view of this reader, not a copy: each iterator reads on from where the stream stands (a second one continues
     * where the first stopped), and a line longer than the limit ends the iteration with
     * {@link LimitOverrunException}.
     */
    public AsyncIterable<String> lines() {
        return AsyncIterable.generate(out -> AsyncSources.lines(this, out));
    }

    /**
     * Chunks of at most {@code size} bytes, as {@link #read(int)} returns them, up to the end of the stream; like
     * {@link #lines()}, each iterator reads on from where the stream stands.
     */
    public AsyncIterable<byte[]> chunks(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chunks(" + size + "): the size must be positive");
        }
        return AsyncIterable.generate(out -> AsyncSources.chunks(this, size, out));
    }

    /**
     * The next line as UTF-8 text without its terminator ({@code \n} or {@code \r\n}); the last line may lack
     * one; null at the end of the stream. A line longer than the limit is skipped and reported with
     * {@link LimitOverrunException}.
     */
    @Async
    public Coroutine<String> readLine() throws IOException {
        byte[] line;
        try {
            line = await(readUntil(LINE_END));
        } catch (IncompleteReadException e) {
            line = e.getPartial();
            if (line.length == 0) {
                return Coroutine.completed(null);
            }
        } catch (LimitOverrunException e) {
            int newline = indexOf(NEWLINE, 0);
            take(newline >= 0 ? newline - start + 1 : buffered());
            throw e;
        }
        int length = line.length;
        if (length > 0 && line[length - 1] == '\n') {
            length--;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return Coroutine.completed(new String(line, 0, length, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "<StreamReader" + (buffered() > 0 ? " " + buffered() + " bytes" : "") + (eof ? " eof" : "")
                + (exception != null ? " exception=" + exception : "") + (paused ? " paused" : "") + ">";
    }
}
