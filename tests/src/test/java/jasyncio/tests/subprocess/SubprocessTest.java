package jasyncio.tests.subprocess;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.subprocess.Stdio;
import jasyncio.subprocess.Subprocess;
import jasyncio.subprocess.SubprocessBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.subprocess.Stdio.DEVNULL;
import static jasyncio.subprocess.Stdio.PIPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subprocesses with standard Linux tools: pipes as streams (line by line, large outputs while the loop runs other
 * tasks, back-pressure both ways), {@code communicate}, exit codes and signals, failures to start, and what a
 * cancelled wait leaves running.
 */
@Timeout(120)
class SubprocessTest {

    @Nested
    class Pipes {
        @Async
        Coroutine<List<String>> echoThroughCat() throws IOException {
            Subprocess cat = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
            List<String> echoed = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                cat.stdin().write("line " + i + "\n");
                await(cat.stdin().drain());
                echoed.add(await(cat.stdout().readLine()));
            }
            cat.stdin().close();
            echoed.add(String.valueOf(await(cat.stdout().readLine()))); // the end: null
            echoed.add("exit " + await(cat.waitExit()));
            return Coroutine.completed(echoed);
        }

        @Test
        void linesRoundTripThroughCatOneByOne() throws Exception {
            List<String> echoed = run(echoThroughCat());
            assertEquals(202, echoed.size());
            for (int i = 0; i < 200; i++) {
                assertEquals("line " + i, echoed.get(i));
            }
            assertEquals("null", echoed.get(200));
            assertEquals("exit 0", echoed.get(201));
        }

        /** Counts stdout of {@code yes | head -c 50M} while a task ticks at every turn of the loop. */
        @Async
        Coroutine<long[]> countFiftyMegabytes() throws IOException {
            Subprocess yes = await(Subprocess.shell("yes | head -c 50000000").stdout(PIPE).start());
            long[] ticks = {0};
            boolean[] reading = {true};
            Task<Void> ticker = createTask(tick(ticks, reading));
            StreamReader out = yes.stdout();
            long total = 0;
            long reads = 0;
            long mostBuffered = 0;
            for (byte[] chunk; (chunk = await(out.read(1 << 20))).length > 0; ) {
                total += chunk.length;
                reads++;
                mostBuffered = Math.max(mostBuffered, out.buffered());
            }
            long ticksWhileReading = ticks[0];
            reading[0] = false;
            await(ticker);
            return Coroutine.completed(new long[] {total, reads, ticksWhileReading, await(yes.waitExit()), mostBuffered});
        }

        @Async
        Coroutine<Void> tick(long[] ticks, boolean[] going) {
            while (going[0]) {
                ticks[0]++;
                await(sleep(0));
            }
            return Coroutine.completed();
        }

        @Test
        void fiftyMegabytesOfOutputNeverBlockTheLoop() throws Exception {
            long[] r = run(countFiftyMegabytes());
            assertEquals(50_000_000L, r[0], "bytes read");
            assertEquals(0, r[3], "exit code");
            // Every read that waited gave the loop a turn, and the ticker ran at each: at least one tick per wait.
            // 50 MB arrive in chunks of at most 64 KiB (763 at least), so hundreds of reads waited.
            assertTrue(r[2] >= 100, "the ticker ticked " + r[2] + " times during " + r[1] + " reads");
        }

        /** Lets {@code head} fill the pipe and the reader without reading, then reads everything. */
        @Async
        Coroutine<long[]> unreadOutput() throws IOException {
            Subprocess head = await(Subprocess.exec("head", "-c", "5000000", "/dev/zero").stdout(PIPE).limit(16 * 1024).start());
            StreamReader out = head.stdout();
            while (out.buffered() < 2 * out.limit()) { // until the reader is full and has paused its pump
                await(sleep(0.005));
            }
            long most = out.buffered();
            for (int i = 0; i < 20; i++) { // the pump stays paused however long nobody reads
                await(sleep(0.005));
                most = Math.max(most, out.buffered());
            }
            Integer codeWhileFull = head.returnCode();
            long total = await(out.read(-1)).length;
            return Coroutine.completed(new long[] {most, codeWhileFull == null ? -1 : codeWhileFull, total,
                    await(head.waitExit())});
        }

