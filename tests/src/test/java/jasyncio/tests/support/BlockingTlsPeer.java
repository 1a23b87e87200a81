package jasyncio.tests.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection served on a thread by the JDK's blocking {@link SSLSocket}, for what a jasyncio peer would
 * not do: renegotiate, offer a single protocol version, or end the TCP connection without close_notify.
 */
public final class BlockingTlsPeer implements AutoCloseable {
    /** What the peer does with its connection; an {@link IOException} is the jasyncio side ending it. */
    public interface Session {
        /** {@code tls} is layered over {@code tcp}; closing {@code tcp} alone ends it without close_notify. */
        void run(SSLSocket tls, Socket tcp) throws IOException;
    }

    private final ServerSocket listener;
    private final Thread thread;

    private BlockingTlsPeer(ServerSocket listener, SSLContext context, String protocol, Session session) {
        this.listener = listener;
        this.thread = new Thread(() -> {
            try (Socket tcp = listener.accept();
                 SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, null, false)) {
                tcp.setSoTimeout(10_000);
                tls.setUseClientMode(false);
                tls.setEnabledProtocols(new String[] {protocol});
                session.run(tls, tcp);
            } catch (IOException expected) {
                // the jasyncio side ends the connection
            }
        }, "blocking-tls-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** A server on loopback presenting {@code context}'s certificate over {@code protocol} ("TLSv1.2") only. */
    public static BlockingTlsPeer server(SSLContext context, String protocol, Session session) throws IOException {
        return new BlockingTlsPeer(new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")), context, protocol,
                session);
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        listener.close();
        thread.join(10_000);
    }
}
