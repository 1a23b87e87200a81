package jasyncio.subprocess;

import java.io.File;

/**
 * Where a process's standard stream goes, asyncio's {@code stdin=}/{@code stdout=}/{@code stderr=} values:
 * {@link #PIPE} ({@code asyncio.subprocess.PIPE}), {@link #INHERIT} ({@code None}, asyncio's default and this
 * one's), {@link #DEVNULL} and, for stderr only, {@link #STDOUT}.
 */
public enum Stdio {
    /** A pipe to this program: {@link Subprocess#stdin()}, {@link Subprocess#stdout()}, {@link Subprocess#stderr()}. */
    PIPE,
    /** The JVM's own stream (its terminal, say): the default. */
    INHERIT,
    /** Nothing: stdin reads its end at once, output is discarded. */
    DEVNULL,
    /** stderr only: into the same pipe or place as stdout (asyncio's {@code stderr=STDOUT}). */
    STDOUT;

    private static final File NULL_FILE =
            new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");

    ProcessBuilder.Redirect forInput() {
        return switch (this) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DEVNULL -> ProcessBuilder.Redirect.from(NULL_FILE);
            case STDOUT -> throw new IllegalArgumentException("stdin cannot be STDOUT: use PIPE, INHERIT or DEVNULL");
        };
    }

    ProcessBuilder.Redirect forOutput() {
        return switch (this) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
            case STDOUT -> throw new IllegalArgumentException(
                    "stdout cannot be STDOUT: only stderr can go there; use PIPE, INHERIT or DEVNULL");
        };
    }
}
