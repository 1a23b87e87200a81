/**
 * Networking on the event loop ({@code asyncio.streams}, {@code sslproto}, datagram endpoints): the functions of
 * {@link jasyncio.net.Net} ({@code openConnection}, {@code startServer}, their Unix-domain twins
 * {@code openUnixConnection} and {@code startUnixServer}, {@code openDatagramEndpoint}), the
 * {@link jasyncio.net.StreamReader}/{@link jasyncio.net.StreamWriter} pair of a {@link jasyncio.net.Connection},
 * {@link jasyncio.net.Server} and {@link jasyncio.net.DatagramEndpoint}. The package-private transports (plain
 * sockets, TLS) wait for readiness through the loop's public {@code addReader}/{@code addWriter}; the one thing
 * they take from the core's non-public side, the loop's read buffer, comes through {@code jasyncio.internal}.
 * Happy Eyeballs connects race staggered attempts with {@link jasyncio.Asyncio#race}.
 */
package jasyncio.net;
