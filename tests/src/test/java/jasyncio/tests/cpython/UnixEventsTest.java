package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The parts of CPython 3.13 {@code Lib/test/test_asyncio/test_unix_events.py} that jasyncio offers, ported test by
 * test: {@code SelectorEventLoopSignalTests} ({@code loop.add_signal_handler}, here {@code addSignalHandler} by
 * name) and {@code SelectorEventLoopUnixSocketTests} ({@code create_unix_server}/{@code create_unix_connection},
 * here {@code startUnixServer}/{@code openUnixConnection}). CPython mocks the {@code signal} module and checks the
 * calls made to it; these install real handlers and read the JVM's handler back (installing a probe and putting
 * the handler back at once) to see what the loop left in place. A signal is raised only to this JVM, only SIGHUP,
 * and only while the loop's handler for it is installed.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixEventsTest {
    /**
     * The handler the JVM runs for {@code name} now: a Java probe is installed and the handler put back at once.
     * (A native probe such as {@code SIG_IGN} would not do: the JDK does not reinstall its own handlers, the
     * JVM's shutdown on SIGHUP, from what {@code Signal.handle} returned once a native handler replaced them.)
     */
    static SignalHandler currentHandler(String name) {
        Signal signal = new Signal(name);
        SignalHandler current = Signal.handle(signal, PROBE);
        Signal.handle(signal, current);
        return current;
    }

    static final SignalHandler PROBE = signal -> {
    };

    /**
     * Runs {@code body} with a handler of the test's own for {@code name} (asyncio's tests see {@code SIG_DFL} or
     * {@code default_int_handler} in its place), which it must find again after the loop is done with the signal;
     * the JVM's comes back after.
     */
    static void withHandlerBefore(String name, java.util.function.Consumer<SignalHandler> body) {
        SignalHandler before = signal -> {
        };
        SignalHandler jvms = Signal.handle(new Signal(name), before);
        try {
            body.accept(before);
        } finally {
            Signal.handle(new Signal(name), jvms);
        }
    }

    static final Runnable NOTHING = () -> {
    };

    @Nested
    class SelectorEventLoopSignalTests extends WithLoop {
        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopSignalTests::test_check_signal")
        void checkSignal() {
            // asyncio: TypeError for a signal that is no int ('1'), ValueError for one past NSIG. A name here:
            // one the system does not know is an IllegalArgumentException saying so, for both methods.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.addSignalHandler("1", NOTHING));
            assertTrue(e.getMessage().contains("unknown signal '1'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler("SIGNOSUCHTHING"));
            assertTrue(e.getMessage().contains("unknown signal"), e.getMessage());
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler")
        void addSignalHandler() {
            // asyncio checks that the Handle it keeps holds the callback; here the callback runs on the signal.
            Future<Thread> ranOn = loop.createFuture();
            loop.addSignalHandler("SIGHUP", () -> ranOn.setResult(Thread.currentThread()));
            try {
                Signal.raise(new Signal("HUP")); // this loop's handler is installed
                assertSame(Thread.currentThread(), loop.runUntilComplete(waitFor(ranOn, 20)));
            } finally {
                assertTrue(loop.removeSignalHandler("SIGHUP"));
            }
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler_install_error2")
        void addSignalHandlerInstallError2() {
            // asyncio: signal.signal() fails with EINVAL (a signal that cannot be caught) -> RuntimeError, and the
            // loop's other handler stays. SIGKILL is such a signal for real.
            loop.addSignalHandler("SIGHUP", NOTHING);
            try {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> loop.addSignalHandler("SIGKILL", NOTHING));
                assertTrue(e.getMessage().contains("SIGKILL cannot be handled"), e.getMessage());
                assertFalse(loop.removeSignalHandler("SIGKILL"), "the refused signal was not registered");
            } finally {
                assertTrue(loop.removeSignalHandler("SIGHUP"), "the other handler stayed");
            }
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler_install_error3")
        void addSignalHandlerInstallError3() {
            // the same with no other handler: nothing is left behind, and the signal stays free for a later loop
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.addSignalHandler("SIGSTOP", NOTHING));
            assertTrue(e.getMessage().contains("SIGSTOP cannot be handled"), e.getMessage());
            assertFalse(loop.removeSignalHandler("SIGSTOP"));
            loop.close();
            EventLoop next = newEventLoop();
            try {
                assertThrows(IllegalArgumentException.class, () -> next.addSignalHandler("SIGSTOP", NOTHING));
            } finally {
                next.close();
            }
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopSignalTests::test_remove_signal_handler")
        void removeSignalHandler() {
            // asyncio restores SIG_DFL: the handler the signal had before the loop's comes back here
            withHandlerBefore("HUP", before -> {
                loop.addSignalHandler("SIGHUP", NOTHING);
                assertNotSame(before, currentHandler("HUP"));
                assertTrue(loop.removeSignalHandler("SIGHUP"));
                assertSame(before, currentHandler("HUP"));
            });
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopSignalTests::test_remove_signal_handler_2")
        void removeSignalHandler2() {
            // asyncio restores signal.default_int_handler for SIGINT while another signal stays handled; here the
            // handler SIGINT had before. SIGINT is never raised.
            withHandlerBefore("INT", before -> {
                loop.addSignalHandler("SIGINT", NOTHING);
                loop.addSignalHandler("SIGUSR2", NOTHING);
                assertTrue(loop.removeSignalHandler("SIGINT"));
                assertSame(before, currentHandler("INT"));
                assertTrue(loop.removeSignalHandler("SIGUSR2"));
            });
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopSignalTests::test_close")
        void closeRemovesTheHandlers() {
            // asyncio adds SIGHUP and SIGCHLD; SIGUSR2 stands for SIGCHLD, which the JDK's process reaper lives by
            withHandlerBefore("HUP", hup -> withHandlerBefore("USR2", usr2 -> {
                loop.addSignalHandler("SIGHUP", NOTHING);
                loop.addSignalHandler("SIGUSR2", NOTHING);
                loop.close();
                assertSame(hup, currentHandler("HUP"));
                assertSame(usr2, currentHandler("USR2"));
                EventLoop next = newEventLoop(); // the signals are free again: no "already handled by another loop"
                try {
                    next.addSignalHandler("SIGHUP", NOTHING);
                    next.addSignalHandler("SIGUSR2", NOTHING);
                } finally {
                    next.close();
                }
                assertSame(hup, currentHandler("HUP"));
                assertSame(usr2, currentHandler("USR2"));
            }));
        }
    }

    @Nested
    class SelectorEventLoopUnixSocketTests extends WithLoop {
        @TempDir
        Path dir;

        @Async
        Coroutine<Void> nothing(StreamReader reader, StreamWriter writer) {
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_server_existing_path_sock")
        void createUnixServerExistingPathSock() throws IOException {
            Path path = dir.resolve("stale.sock");
            try (ServerSocketChannel sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                sock.bind(UnixDomainSocketAddress.of(path), 1); // sock.bind(path); sock.listen(1)
            } // sock.close(): the file stays, nobody listens
            assertTrue(Files.exists(path));
            Server srv = loop.runUntilComplete(startUnixServer(this::nothing, path));
            srv.close();
            loop.runUntilComplete(srv.waitClosed());
            assertEquals(List.of(), logged);
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_server_pathlib")
        void createUnixServerPathlib() throws IOException {
            Path path = dir.resolve("pathlib.sock");
            Server srv = loop.runUntilComplete(startUnixServer(this::nothing, path));
            assertEquals(path, srv.getPath());
            srv.close();
            loop.runUntilComplete(srv.waitClosed());
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_connection_pathlib")
        void createUnixConnectionPathlib() {
            // asyncio raises FileNotFoundError; jasyncio a ConnectException naming the path (docs/networking.md)
            Path path = dir.resolve("nobody.sock");
            ConnectException e = assertThrows(ConnectException.class,
                    () -> loop.runUntilComplete(openUnixConnection(path)));
            assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_server_existing_path_nonsock")
        void createUnixServerExistingPathNonsock() throws IOException {
            // asyncio: OSError 'Address already in use'; jasyncio: a BindException (an OSError's counterpart)
            // saying what the path is, and the file is never deleted
            Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
            BindException e = assertThrows(BindException.class,
                    () -> loop.runUntilComplete(startUnixServer(this::nothing, file)));
            assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
            assertEquals("keep me", Files.readString(file));
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_server_nopath_nosock")
        void createUnixServerNopathNosock() {
            // asyncio: ValueError 'path was not specified, and no sock specified'; no sock= here, so a null path
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> startUnixServer(this::nothing, (Path) null));
            assertNotNull(e.getMessage(), "the refusal says what is missing");
            assertTrue(e.getMessage().contains("path"), e.getMessage());
        }

        @Test
        @DisplayName("test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_connection_nopath_nosock")
        void createUnixConnectionNopathNosock() {
            // asyncio: ValueError 'no path and sock were specified'
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> openUnixConnection((Path) null));
            assertNotNull(e.getMessage(), "the refusal says what is missing");
            assertTrue(e.getMessage().contains("path"), e.getMessage());
        }
    }
}
