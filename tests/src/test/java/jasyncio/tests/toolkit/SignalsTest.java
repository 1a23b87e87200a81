package jasyncio.tests.toolkit;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.newEventLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.toThread;
import static jasyncio.Asyncio.waitFor;
import static jasyncio.net.Net.openUnixConnection;
import static jasyncio.net.Net.startUnixServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unix signals on the loop ({@code loop.addSignalHandler}, asyncio's {@code add_signal_handler}): each test raises
 * a signal to its own JVM only while a handler of its own is certainly installed, since the JVM's handler of
 * SIGHUP, SIGINT and SIGTERM ends the JVM.
 */
@Timeout(60)
class SignalsTest {
    @TempDir
    Path dir;

    /** Raises {@code name} to this JVM the way another process would: {@code kill -NAME <pid>}. */
    private static Integer kill(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill ended");
        return kill.exitValue();
    }

    @Nested
    class Delivery {
        @Async
        Coroutine<Thread> handleSighupFromAnotherProcess() throws Exception {
            EventLoop loop = getRunningLoop();
            Future<Thread> ranOn = loop.createFuture();
            loop.addSignalHandler("SIGHUP", () -> ranOn.setResult(Thread.currentThread()));
            try {
                assertEquals(0, await(toThread(() -> kill("HUP"))));
                return Coroutine.completed(await(waitFor(ranOn, 20)));
            } finally {
                assertTrue(loop.removeSignalHandler("SIGHUP"));
                assertFalse(loop.removeSignalHandler("SIGHUP"), "removed once: nothing left to remove");
            }
        }

        @Test
        void aSignalFromAnotherProcessRunsTheCallbackOnTheLoopsThread() throws Exception {
            assertSame(Thread.currentThread(), run(handleSighupFromAnotherProcess()));
        }

        @Async
        Coroutine<List<String>> countSignals() {
            EventLoop loop = getRunningLoop();
            List<String> seen = new ArrayList<>();
            List<Future<Void>> delivered = List.of(loop.createFuture(), loop.createFuture());
            loop.addSignalHandler("usr2", () -> {                           // any case, with or without SIG
                seen.add("first callback");
                delivered.get(seen.size() - 1).setResult(null);
            });
            loop.addSignalHandler("USR2", () -> {                           // replaces the first one
                seen.add("second callback");
                delivered.get(seen.size() - 1).setResult(null);
            });
            try {
                Signal.raise(new Signal("USR2"));
                await(waitFor(delivered.get(0), 20));
                Signal.raise(new Signal("USR2")); // after the first was handled: two signals, never merged into one
                await(waitFor(delivered.get(1), 20));
            } finally {
                loop.removeSignalHandler("SIGUSR2");
            }
            return Coroutine.completed(seen);
        }

        @Test
        void aSecondHandlerForTheSameSignalReplacesTheFirst() {
            assertEquals(List.of("second callback", "second callback"), run(countSignals()));
        }
    }

    @Nested
    class Refusals {
        @Async
        Coroutine<Void> add(String name) {
            getRunningLoop().addSignalHandler(name, () -> { });
            return Coroutine.completed();
        }

        @Test
        void aSignalNoProcessCanCatchIsRefusedWithTheReason() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(add("SIGKILL")));
            assertTrue(e.getMessage().contains("SIGKILL cannot be handled: no process can catch it"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> run(add("SIGSTOP")));
            assertTrue(e.getMessage().contains("no process can catch it"), e.getMessage());
        }

        @Test
        void sigquitIsTheJvmsForThreadDumps() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(add("SIGQUIT")));
            assertTrue(e.getMessage().contains("thread dump"), e.getMessage());
        }

        @Test
        void anUnknownSignalIsRefusedByName() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(add("SIGNOPE")));
            assertTrue(e.getMessage().contains("unknown signal 'SIGNOPE'"), e.getMessage());
        }

        @Async
        Coroutine<String> takeFromAnotherLoop(String name) {
            try {
                getRunningLoop().addSignalHandler(name, () -> { });
                return Coroutine.completed("taken");
            } catch (IllegalStateException e) {
                return Coroutine.completed(e.getMessage());
            }
        }

        @Test
        void aSignalAnotherOpenLoopHandlesIsRefusedUntilThatLoopLetsGo() {
            EventLoop other = newEventLoop();
            try {
                other.addSignalHandler("SIGUSR2", () -> { });
                String refused = run(takeFromAnotherLoop("SIGUSR2"));
                assertTrue(refused.contains("SIGUSR2 is already handled by another event loop"), refused);
            } finally {
                other.close(); // gives SIGUSR2 back
            }
            assertEquals("taken", run(takeFromAnotherLoop("SIGUSR2"))); // and run() closed that loop: given back
        }
    }

    /** Tries to handle SIGHUP in a JVM started with it ignored, and prints what happened. */
    public static final class HandleSighup {
        public static void main(String[] args) {
            EventLoop loop = newEventLoop();
            try {
                loop.addSignalHandler("SIGHUP", () -> { });
                System.out.println("accepted");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            } finally {
                loop.close();
            }
        }
    }

    @Nested
    class IgnoredAtStart {
        @Test
        void aSignalTheProcessStartedWithIgnoredIsRefusedSayingWhy() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // what nohup does to the JVM it starts: SIGHUP ignored before the JVM installs anything
            Process child = new ProcessBuilder("sh", "-c", "trap '' HUP; exec \"$@\"", "sh", java, "-cp",
                    System.getProperty("java.class.path"), HandleSighup.class.getName())
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ended");
            assertTrue(output.startsWith("SIGHUP cannot be handled: this process was started with it ignored"),
                    output);
        }
    }

    @Nested
    class Restoring {
        @Async
        Coroutine<Void> addThenMaybeRemove(boolean remove) {
            EventLoop loop = getRunningLoop();
            loop.addSignalHandler("SIGUSR2", () -> { });
            if (remove) {
                assertTrue(loop.removeSignalHandler("SIGUSR2"));
            }
            return Coroutine.completed();
        }

        @Test
        void theHandlerBeforeComesBackOnRemoveAndWhenTheLoopCloses() throws Exception {
            CountDownLatch before = new CountDownLatch(2);
            SignalHandler original = Signal.handle(new Signal("USR2"), signal -> before.countDown());
            try {
                run(addThenMaybeRemove(true));
                Signal.raise(new Signal("USR2"));
                run(addThenMaybeRemove(false)); // run() closes its loop, which gives the signal back
                Signal.raise(new Signal("USR2"));
                assertTrue(before.await(20, TimeUnit.SECONDS), "the handler before got both signals");
            } finally {
                Signal.handle(new Signal("USR2"), original);
            }
        }
    }

    @Nested
    class GracefulShutdown {
        /**
         * A handler for a client that reads nothing: queues more than the kernel and the client's reader can take
         * ({@code draining} is set then) and waits in {@code drain()}; {@code ended} says how the drain ended.
         */
        @Async
        Coroutine<Void> flood(StreamWriter writer, Future<Void> draining, Future<String> ended) {
            writer.write(new byte[32 << 20]);
            draining.setResult(null);
            try {
                await(writer.drain());
                ended.setResult("drain returned");
            } catch (IOException e) {
                ended.setResult("drain: " + e.getClass().getSimpleName());
            }
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> greet(StreamReader reader, StreamWriter writer, Future<String> ended) throws IOException {
            writer.write("hello\n");
            ended.setResult("polite client: " + await(reader.readLine())); // null: the server closed the connection
            return Coroutine.completed();
        }

        /**
         * The program: serves until SIGTERM, then stops listening, closes the connections gracefully, aborts those
         * still open after a deadline (a client that reads nothing), and returns: run() ends.
         */
        @Async
        Coroutine<List<String>> serveUntilSigterm(Path path) throws IOException {
            EventLoop loop = getRunningLoop();
            List<String> events = new ArrayList<>();
            Future<Void> draining = loop.createFuture();
            Future<String> slowEnded = loop.createFuture();
            Future<String> politeEnded = loop.createFuture();
            int[] accepted = {0};
            Server server = await(startUnixServer((r, w) -> accepted[0]++ == 0
                    ? flood(w, draining, slowEnded) : greet(r, w, politeEnded), path));
            loop.addSignalHandler("SIGTERM", () -> {
                events.add("SIGTERM on the loop's thread: " + (getRunningLoop() == loop));
                server.close(); // serveForever() below returns
            });
            Connection slow = await(openUnixConnection(path));   // reads nothing
            await(waitFor(draining, 20));
            Connection polite = await(openUnixConnection(path));
            assertEquals("hello", await(polite.reader().readLine()));
            Signal.raise(new Signal("TERM")); // as `kill <pid>` would; the handler above is installed
            await(waitFor(server.serveForever(), 20));
            server.closeClients();
            try {
                await(waitFor(server.waitClosed(), 0.2));
                events.add("all closed in time");
            } catch (AsyncTimeoutException deadline) {
                events.add("deadline passed: abort");
                server.abortClients();
                await(waitFor(server.waitClosed(), 20));
            }
            events.add(await(waitFor(politeEnded, 20)));
            events.add(await(waitFor(slowEnded, 20)));
            slow.writer().close();
            polite.writer().close();
            return Coroutine.completed(events);
        }

        @Test
        void aServerStopsOnSigtermDrainsItsClientsAndRunEnds() throws IOException {
            assertEquals(List.of("SIGTERM on the loop's thread: true", "deadline passed: abort", "polite client: null",
                    "drain: SocketException"), run(serveUntilSigterm(dir.resolve("svc.sock"))));
            // run() closed the loop: SIGTERM is the JVM's again (its shutdown), not this test's callback. Probed with
            // a Java handler: putting back what a probe with SIG_DFL returns would not reinstall the JVM's own handler.
            SignalHandler now = Signal.handle(new Signal("TERM"), signal -> { });
            Signal.handle(new Signal("TERM"), now);
            assertFalse(String.valueOf(now).contains("signal handler of"), String.valueOf(now));
        }

        @Async
        Coroutine<String> abortOnSignalDuringADrain(Path path) throws IOException {
            EventLoop loop = getRunningLoop();
            Future<Void> draining = loop.createFuture();
            Future<String> ended = loop.createFuture();
            Server server = await(startUnixServer((r, w) -> flood(w, draining, ended), path));
            loop.addSignalHandler("SIGHUP", server::abortClients);
            Connection slow = await(openUnixConnection(path));
            await(waitFor(draining, 20));
            Signal.raise(new Signal("HUP")); // the handler waits in drain() now
            String end = await(waitFor(ended, 20));
            server.close();
            await(waitFor(server.waitClosed(), 20));
            slow.writer().close();
            return Coroutine.completed(end);
        }

        @Test
        void aSignalDuringADrainEndsItWithTheAbort() throws IOException {
            assertEquals("drain: SocketException", run(abortOnSignalDuringADrain(dir.resolve("hup.sock"))));
        }
    }
}
