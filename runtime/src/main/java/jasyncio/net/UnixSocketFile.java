package jasyncio.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The file of a listening Unix-domain socket ({@link Net#startUnixServer}). Binding removes a stale socket file
 * left by a dead server, as asyncio does, but never a live server's (found by connecting to it) nor a file that is
 * not a socket; closing removes the file if it is still the one this server bound (not another server's since).
 */
final class UnixSocketFile {
    /** {@code S_IFMT} and {@code S_IFSOCK} of POSIX {@code st_mode}: the file type bits, and the socket type. */
    private static final int TYPE_BITS = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private final Path path;
    /** (device, inode) of the file bound, or null where the file system has no such key. */
    private final Object fileKey;

    private UnixSocketFile(Path path, Object fileKey) {
        this.path = path;
        this.fileKey = fileKey;
    }

    /** Binds {@code channel} to {@code path}, after removing a stale socket file there. */
    static UnixSocketFile bind(ServerSocketChannel channel, Path path, int backlog) throws IOException {
        removeIfStale(path);
        try {
            channel.bind(UnixDomainSocketAddress.of(path), backlog);
        } catch (SocketException e) {
            throw explained(e, path);
        }
        return new UnixSocketFile(path, fileKey(path));
    }

    Path path() {
        return path;
    }

    /** Removes the socket file, unless it is gone or another server bound the path since. */
    void remove() throws IOException {
        try {
            if (Objects.equals(fileKey(path), fileKey)) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            // already removed (by the user, or a server that took the path over and closed): nothing left to do
        }
    }

    private static void removeIfStale(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!isSocket(path, attributes)) {
            throw new BindException("cannot listen on " + path + ": the path exists and is not a socket"
                    + " (left alone): remove it or choose another path");
        }
        if (isLive(path)) {
            throw new BindException("cannot listen on " + path + ": a live server listens there (it accepts"
                    + " connections): close that server first or choose another path");
        }
        Files.deleteIfExists(path); // stale: what a server that died without closing leaves behind
    }

    private static boolean isSocket(Path path, BasicFileAttributes attributes) throws IOException {
        if (!attributes.isOther()) {
            return false; // a regular file, a directory or a link
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & TYPE_BITS) == SOCKET_TYPE;
        } catch (UnsupportedOperationException e) {
            return false; // no POSIX modes to tell a socket from a pipe or a device: never delete it then
        }
    }

    /** Someone listens on {@code path}: a connection is accepted, or pending in a full backlog. */
    private static boolean isLive(Path path) throws IOException {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * The JDK's exception for a bind or connect to {@code path}, with the path in its message and what to do:
     * too long a path, no socket there, or nobody listening. Other failures are returned as they are.
     */
    static SocketException explained(SocketException e, Path path) {
        String message = String.valueOf(e.getMessage());
        SocketException clearer;
        if (message.contains("too long")) {
            int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
            clearer = new SocketException("Unix domain socket path too long: " + path + " is " + bytes
                    + " bytes, more than the system takes (107 on Linux, 103 on macOS): use a shorter path,"
                    + " a relative one or one in a short directory such as /tmp");
        } else if (e instanceof ConnectException) {
            clearer = new ConnectException("connection refused by " + path + ": no server listens there"
                    + " (a stale socket file)");
        } else if (message.contains("No such file")) {
            clearer = new ConnectException("no Unix domain socket at " + path + " (" + message
                    + "): no server has bound this path");
        } else {
            return e;
        }
        clearer.initCause(e);
        return clearer;
    }
}
