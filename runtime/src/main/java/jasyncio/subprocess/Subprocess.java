package jasyncio.subprocess;

import jasyncio.Async;
import jasyncio.Asyncio;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.net.Pipes;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;

/**
 * A running program, asyncio's {@code asyncio.subprocess.Process}: its pipes as streams of the loop
 * ({@link #stdin()} a {@link StreamWriter}, {@link #stdout()} and {@link #stderr()} {@link StreamReader}s, with
 * their back-pressure), its exit as something to await ({@link #waitExit()}), and {@link #communicate} to feed it
 * and collect its output in one go. Named {@code Subprocess} rather than {@code Process} so that it never hides
 * {@link java.lang.Process} (imported implicitly in every Java file).
 *
 * <pre>{@code
 * Subprocess p = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
 * p.stdin().write("hello\n");
 * String line = await(p.stdout().readLine());      // hello
 * p.stdin().close();
 * int code = await(p.waitExit());                  // 0
 * }</pre>
 *
 * <p>Nothing blocks the loop: each pipe is pumped by a daemon thread named {@code jasyncio-process-<pid>-stdout}
 * (and {@code -stderr}, {@code -stdin}), which ends with the pipe; the exit arrives from the JDK's
 * {@link java.lang.Process#onExit()}. Cancelling a task that awaits {@link #waitExit()} does not touch the
 * process (as in asyncio): {@link #kill()} it in a {@code finally} if it must not outlive the task.
 */
public final class Subprocess {
    private final Process process;
    private final List<String> command;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    /** The exit code, set on the loop once the JDK saw the process end. */
    private final Future<Integer> exit;

    Subprocess(EventLoop loop, Process process, List<String> command, boolean pipeIn, boolean pipeOut,
               boolean pipeErr, int limit) {
        this.process = process;
        this.command = command;
        String threads = "jasyncio-process-" + process.pid() + "-";
        stdin = pipeIn ? Pipes.connectWritePipe(process.getOutputStream(), threads + "stdin") : null;
        stdout = pipeOut ? Pipes.connectReadPipe(process.getInputStream(), threads + "stdout", limit) : null;
        stderr = pipeErr ? Pipes.connectReadPipe(process.getErrorStream(), threads + "stderr", limit) : null;
        exit = loop.createFuture();
        process.onExit().whenComplete((ended, error) -> {
            try {
                loop.callSoonThreadsafe(() -> exit.setResult(process.exitValue()));
            } catch (IllegalStateException closedLoop) {
                // The loop was closed while the process ran: nobody can await its exit any more, nothing is lost.
            }
        });
    }

    /** Runs {@code program} with {@code args} as they are (no shell), asyncio's {@code create_subprocess_exec}. */
    public static SubprocessBuilder exec(String program, String... args) {
        List<String> command = new ArrayList<>(1 + args.length);
        command.add(program);
        command.addAll(List.of(args));
        return new SubprocessBuilder(command);
    }

    /** Runs {@code command}: the program, then its arguments. */
    public static SubprocessBuilder exec(List<String> command) {
        return new SubprocessBuilder(command);
    }

