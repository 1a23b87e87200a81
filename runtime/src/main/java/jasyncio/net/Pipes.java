package jasyncio.net;

import jasyncio.EventLoop;
import jasyncio.internal.CoreAccess;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Blocking pipes as streams of the running loop, like asyncio's {@code loop.connect_read_pipe} and
 * {@code connect_write_pipe}: the same {@link StreamReader} and {@link StreamWriter} as a socket's, with the same
 * back-pressure, over a {@link InputStream} or {@link OutputStream} that blocks (a process's pipes, a named pipe, a
 * stream of a library). Each pipe is served by a daemon thread of its own named {@code name} (the reading one
 * until the pipe ends; the writing one only while bytes are queued), so the loop never blocks on it. This is what
 * {@link jasyncio.subprocess.Subprocess} is built on.
 */
public final class Pipes {
    private Pipes() {
    }

    /** {@link #connectReadPipe(InputStream, String, int)} with the default limit (64 KiB). */
    public static StreamReader connectReadPipe(InputStream pipe, String name) {
        return connectReadPipe(pipe, name, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A reader of {@code pipe} on the running loop. A thread named {@code name} reads the pipe until its end (then
     * closes it); it stops reading while more than twice {@code limit} bytes wait in the reader unread.
     */
    public static StreamReader connectReadPipe(InputStream pipe, String name, int limit) {
        EventLoop loop = CoreAccess.hooks().runningLoop("Pipes.connectReadPipe");
        StreamReader reader = new StreamReader(limit);
        new ReadPipeTransport(loop, pipe, reader, name);
        return reader;
    }

    /**
     * A writer to {@code pipe} on the running loop: {@code write} queues, a thread named {@code name} writes the
     * queue to the pipe, {@code drain()} waits while more than 64 KiB is queued, and {@code close()} (or
     * {@code writeEof()}) closes the pipe once the queue is written.
     */
    public static StreamWriter connectWritePipe(OutputStream pipe, String name) {
        EventLoop loop = CoreAccess.hooks().runningLoop("Pipes.connectWritePipe");
        return new StreamWriter(new WritePipeTransport(loop, pipe, name));
    }
}