        @Test
        void aReaderThatDoesNotReadHoldsTheProcessBack() throws Exception {
            long[] r = run(unreadOutput());
            // Twice the limit, then at most two chunks of 64 KiB already on their way to the loop.
            assertTrue(r[0] <= 2 * 16 * 1024 + 2 * 64 * 1024, "buffered " + r[0] + " bytes");
            assertEquals(-1, r[1], "head is still running, blocked on its full pipe");
            assertEquals(5_000_000L, r[2]);
            assertEquals(0, r[3]);
        }

        /** Writes 1 MiB to a process that never reads its stdin, then kills it. */
        @Async
        Coroutine<List<Object>> stdinNobodyReads() throws IOException {
            Subprocess sleeper = await(Subprocess.exec("sleep", "60").stdin(PIPE).start());
            StreamWriter in = sleeper.stdin();
            in.write(new byte[1 << 20]);
            Task<Void> drain = createTask(in.drain());
            for (int i = 0; i < 20; i++) {
                await(sleep(0.005));
            }
            boolean drainedWhileUnread = drain.done();
            long queued = in.bufferedBytes();
            sleeper.kill();
            Throwable failure = null;
            try {
                await(drain);
            } catch (Exception e) { // the Task's await declares nothing: the failure is drain()'s IOException
                failure = e;
            }
            return Coroutine.completed(List.of(drainedWhileUnread, queued, String.valueOf(failure),
                    await(sleeper.waitExit())));
        }

        @Test
        void drainWaitsWhileTheProcessDoesNotReadAndFailsWhenItDies() throws Exception {
            List<Object> r = run(stdinNobodyReads());
            assertEquals(false, r.get(0), "drain done while nothing was read");
            assertTrue((Long) r.get(1) > 64 * 1024, "queued " + r.get(1));
            assertTrue(((String) r.get(2)).contains("IOException"), "drain failed with " + r.get(2));
            assertEquals(137, r.get(3));
        }

        @Async
        Coroutine<List<Object>> abortStdinNobodyReads() throws IOException {
            Subprocess sleeper = await(Subprocess.exec("sleep", "60").stdin(PIPE).start());
            StreamWriter in = sleeper.stdin();
            in.write(new byte[1 << 20]);
            Task<Void> drain = createTask(in.drain());
            await(sleep(0.01));
            in.abort();
            Throwable failure = null;
            try {
                await(drain);
            } catch (Exception e) {
                failure = e;
            }
            boolean closing = in.isClosing();
            sleeper.kill(); // the pump blocked in its write into the full pipe ends with the process
            return Coroutine.completed(List.of(String.valueOf(failure), closing, await(sleeper.waitExit())));
        }

        @Test
        void abortDropsWhatStdinQueuedAndFailsTheDrainSayingSo() throws Exception {
            List<Object> r = run(abortStdinNobodyReads());
            assertTrue(((String) r.get(0)).contains("aborted by abort()"), "drain failed with " + r.get(0));
            assertTrue(((String) r.get(0)).contains("queued bytes discarded"), "drain failed with " + r.get(0));
            assertEquals(true, r.get(1), "an aborted writer is closing");
            assertEquals(137, r.get(2));
        }

        @Async
        Coroutine<List<Object>> abortIdleStdinOfCat() throws IOException {
            Subprocess cat = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
            cat.stdin().abort(); // no pump runs: the pipe closes at once, and cat sees the end of its input
            byte[] out = await(cat.stdout().read(-1));
            return Coroutine.completed(List.of(out.length, await(cat.waitExit())));
        }

        @Test
        void abortOfAnIdleStdinClosesThePipeAtOnce() throws Exception {
            assertEquals(List.of(0, 0), run(abortIdleStdinOfCat()));
        }

        @Async
        Coroutine<Subprocess.Output> separate(Stdio stderr) throws IOException {
            Subprocess sh = await(Subprocess.shell("echo out; echo err 1>&2; echo more").stdout(PIPE).stderr(stderr).start());
            return sh.communicate();
        }

        @Test
        void stderrIsItsOwnPipe() throws Exception {
            Subprocess.Output output = run(separate(PIPE));
            assertEquals("out\nmore\n", output.stdoutText());
            assertEquals("err\n", output.stderrText());
            assertEquals("Output[stdout=9 bytes, stderr=4 bytes]", output.toString());
        }

