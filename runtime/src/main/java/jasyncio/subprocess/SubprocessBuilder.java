package jasyncio.subprocess;

import jasyncio.Async;
import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.net.StreamReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options of a process to start, asyncio's keyword arguments of {@code create_subprocess_exec}: where each
 * standard stream goes ({@link Stdio#INHERIT} unless set, as in asyncio), the working directory, the environment
 * and the pipes' buffer limit. {@link #start()} starts it. Made by {@link Subprocess#exec} and
 * {@link Subprocess#shell}; a builder may start several processes.
 */
public final class SubprocessBuilder {
    private final List<String> command;
    private Stdio stdin = Stdio.INHERIT;
    private Stdio stdout = Stdio.INHERIT;
    private Stdio stderr = Stdio.INHERIT;
    private Path directory;
    /** The whole environment ({@link #environment}), or null for the JVM's. */
    private Map<String, String> environment;
    /** Variables set on top of it ({@link #putEnvironment}). */
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private int limit = StreamReader.DEFAULT_LIMIT;

    SubprocessBuilder(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a process needs a program to run: the command is empty");
        }
        this.command = List.copyOf(command);
    }

    /** {@link Stdio#PIPE} to write to it with {@link Subprocess#stdin()}; {@code DEVNULL}; {@code INHERIT}. */
    public SubprocessBuilder stdin(Stdio where) {
        Objects.requireNonNull(where, "stdin: use Stdio.INHERIT for the JVM's own").forInput(); // refuses STDOUT now
        stdin = where;
        return this;
    }

    /** {@link Stdio#PIPE} to read it with {@link Subprocess#stdout()}; {@code DEVNULL}; {@code INHERIT}. */
    public SubprocessBuilder stdout(Stdio where) {
        Objects.requireNonNull(where, "stdout: use Stdio.INHERIT for the JVM's own").forOutput(); // refuses STDOUT
        stdout = where;
        return this;
    }

    /** {@link Stdio#PIPE} to read it with {@link Subprocess#stderr()}; {@code STDOUT}; {@code DEVNULL}; {@code INHERIT}. */
    public SubprocessBuilder stderr(Stdio where) {
        stderr = Objects.requireNonNull(where, "stderr: use Stdio.INHERIT for the JVM's own");
        return this;
    }

    /** The process's working directory (asyncio's {@code cwd=}); the JVM's by default. */
    public SubprocessBuilder directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Replaces the whole environment the process gets (asyncio's {@code env=}); the JVM's by default. */
    public SubprocessBuilder environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /** Sets one variable on top of the environment (the JVM's, or the one {@link #environment} gave). */
    public SubprocessBuilder putEnvironment(String name, String value) {
        extraEnvironment.put(name, value);
        return this;
    }

    /** The buffer limit of the stdout and stderr readers (64 KiB by default), as in {@link StreamReader#StreamReader(int)}. */
    public SubprocessBuilder limit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        this.limit = limit;
        return this;
    }

    /**
     * Starts the process, asyncio's {@code await create_subprocess_exec(...)}. A program that cannot be run
     * (missing, not executable) throws the JDK's {@link IOException} naming it ({@code Cannot run program "x"}).
     * The start itself (fork and exec) runs on the loop's thread, as in asyncio: it takes about a millisecond.
     */
    @Async
    public Coroutine<Subprocess> start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(stdin.forInput())
                .redirectOutput(stdout.forOutput());
        if (stderr == Stdio.STDOUT) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(stderr.forOutput());
        }
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        builder.environment().putAll(extraEnvironment);
        var loop = Asyncio.getRunningLoop();
        Process process = builder.start();
        return Coroutine.completed(new Subprocess(loop, process, command,
                stdin == Stdio.PIPE, stdout == Stdio.PIPE, stderr == Stdio.PIPE, limit));
    }

    @Override
    public String toString() {
        return "<SubprocessBuilder " + command + " stdin=" + stdin + " stdout=" + stdout + " stderr=" + stderr + ">";
    }
}