    /**
     * Runs {@code command} through the shell ({@code /bin/sh -c}; {@code cmd.exe /c} on Windows), asyncio's
     * {@code create_subprocess_shell}: pipes, globs and variables work, and so does injection: quote what you did not
     * write yourself.
     */
    public static SubprocessBuilder shell(String command) {
        return System.getProperty("os.name").startsWith("Windows")
                ? exec("cmd.exe", "/c", command)
                : exec("/bin/sh", "-c", command);
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The JDK's handle of the process: its {@code info()}, children, descendants. */
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    /** Writes to the process's standard input; {@code close()} it to send the end of input. */
    public StreamWriter stdin() {
        return piped(stdin, "stdin");
    }

    /** Reads the process's standard output. */
    public StreamReader stdout() {
        return piped(stdout, "stdout");
    }

    /** Reads the process's standard error. */
    public StreamReader stderr() {
        return piped(stderr, "stderr");
    }

    private <T> T piped(T stream, String which) {
        if (stream == null) {
            throw new IllegalStateException(which + " of " + this + " is not a pipe: start the process with ."
                    + which + "(Stdio.PIPE) to " + (which.equals("stdin") ? "write to" : "read") + " it");
        }
        return stream;
    }

    /**
     * The exit code once the loop has seen the process end, else null (asyncio's {@code returncode}). A process
     * ended by a signal has 128 + the signal's number, as the JDK and shells report it: 137 after {@link #kill()},
     * 143 after {@link #terminate()} (asyncio gives the negative signal number).
     */
    public Integer returnCode() {
        return exit.done() ? exit.result() : null;
    }

    /**
     * Waits for the process to end and returns its exit code, asyncio's {@code wait()}. Cancelling the waiting task
     * leaves the process running. With stdout or stderr piped and not read, a process writing more than the pipes
     * hold never ends: read them, or use {@link #communicate}.
     */
    @Async
    public Coroutine<Integer> waitExit() {
        return Coroutine.completed(await(Asyncio.shield(exit)));
    }

    /**
     * Sends {@code input} (may be null) to stdin and closes it, reads stdout and stderr to their end, all at once,
     * and waits for the exit, asyncio's {@code communicate()}: no deadlock, however large the input and outputs.
     * A process that exits without reading all its input is no error (the rest is dropped, as in asyncio).
     * Cancelled, it leaves the process running.
     *
     * @throws IllegalStateException if {@code input} is given and stdin is not {@link Stdio#PIPE}
     */
    @Async
    public Coroutine<Output> communicate(byte[] input) throws IOException {
        if (input != null) {
            stdin();
        }
        List<Awaitable<?>> parts = List.of(feed(input), readAll(stdout), readAll(stderr));
        List<Object> outputs = await(Asyncio.gather(parts));
        await(waitExit());
        return Coroutine.completed(new Output((byte[]) outputs.get(1), (byte[]) outputs.get(2)));
    }

    /** {@link #communicate(byte[])} with no input (stdin, if piped, is closed). */
    public Coroutine<Output> communicate() throws IOException {
        return communicate(null);
    }

    @Async
    private Coroutine<Void> feed(byte[] input) {
        if (stdin == null) {
            return Coroutine.completed();
        }
        try {
            if (input != null) {
                stdin.write(input);
                await(stdin.drain());
            }
        } catch (IOException brokenPipe) {
            // The process exited or closed its stdin before reading everything: asyncio ignores it too, and the
            // exit code says what happened.
        }
        stdin.close();
        return Coroutine.completed();
    }

    @Async
    private static Coroutine<byte[]> readAll(StreamReader reader) throws IOException {
        return Coroutine.completed(reader == null ? null : await(reader.read(-1)));
    }

    /**
     * Asks the process to end (SIGTERM), asyncio's {@code terminate()}; nothing once it has ended. Its pipes stay
     * as they are: what it wrote before it ended can still be read, then the end of the stream.
     */
    public void terminate() {
        // Through the handle: Process.destroy() would also close the pipes under their pumps, losing what they
        // hold and failing their reads with "Stream closed", where asyncio's readers see the output, then its end.
        process.toHandle().destroy();
    }

    /** Ends the process at once (SIGKILL), asyncio's {@code kill()}; nothing once it has ended. Pipes as {@link #terminate()}. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    @Override
    public String toString() {
        Integer code = returnCode();
        return "<Subprocess pid=" + process.pid() + (code == null ? " running" : " returncode=" + code) + " "
                + command + ">";
    }

    /**
     * What {@link #communicate} collected, asyncio's {@code (stdout_data, stderr_data)}: null for a stream that was
     * not {@link Stdio#PIPE}.
     */
    public record Output(byte[] stdout, byte[] stderr) {
        /** stdout as UTF-8 text, or null. */
        public String stdoutText() {
            return stdout == null ? null : new String(stdout, StandardCharsets.UTF_8);
        }

        /** stderr as UTF-8 text, or null. */
        public String stderrText() {
            return stderr == null ? null : new String(stderr, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Output[stdout=" + (stdout == null ? "none" : stdout.length + " bytes")
                    + ", stderr=" + (stderr == null ? "none" : stderr.length + " bytes") + "]";
        }
    }
}
