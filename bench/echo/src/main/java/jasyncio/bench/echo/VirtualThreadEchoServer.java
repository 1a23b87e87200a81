package jasyncio.bench.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * One virtual thread per connection with blocking sockets; bench/run sets the carrier parallelism to 1
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}) so that it serves from one core like the others.
 *
 * <p>Run: {@code java -cp bench/echo/target/benchmarks.jar jasyncio.bench.echo.VirtualThreadEchoServer host port}.
 */
public final class VirtualThreadEchoServer {
    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 1024, InetAddress.getByName(args[0]));
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> echo(client));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).join();
    }

    private static void echo(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The client went away: nothing to echo any more.
        }
    }
}
