package jasyncio.tests.cpython;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.subprocess.Subprocess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.*;
import static jasyncio.subprocess.Stdio.DEVNULL;
import static jasyncio.subprocess.Stdio.PIPE;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CPython 3.13 {@code Lib/test/test_asyncio/test_subprocess.py}, ported test by test: {@code SubprocessMixin}, which
 * CPython runs once per child watcher (Unix) or on the proactor (Windows), counted once. {@code
 * create_subprocess_exec(...)} is {@code Subprocess.exec(...).start()}, {@code proc.wait()} is {@code waitExit()}.
 * CPython's test programs are {@code sys.executable -c ...}; here the POSIX tools that do the same: {@code cat} is
 * PROGRAM_CAT, {@code sleep 60} is PROGRAM_BLOCKED (always killed), {@code wc -c} is
 * {@code print(len(sys.stdin.read()))}. The loop is {@code self.loop}, on the real clock, with delays ten times
 * shorter.
 * Two documented differences (docs/subprocesses.md): the exit code of a process ended by a signal is 128 + n where
 * asyncio gives -n, and there is no {@code send_signal}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
    static final List<String> PROGRAM_BLOCKED = List.of("sleep", "60");
    /** {@code support.PIPE_MAX_SIZE}: more than any pipe buffer holds. */
    static final int PIPE_MAX_SIZE = 4 * 1024 * 1024 + 1;

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The exit code of a process ended by signal {@code n}: 128 + n, where asyncio gives {@code -n}. */
    static int signalled(int n) {
        return 128 + n;
    }

    @Nested
    class SubprocessMixin extends WithLoop {
        @Async
        Coroutine<Object[]> catThroughPipes(byte[] data) throws IOException {
            Subprocess proc = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
            // feed data
            proc.stdin().write(data);
            await(proc.stdin().drain());
            proc.stdin().close();
            // get output and exitcode
            byte[] out = await(proc.stdout().read(-1));
            int exitcode = await(proc.waitExit());
            return Coroutine.completed(new Object[] {exitcode, out});
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_stdin_stdout_pipe")
        void stdinStdoutPipe() throws IOException {
            Object[] result = loop.runUntilComplete(waitFor(catThroughPipes(bytes("some data")), 60.0));
            assertEquals(0, result[0]);
            assertEquals("some data", text((byte[]) result[1]));
        }

        @Async
        Coroutine<Object[]> catCommunicate(byte[] data) throws IOException {
            Subprocess proc = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
            Subprocess.Output output = await(proc.communicate(data));
            return Coroutine.completed(new Object[] {proc.returnCode(), output.stdout()});
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_communicate")
        void communicate() throws IOException {
            Object[] result = loop.runUntilComplete(waitFor(catCommunicate(bytes("some data")), 60.0));
            assertEquals(0, result[0]);
            assertEquals("some data", text((byte[]) result[1]));
        }

        @Async
        Coroutine<Object[]> catCommunicateNothing() throws IOException {
            Subprocess proc = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
            Subprocess.Output output = await(proc.communicate());
            return Coroutine.completed(new Object[] {proc.returnCode(), output.stdout()});
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_communicate_none_input")
        void communicateNoneInput() throws IOException {
            Object[] result = loop.runUntilComplete(waitFor(catCommunicateNothing(), 60.0));
            assertEquals(0, result[0]);
            assertEquals("", text((byte[]) result[1]));
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_shell")
        void shell() throws IOException {
            Subprocess proc = loop.runUntilComplete(Subprocess.shell("exit 7").start());
            assertEquals(7, loop.runUntilComplete(proc.waitExit()));
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_kill")
        void kill() throws IOException {
            Subprocess proc = loop.runUntilComplete(Subprocess.exec(PROGRAM_BLOCKED).start());
            proc.kill();
            // asyncio: -signal.SIGKILL
            assertEquals(signalled(9), loop.runUntilComplete(proc.waitExit()));
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_kill_issue43884")
        void killIssue43884() throws IOException {
            // The shell's child keeps the stdout pipe open after the shell is killed: the exit arrives all the same.
            Subprocess proc = loop.runUntilComplete(Subprocess.shell("sleep 1; sleep 1").stdout(PIPE).start());
            loop.runUntilComplete(sleep(0.1));
            proc.kill();
            assertEquals(signalled(9), loop.runUntilComplete(proc.waitExit()));
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_terminate")
        void terminate() throws IOException {
            Subprocess proc = loop.runUntilComplete(Subprocess.exec(PROGRAM_BLOCKED).start());
            proc.terminate();
            // asyncio: -signal.SIGTERM
            assertEquals(signalled(15), loop.runUntilComplete(proc.waitExit()));
        }

        /** prepare_broken_pipe_test: a program that ends before its stdin can be fed, and more than a pipe holds. */
        Subprocess endsAtOnce() throws IOException {
            return loop.runUntilComplete(Subprocess.exec("true").stdin(PIPE).start());
        }

        @Async
        Coroutine<Void> writeStdin(Subprocess proc, byte[] data) throws IOException {
            // asyncio sleeps 0.5 s for the program to end; awaiting its exit says so by the order of events
            await(proc.waitExit());
            proc.stdin().write(data);
            await(proc.stdin().drain());
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_stdin_broken_pipe")
        void stdinBrokenPipe() throws IOException {
            Subprocess proc = endsAtOnce();
            // drain() must raise BrokenPipeError or ConnectionResetError: the IOException of the failed write
            // ("Broken pipe", or "Stream closed" once the JDK closed the pipe of the ended process)
            IOException e = assertThrows(IOException.class,
                    () -> loop.runUntilComplete(writeStdin(proc, new byte[PIPE_MAX_SIZE])));
            assertTrue(e.getMessage().contains("Broken pipe") || e.getMessage().contains("Stream closed"),
                    e.toString());
            assertEquals(0, loop.runUntilComplete(proc.waitExit()));
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_communicate_ignore_broken_pipe")
        void communicateIgnoreBrokenPipe() throws IOException {
            Subprocess proc = endsAtOnce();
            // communicate() must ignore BrokenPipeError when feeding stdin
            loop.runUntilComplete(proc.communicate(new byte[PIPE_MAX_SIZE]));
            assertEquals(0, loop.runUntilComplete(proc.waitExit()));
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_pause_reading")
        void pauseReading() throws IOException {
            int limit = 10;
            int size = limit * 2 + 1;
            Subprocess proc = loop.runUntilComplete(Subprocess.shell("head -c " + size + " /dev/zero | tr '\\0' x")
                    .stdin(PIPE).stdout(PIPE).limit(limit).start());
            Subprocess.Output output = loop.runUntilComplete(proc.communicate());
            assertEquals("x".repeat(size), output.stdoutText());
            // asyncio also checks, with mocks on the private pipe transport, that the reader paused and resumed
            // it. jasyncio's pump is not reachable from the public API; the pause it makes is shown by
            // subprocess/SubprocessTest.aReaderThatDoesNotReadHoldsTheProcessBack (the process blocks in write).
        }

        @Async
        Coroutine<Object[]> lenMessage(byte[] message, boolean devnullIn, boolean devnullOut, boolean devnullErr)
                throws IOException {
            Subprocess proc = await(Subprocess.exec("wc", "-c")
                    .stdin(devnullIn ? DEVNULL : PIPE)
                    .stdout(devnullOut ? DEVNULL : PIPE)
                    .stderr(devnullErr ? DEVNULL : PIPE).start());
            Subprocess.Output output = message == null ? await(proc.communicate()) : await(proc.communicate(message));
            int exitcode = await(proc.waitExit());
            return Coroutine.completed(new Object[] {output, exitcode});
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_stdin_not_inheritable")
        void stdinNotInheritable() throws IOException {
            // asyncio issue #209: stdin must not be inheritable, otherwise communicate() hangs
            Object[] result = loop.runUntilComplete(lenMessage(bytes("abc"), false, false, false));
            assertEquals("3", ((Subprocess.Output) result[0]).stdoutText().strip());
            assertEquals(0, result[1]);
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_empty_input")
        void emptyInput() throws IOException {
            Object[] result = loop.runUntilComplete(lenMessage(new byte[0], false, false, false));
            assertEquals("0", ((Subprocess.Output) result[0]).stdoutText().strip());
            assertEquals(0, result[1]);
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_devnull_input")
        void devnullInput() throws IOException {
            Object[] result = loop.runUntilComplete(lenMessage(null, true, false, false));
            assertEquals("0", ((Subprocess.Output) result[0]).stdoutText().strip());
            assertEquals(0, result[1]);
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_devnull_output")
        void devnullOutput() throws IOException {
            Object[] result = loop.runUntilComplete(lenMessage(bytes("abc"), false, true, false));
            assertNull(((Subprocess.Output) result[0]).stdout());
            assertEquals(0, result[1]);
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_devnull_error")
        void devnullError() throws IOException {
            Object[] result = loop.runUntilComplete(lenMessage(bytes("abc"), false, false, true));
            assertNull(((Subprocess.Output) result[0]).stderr());
            assertEquals(0, result[1]);
        }

        @Async
        Coroutine<Void> cancelWait() throws IOException {
            Subprocess proc = await(Subprocess.exec(PROGRAM_BLOCKED).start());
            try {
                // Create an internal future waiting on the process exit
                Task<Integer> task = loop.createTask(proc.waitExit());
                loop.callSoon(task::cancel);
                try {
                    await(task);
                    fail("the wait was cancelled");
                } catch (CancellationException expected) {
                    // as asyncio's except asyncio.CancelledError: pass
                }
                // Cancel the future
                task.cancel();
                assertNull(proc.returnCode(), "cancelling the wait leaves the process running");
            } finally {
                // Kill the process and wait until it is done
                proc.kill();
                await(proc.waitExit());
            }
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_cancel_process_wait")
        void cancelProcessWait() throws IOException {
            loop.runUntilComplete(cancelWait());
            assertEquals(List.of(), logged);
        }

        @Async
        Coroutine<Void> cancelMakeTransport() throws IOException {
            // Cancelled before its first step, the start never forks.
            Task<Subprocess> early = loop.createTask(Subprocess.exec(PROGRAM_BLOCKED).start());
            early.cancel();
            try {
                await(early);
                fail("cancelled before it started");
            } catch (CancellationException expected) {
                // pass
            }
            // asyncio's create_subprocess_exec awaits its pipes' connection after the fork, so a cancel that arrives
            // then kills the new process ("Exception during subprocess creation, kill the subprocess"). jasyncio's
            // start() forks and returns in one step (docs/subprocesses.md): a cancel scheduled after it, as here
            // with call_soon, finds the task done, with a process the caller owns and must end.
            Task<Subprocess> task = loop.createTask(Subprocess.exec(PROGRAM_BLOCKED).start());
            loop.callSoon(task::cancel);
            Subprocess proc = await(task);
            assertFalse(task.cancelled());
            proc.kill();
            assertEquals(signalled(9), await(proc.waitExit()));
            return Coroutine.completed();
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_cancel_make_subprocess_transport_exec")
        void cancelMakeSubprocessTransportExec() throws IOException {
            loop.runUntilComplete(cancelMakeTransport());
            assertEquals(List.of(), logged);
        }

        @Async
        Coroutine<IOException> popenError(boolean stdinPipe) {
            try {
                await(Subprocess.exec("/nonexistent/jasyncio-no-such-program", "-c", "pass")
                        .stdin(stdinPipe ? PIPE : jasyncio.subprocess.Stdio.INHERIT).start());
                return Coroutine.completed(null);
            } catch (IOException e) {
                return Coroutine.completed(e);
            }
        }

        /**
         * asyncio patches {@code subprocess.Popen} to fail and checks that the transport and the pipes made for it are
         * closed without a warning; a program that cannot be run makes the JDK's start fail the same way here, and the
         * loop's exception handler must hear nothing.
         */
        void checkPopenError(boolean stdinPipe) throws IOException {
            IOException e = loop.runUntilComplete(popenError(stdinPipe));
            assertNotNull(e, "a program that cannot be run fails the start");
            assertTrue(e.getMessage().contains("/nonexistent/jasyncio-no-such-program"), e.getMessage());
            runBrieflyTwice();
            assertEquals(List.of(), logged);
        }

        void runBrieflyTwice() throws IOException {
            Ported.runBriefly(loop);
            Ported.runBriefly(loop);
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_popen_error")
        void popenErrorTest() throws IOException {
            checkPopenError(false);
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_popen_error_with_stdin_pipe")
        void popenErrorWithStdinPipe() throws IOException {
            checkPopenError(true);
        }

        @Async
        Coroutine<Integer> readAfterExit() throws IOException {
            Subprocess process = await(Subprocess.shell("head -c 262144 /dev/zero; exit 1").stdout(PIPE).start());
            int total = 0;
            while (true) {
                byte[] data = await(process.stdout().read(65536));
                if (data.length > 0) {
                    total += data.length;
                    await(sleep(0.03));
                } else {
                    break;
                }
            }
            assertEquals(1, await(process.waitExit()));
            return Coroutine.completed(total);
        }

        @Test
        @DisplayName("test_subprocess.py::SubprocessMixin::test_read_stdout_after_process_exit")
        void readStdoutAfterProcessExit() throws IOException {
            assertEquals(64 * 4096, loop.runUntilComplete(readAfterExit()));
        }
    }
}