        @Test
        void stderrMergedIntoStdout() throws Exception {
            Subprocess.Output output = run(separate(Stdio.STDOUT));
            assertEquals("out\nerr\nmore\n", output.stdoutText());
            assertNull(output.stderr());
            assertEquals("Output[stdout=13 bytes, stderr=none]", output.toString());
        }

        @Async
        Coroutine<List<String>> usePipesNotAskedFor() throws IOException {
            Subprocess p = await(Subprocess.exec("true").stdin(DEVNULL).stdout(DEVNULL).stderr(DEVNULL).start());
            long pid = p.pid();
            boolean samePid = pid > 0 && pid == p.toHandle().pid();
            await(p.waitExit());
            return Coroutine.completed(List.of(assertThrows(IllegalStateException.class, p::stdin).getMessage(),
                    assertThrows(IllegalStateException.class, p::stdout).getMessage(),
                    assertThrows(IllegalStateException.class, p::stderr).getMessage(), "pid " + samePid));
        }

        @Test
        void usingAStreamThatIsNoPipeFailsSayingHowToAskForIt() throws Exception {
            List<String> seen = run(usePipesNotAskedFor());
            String[] endings = {"stdin(Stdio.PIPE) to write to it", "stdout(Stdio.PIPE) to read it",
                                "stderr(Stdio.PIPE) to read it"};
            for (int i = 0; i < endings.length; i++) {
                String which = endings[i].substring(0, endings[i].indexOf('('));
                assertTrue(seen.get(i).startsWith(which + " of ") && seen.get(i).endsWith("." + endings[i]), seen.get(i));
            }
            assertEquals("pid true", seen.get(3));
        }

        @Test
        void onlyStderrCanGoToStdout() throws Exception {
            assertThrows(IllegalArgumentException.class, () -> Subprocess.exec("true").stdout(Stdio.STDOUT));
            assertThrows(IllegalArgumentException.class, () -> Subprocess.exec("true").stdin(Stdio.STDOUT));
        }

