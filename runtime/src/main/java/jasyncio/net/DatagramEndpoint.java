package jasyncio.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.Throwables;
import jasyncio.iter.AsyncIterable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;

import static jasyncio.Asyncio.await;

/**
 * A UDP socket on the loop, like asyncio's datagram endpoint: {@link #send} never blocks (a datagram the
 * socket cannot take now is queued and sent when it can), and {@code await(endpoint.receive())} returns the
 * next datagram with its source. Datagrams that arrive while nobody receives are queued, up to a bound past
 * which the socket is no longer read (UDP then drops them, as UDP does). Made by
 * {@link Net#openDatagramEndpoint}.
 */
public final class DatagramEndpoint {
    /** Datagrams kept for {@link #receive()} before reading stops. */
    private static final int MAX_QUEUED = 1024;
    private static final int MAX_DATAGRAM = 65_507;

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final ArrayDeque<Datagram> received = new ArrayDeque<>();
    private final ArrayDeque<Object[]> unsent = new ArrayDeque<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private Future<Void> waiter;
    private IOException failure;
    private boolean reading;
    private boolean closed;

    DatagramEndpoint(EventLoop loop, DatagramChannel channel) {
        this.loop = loop;
        this.channel = channel;
        resumeReading();
    }

    private void resumeReading() {
        if (!reading && !closed) {
            reading = true;
            loop.addReader(channel, this::readable);
        }
    }

    private void readable() {
        try {
            while (received.size() < MAX_QUEUED) {
                buffer.clear();
                SocketAddress source = channel.receive(buffer);
                if (source == null) {
                    break;
                }
                buffer.flip();
                byte[] data = new byte[buffer.remaining()];
                buffer.get(data);
                received.add(new Datagram(data, source));
            }
        } catch (IOException e) {
            failure = e;
        }
        if (received.size() >= MAX_QUEUED) {
            reading = false;
            loop.removeReader(channel);
        }
        Future<Void> w = waiter;
        waiter = null;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }

    /**
     * The next datagram. A failure the socket reported (a {@code PortUnreachableException} on a connected
     * endpoint, say) is thrown here, once.
     */
    @Async
    public Coroutine<Datagram> receive() throws IOException {
        while (received.isEmpty()) {
            throwFailure();
            if (closed) {
                throw new ClosedChannelException();
            }
            if (waiter != null) {
                throw new IllegalStateException("receive() called while another coroutine is already receiving");
            }
            Future<Void> w = loop.createFuture();
            waiter = w;
            try {
                await(w);
            } finally {
                if (waiter == w) {
                    waiter = null;
                }
            }
        }
        Datagram next = received.poll();
        resumeReading();
        return Coroutine.completed(next);
    }

    /**
     * The datagrams, as {@link #receive()} returns them, until the endpoint is closed (those received before
     * {@link #close()} come first); a failure the socket reports ends the iteration with it. Each iterator receives
     * on from where the endpoint stands.
     */
    public AsyncIterable<Datagram> datagrams() {
        return AsyncIterable.generate(out -> AsyncSources.datagrams(this, out));
    }

    private void throwFailure() throws IOException {
        IOException e = failure;
        if (e != null) {
            failure = null;
            throw e;
        }
    }

    /** Sends {@code data} to {@code target} (null for the connected peer); queued if the socket is full. */
    public void send(byte[] data, SocketAddress target) {
        if (closed) {
            throw new IllegalStateException("send on a closed " + this);
        }
        if (data.length > MAX_DATAGRAM) {
            throw new IllegalArgumentException("a UDP datagram carries at most " + MAX_DATAGRAM + " bytes, not " + data.length);
        }
        if (unsent.isEmpty() && trySend(ByteBuffer.wrap(data), target)) {
            return;
        }
        if (unsent.isEmpty()) {
            loop.addWriter(channel, this::writable);
        }
        unsent.add(new Object[] {data, target});
    }

    /** Sends to the connected peer. */
    public void send(byte[] data) {
        send(data, null);
    }

    private boolean trySend(ByteBuffer data, SocketAddress target) {
        try {
            int sent = target == null ? channel.write(data) : channel.send(data, target);
            return sent > 0 || data.remaining() == 0;
        } catch (IOException e) {
            failure = e;
            return true;
        }
    }

    private void writable() {
        while (!unsent.isEmpty()) {
            Object[] next = unsent.peek();
            if (!trySend(ByteBuffer.wrap((byte[]) next[0]), (SocketAddress) next[1])) {
                return;
            }
            unsent.poll();
        }
        loop.removeWriter(channel);
    }

    /** Datagrams queued for sending. */
    public int pendingSends() {
        return unsent.size();
    }

    public InetSocketAddress getLocalAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** The peer of a connected endpoint, or null. */
    public SocketAddress getRemoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    /** Closes the socket; a waiting {@link #receive()} throws {@code ClosedChannelException}. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unsent.clear();
        try {
            channel.close();
        } catch (IOException e) {
            throw Throwables.sneakyThrow(e);
        } finally {
            Future<Void> w = waiter;
            waiter = null;
            if (w != null && !w.done()) {
                w.setResult(null);
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "<DatagramEndpoint " + channel + (closed ? " closed" : "") + " queued=" + received.size() + ">";
    }
}
