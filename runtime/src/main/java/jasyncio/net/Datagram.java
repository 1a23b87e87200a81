package jasyncio.net;

import java.net.SocketAddress;

/** One UDP datagram received by a {@link DatagramEndpoint}: its bytes and who sent it. */
public final class Datagram {
    private final byte[] data;
    private final SocketAddress source;

    Datagram(byte[] data, SocketAddress source) {
        this.data = data;
        this.source = source;
    }

    public byte[] data() {
        return data;
    }

    public SocketAddress source() {
        return source;
    }

    @Override
    public String toString() {
        return "<Datagram " + data.length + " bytes from " + source + ">";
    }
}