        @Test
        void aBuilderSaysWhatItWouldStartAndRefusesALimitBelowOne() {
            SubprocessBuilder builder = Subprocess.exec("cat", "-n").stdin(PIPE).stderr(Stdio.STDOUT).limit(1);
            assertEquals("<SubprocessBuilder [cat, -n] stdin=PIPE stdout=INHERIT stderr=STDOUT>", builder.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.limit(0));
            assertEquals("limit must be positive, not 0", e.getMessage());
        }
    }

    @Nested
    class Communicate {
        @Async
        Coroutine<byte[]> throughCat(byte[] input) throws IOException {
            Subprocess cat = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
            Subprocess.Output output = await(cat.communicate(input));
            assertEquals(0, await(cat.waitExit()));
            return Coroutine.completed(output.stdout());
        }

        @Test
        void inputFarLargerThanThePipeBufferComesBackWhole() throws Exception {
            byte[] input = new byte[8 << 20];
            new Random(14).nextBytes(input);
            assertArrayEquals(input, run(throughCat(input)));
        }

        @Async
        Coroutine<List<Object>> headOfALargeInput() throws IOException {
            Subprocess head = await(Subprocess.exec("head", "-c", "10").stdin(PIPE).stdout(PIPE).start());
            Subprocess.Output output = await(head.communicate(new byte[4 << 20]));
            return Coroutine.completed(List.of(output.stdout().length, head.returnCode()));
        }

        @Test
        void aProcessThatStopsReadingItsInputIsNoError() throws Exception {
            assertEquals(List.of(10, 0), run(headOfALargeInput()));
        }

        @Async
        Coroutine<String> environmentAndDirectory(Path directory) throws IOException {
            Subprocess sh = await(Subprocess.shell("echo \"$JASYNCIO_TEST\"; pwd").stdout(PIPE)
                    .putEnvironment("JASYNCIO_TEST", "from the builder").directory(directory).start());
            return Coroutine.completed(await(sh.communicate()).stdoutText());
        }

        @Test
        void environmentAndWorkingDirectory(@TempDir Path directory) throws Exception {
            assertEquals("from the builder\n" + directory.toRealPath() + "\n", run(environmentAndDirectory(directory)));
        }

        @Async
        Coroutine<String> onlyTheGivenEnvironment() throws IOException {
            Subprocess env = await(Subprocess.exec("/usr/bin/env").stdout(PIPE)
                    .environment(Map.of("ONLY", "this")).start());
            return Coroutine.completed(await(env.communicate()).stdoutText());
        }

        @Test
        void environmentReplacesTheWholeEnvironment() throws Exception {
            assertEquals("ONLY=this\n", run(onlyTheGivenEnvironment()));
        }
    }

    @Nested
    class Exit {
        @Async
        Coroutine<Integer> exitCodeOf(String command) throws IOException {
            Subprocess sh = await(Subprocess.shell(command).start());
            return sh.waitExit();
        }

        @Test
        void exitCodesArriveAsTheProcessGaveThem() throws Exception {
            assertEquals(0, run(exitCodeOf("true")));
            assertEquals(1, run(exitCodeOf("false")));
            assertEquals(3, run(exitCodeOf("exit 3")));
        }

        @Async
        Coroutine<List<Object>> stop(boolean kill) throws IOException {
            Subprocess sleeper = await(Subprocess.exec("sleep", "60").stdout(PIPE).start());
            Integer before = sleeper.returnCode();
            if (kill) {
                sleeper.kill();
            } else {
                sleeper.terminate();
            }
            int code = await(sleeper.waitExit());
            byte[] output = await(sleeper.stdout().read(-1));
            sleeper.kill(); // after the end: nothing
            return Coroutine.completed(List.of(String.valueOf(before), code, sleeper.returnCode(), output.length,
                    sleeper.toString()));
        }

        @Test
        void killEndsTheProcessWithSigkill() throws Exception {
            List<Object> r = run(stop(true));
            assertEquals("null", r.get(0), "returnCode while running");
            assertEquals(128 + 9, r.get(1));
            assertEquals(137, r.get(2));
            assertEquals(0, r.get(3));
            assertTrue(((String) r.get(4)).contains("returncode=137 [sleep, 60]"), (String) r.get(4));
        }

        @Test
        void terminateEndsTheProcessWithSigterm() throws Exception {
            assertEquals(128 + 15, run(stop(false)).get(1));
        }

        @Async
        Coroutine<Void> startMissing() throws IOException {
            await(Subprocess.exec("/nonexistent/jasyncio-no-such-program", "arg").start());
            return Coroutine.completed();
        }

        @Test
        void aMissingProgramFailsTheAwaitNamingIt() throws Exception {
            IOException e = assertThrows(IOException.class, () -> run(startMissing()));
            assertTrue(e.getMessage().contains("/nonexistent/jasyncio-no-such-program"), e.getMessage());
        }

        @Async
        Coroutine<List<Object>> cancelTheWait() throws IOException {
            Subprocess sleeper = await(Subprocess.exec("sleep", "60").start());
            Task<Integer> waiting = createTask(sleeper.waitExit());
            await(sleep(0));
            waiting.cancel();
            Object outcome;
            try {
                outcome = await(waiting);
            } catch (CancellationException e) {
                outcome = "cancelled";
            }
            await(sleep(0.05)); // time for a wrongly sent signal to end it (none is sent)
            boolean aliveAfterCancel = sleeper.toHandle().isAlive() && sleeper.returnCode() == null;
            sleeper.kill();
            return Coroutine.completed(List.of(outcome, aliveAfterCancel, await(sleeper.waitExit())));
        }

        @Test
        void cancellingAWaitLeavesTheProcessRunning() throws Exception {
            assertEquals(List.of("cancelled", true, 137), run(cancelTheWait()));
        }

        @Test
        void anEmptyCommandIsRefused() throws Exception {
            assertThrows(IllegalArgumentException.class, () -> Subprocess.exec(List.of()));
        }
    }

    @Test
    void pipesNeedARunningLoop() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> jasyncio.net.Pipes.connectReadPipe(java.io.InputStream.nullInputStream(), "nowhere"));
        assertTrue(e.getMessage().contains("connectReadPipe"), e.getMessage());
    }
}
