package jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The I/O readiness half of an {@link EventLoop}, beside it as Netty's {@code NioIoHandler} sits beside its loop:
 * the {@link Selector}, the reader and writer callbacks registered per channel (asyncio's {@code add_reader} /
 * {@code add_writer}), the poll that collects the callbacks of ready channels, and the replacement of a selector
 * that fails. Used from the loop's thread only, except {@link #wakeup()}.
 */
final class IoHandler {
    /** Size of the loop's one direct buffer for socket reads. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final EventLoop loop;
    /**
     * Where the loop waits for I/O; replaced when it fails. Volatile for {@link #wakeup()} from other threads
     * (package-private: tests inject a failing one).
     */
    volatile Selector selector;
    /** The selector's registered keys (read each iteration: {@code selector.keys()} checks the selector is open). */
    private Set<SelectionKey> channels;
    /** The selector was replaced and has not completed a select yet: if it fails too, the loop gives up. */
    private boolean selectorReplaced;
    /**
     * The I/O callbacks of the channels the last poll reported, which the loop runs before its ready queue: whatever
     * task they wake joins that queue in time to run in the same iteration.
     */
    private final ArrayList<Handle> ready = new ArrayList<>();
    /** The loop's one direct buffer for socket reads: data is copied out before the next read. */
    private ByteBuffer readBuffer;

    IoHandler(EventLoop loop) {
        this.loop = loop;
        try {
            selector = Selector.open();
            channels = selector.keys();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event loop's selector", e);
        }
    }

    /** True when some channel is watched: the loop must wait in the selector rather than park. */
    boolean hasChannels() {
        return !channels.isEmpty();
    }

    /** The callbacks of the channels the last poll found ready; the loop runs and clears them. */
    ArrayList<Handle> readyCallbacks() {
        return ready;
    }

    /** Wakes a loop waiting in {@link #select}; any thread may call it. */
    void wakeup() {
        selector.wakeup();
    }

    ByteBuffer readBuffer() {
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
        }
        return readBuffer;
    }

    /** Collects the callbacks of the channels ready now, without waiting. */
    void selectNow() {
        try {
            selector.selectNow(this::channelReady);
            selectorReplaced = false;
        } catch (IOException e) {
            replaceSelector(e);
        }
    }

    /** Waits in the selector up to {@code timeoutNanos} (forever when negative) for a channel to be ready. */
    void select(long timeoutNanos) {
        try {
            if (timeoutNanos < 0) {
                selector.select(this::channelReady);
            } else {
                selector.select(this::channelReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            }
            selectorReplaced = false;
        } catch (IOException e) {
            replaceSelector(e);
        }
    }

    /**
     * The selector failed (an {@code epoll_wait} error): as Netty does, a new one takes its place, with every channel
     * registered again with its interest and callbacks (those that were ready are found ready again), and the
     * failure is reported. A new selector that fails too before any select succeeds is beyond repair: that failure
     * ends the loop.
     */
    private void replaceSelector(IOException failure) {
        if (selectorReplaced) {
            throw new UncheckedIOException("the event loop's selector failed again right after it was replaced", failure);
        }
        Selector fresh;
        try {
            fresh = Selector.open();
        } catch (IOException e) {
            e.addSuppressed(failure);
            throw new UncheckedIOException("the event loop's selector failed, and no new one could be opened", e);
        }
        Selector failed = selector;
        for (SelectionKey key : failed.keys()) {
            if (key.isValid()) {
                Registration io = (Registration) key.attachment();
                try {
                    io.key = key.channel().register(fresh, key.interestOps(), io);
                } catch (ClosedChannelException closed) {
                    // closed since: nothing left to watch
                }
            }
        }
        selector = fresh;
        channels = fresh.keys();
        selectorReplaced = true;
        try {
            failed.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "the event loop's selector failed and was replaced; its " + channels.size()
                + " channels are watched by the new one");
        context.put("exception", failure);
        loop.callExceptionHandler(context);
    }

    /** A channel is ready: its reader and/or writer callback is to run. */
    private void channelReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        Registration io = (Registration) key.attachment();
        int ops = key.readyOps();
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && io.reader != null) {
            ready.add(io.reader);
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && io.writer != null) {
            ready.add(io.writer);
        }
    }

    /** Runs {@code reader} whenever {@code channel} can be read or accept; replaces an earlier reader. */
    void addReader(SelectableChannel channel, Handle reader) {
        Registration io = registration(channel);
        io.reader = reader;
        io.update(channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT), true);
    }

    boolean removeReader(SelectableChannel channel) {
        Registration io = existingRegistration(channel);
        if (io == null || io.reader == null) {
            return false;
        }
        io.reader.cancel();
        io.reader = null;
        io.update(SelectionKey.OP_READ | SelectionKey.OP_ACCEPT, false);
        return true;
    }

    /** Runs {@code writer} whenever {@code channel} can be written, or its pending connect completes. */
    void addWriter(SelectableChannel channel, Handle writer) {
        Registration io = registration(channel);
        io.writer = writer;
        boolean connecting = channel instanceof SocketChannel socket && socket.isConnectionPending();
        io.update(connecting ? SelectionKey.OP_CONNECT : channel.validOps() & SelectionKey.OP_WRITE, true);
    }

    boolean removeWriter(SelectableChannel channel) {
        Registration io = existingRegistration(channel);
        if (io == null || io.writer == null) {
            return false;
        }
        io.writer.cancel();
        io.writer = null;
        io.update(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, false);
        return true;
    }

    void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Registration registration(SelectableChannel channel) {
        Registration io = existingRegistration(channel);
        if (io != null) {
            return io;
        }
        try {
            io = new Registration();
            io.key = channel.register(selector, 0, io);
            return io;
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("cannot watch a closed channel: " + channel, e);
        }
    }

    private Registration existingRegistration(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        return key == null || !key.isValid() ? null : (Registration) key.attachment();
    }

    /** The callbacks of one channel, attached to its selection key. */
    private static final class Registration {
        SelectionKey key;
        Handle reader;
        Handle writer;

        void update(int ops, boolean add) {
            if (key.isValid()) {
                key.interestOps(add ? key.interestOps() | ops : key.interestOps() & ~ops);
            }
        }
    }
}
