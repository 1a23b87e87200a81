package jasyncio.tests.subprocess;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Future;
import jasyncio.subprocess.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.run;
import static jasyncio.subprocess.Stdio.PIPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What processes leave behind: nothing after a thousand short ones (threads, descriptors), and, for one still
 * running when its loop closes, a process left running (as asyncio leaves it) whose pump threads end with its pipes
 * and throw nothing.
 */
@Timeout(300)
class ProcessLeakTest {
    private static final String PUMP = "jasyncio-process-";

    /** The pump threads still alive, optionally only those of process {@code pid}. */
    private static List<Thread> pumps(String pid) {
        List<Thread> pumps = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(pid == null ? PUMP : PUMP + pid + "-")) {
                pumps.add(t);
            }
        }
        return pumps;
    }

    /** Joins every pump thread (an idle stdin pump ends a second after its last write): bounded by the test's timeout. */
    private static void joinPumps(String pid) throws InterruptedException {
        for (List<Thread> left; !(left = pumps(pid)).isEmpty(); ) {
            for (Thread t : left) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(!t.isAlive(), t + " still running: " + List.of(t.getStackTrace()));
            }
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Async
    Coroutine<String> echo(int i) throws IOException {
        Subprocess p = await(Subprocess.exec("echo", "hi " + i).stdin(PIPE).stdout(PIPE).stderr(PIPE).start());
        p.stdin().write("unread\n"); // starts the stdin pump too
        Subprocess.Output output = await(p.communicate());
        return Coroutine.completed(output.stdoutText() + "exit " + p.returnCode());
    }

    @Async
    Coroutine<Integer> manyProcesses(int count, int atOnce) throws IOException {
        int ok = 0;
        for (int first = 0; first < count; first += atOnce) {
            List<Coroutine<String>> batch = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + atOnce); i++) {
                batch.add(echo(i));
            }
            Future<List<String>> outputs = gather(batch);
            List<String> results = await(outputs);
            for (int i = 0; i < results.size(); i++) {
                assertEquals("hi " + (first + i) + "\nexit 0", results.get(i));
                ok++;
            }
        }
        return Coroutine.completed(ok);
    }

    @Test
    void aThousandShortProcessesLeaveNoThreadOrDescriptor() throws Exception {
        run(manyProcesses(20, 10)); // warm up: the JDK's process reaper, jspawnhelper, classes loaded
        joinPumps(null);
        long descriptorsBefore = openDescriptors();

        assertEquals(1000, run(manyProcesses(1000, 20)));
        joinPumps(null);
        long descriptorsAfter = openDescriptors();

        assertEquals(List.of(), pumps(null));
        // Three pipes a process: a leak would show as thousands. The slack is for the JVM's own files
        // (a class file opened, a log) while the test ran.
        assertTrue(descriptorsAfter <= descriptorsBefore + 3,
                "descriptors open: " + descriptorsBefore + " before, " + descriptorsAfter + " after");
    }

    @Async
    Coroutine<Subprocess> startAndLeave() throws IOException {
        Subprocess sleeper = await(Subprocess.exec("sleep", "60").stdin(PIPE).stdout(PIPE).stderr(PIPE).start());
        sleeper.stdin().write("never read\n");
        return Coroutine.completed(sleeper);
    }

    @Test
    void aProcessStillRunningWhenTheLoopClosesIsLeftRunningAndItsPumpsEnd() throws Exception {
        List<Throwable> uncaught = new ArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (uncaught) {
                uncaught.add(e);
            }
        });
        try {
            Subprocess sleeper = run(startAndLeave()); // the loop is closed when run returns
            ProcessHandle handle = sleeper.toHandle();
            assertTrue(handle.isAlive(), "the loop's close left the process running");
            handle.destroyForcibly();
            handle.onExit().get(30, TimeUnit.SECONDS);
            joinPumps(String.valueOf(sleeper.pid())); // they find the loop closed and end
            assertEquals(null, sleeper.returnCode(), "nobody saw the exit: the loop was closed");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        synchronized (uncaught) {
            assertEquals(List.of(), uncaught);
        }
    }
}
