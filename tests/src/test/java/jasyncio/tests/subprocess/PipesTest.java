package jasyncio.tests.subprocess;

import jasyncio.AsyncTimeoutException;
import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Pipes;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Pipes} over blocking streams that are not a process's, held by the test ({@link FedInput},
 * {@link GatedOutput}): each end's thread, its bounds, its end and its failures, and the loop closing under it.
 */
@Timeout(60)
class PipesTest {
    /** What the read pump asks of the pipe at a time (ReadPipeTransport.CHUNK). */
    private static final int CHUNK = 64 * 1024;

    @Async
    Coroutine<byte[]> readAll(InputStream in) throws IOException {
        StreamReader reader = Pipes.connectReadPipe(in, "jasyncio-test-pipe", 4096);
        return reader.read(-1);
    }

    @Test
    void aReadPipeDeliversEveryByteThenItsEnd() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        assertArrayEquals(data, run(readAll(new ByteArrayInputStream(data))));
    }

    @Test
    void aFailedReadIsThrownByTheReaderUnchanged() throws Exception {
        IOException broken = new IOException("the device went away");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw broken;
            }
        };
        assertSame(broken, assertThrows(IOException.class, () -> run(readAll(failing))));
    }

    @Nested
    class ReadPipe {
        /** The pump's bound: while the loop is busy, it reads no more than the chunks the loop has not taken yet. */
        @Async
        Coroutine<List<Object>> readAheadWhileTheLoopIsBusy(FedInput in) throws Exception {
            StreamReader reader = Pipes.connectReadPipe(in, "jasyncio-test-read-pipe");
            in.offer(new byte[1 << 20]);
            in.end();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (in.served.get() < 2 * CHUNK && System.nanoTime() < deadline) {
                Thread.sleep(10); // the loop's thread is busy here: nothing the pump posts is taken
            }
            Thread.sleep(200);
            List<Object> seen = new ArrayList<>();
            seen.add(in.served.get());
            Thread pump = in.readers.iterator().next();
            seen.add(pump.getName() + (pump.isDaemon() ? ", daemon" : ", not daemon"));
            seen.add(await(reader.read(-1)).length);
            return Coroutine.completed(seen);
        }

        @Test
        void whileTheLoopIsBusyThePumpReadsTwoChunksAheadOnItsDaemonThread() throws Exception {
            FedInput in = new FedInput();
            assertEquals(List.of(2L * CHUNK, "jasyncio-test-read-pipe, daemon", 1 << 20), run(readAheadWhileTheLoopIsBusy(in)));
            assertTrue(in.closed.await(10, TimeUnit.SECONDS), "the pump closes the pipe at its end");
        }

        @Async
        Coroutine<String> readAfterAnEmptyRead(FedInput in) throws IOException {
            StreamReader reader = Pipes.connectReadPipe(in, "jasyncio-test-read-pipe");
            in.offer(new byte[0]);
            in.offer("abc".getBytes(StandardCharsets.UTF_8));
            in.end();
            return Coroutine.completed(new String(await(reader.read(-1)), StandardCharsets.UTF_8));
        }

        @Test
        void aReadOfNoBytesIsNotTheEndOfThePipe() throws Exception {
            assertEquals("abc", run(readAfterAnEmptyRead(new FedInput())));
        }

        @Async
        Coroutine<Void> leaveItFull(FedInput in) throws IOException {
            StreamReader reader = Pipes.connectReadPipe(in, "jasyncio-test-read-pipe", 4096);
            in.offer(new byte[4 * CHUNK]);
            await(reader.readExactly(10)); // the rest of the first chunk is more than twice the limit: the pump pauses
            return Coroutine.completed();
        }

        @Test
        void aPumpPausedWhenTheLoopClosesStopsAndClosesThePipe() throws Exception {
            FedInput in = new FedInput();
            run(leaveItFull(in));
            assertTrue(in.closed.await(10, TimeUnit.SECONDS), "the pump closes the pipe once it sees the loop closed");
            // the pump reads the second chunk ahead unless the loop paused it first: the threads' race decides
            long served = in.served.get();
            assertTrue(served == CHUNK || served == 2L * CHUNK,
                    "the chunk fed, and perhaps the one read ahead; nothing after the loop closed: " + served);
        }
    }

    @Nested
    class WritePipe {
        private static final String NAME = "jasyncio-test-write-pipe";

        /** Describes itself; drain() waits above the high-water mark, not at it; close() waits for the queue. */
        @Async
        Coroutine<List<Object>> fillAndClose(GatedOutput out) throws IOException {
            StreamWriter writer = Pipes.connectWritePipe(out, NAME);
            List<Object> seen = new ArrayList<>();
            seen.add(writer.toString());
            seen.add("canWriteEof " + writer.canWriteEof());
            writer.write(new byte[64 * 1024]); // exactly the mark
            seen.add(writer.toString());
            await(waitFor(writer.drain(), 5));
            out.entered.acquireUninterruptibly(); // the pump is in the pipe's write
            writer.write(new byte[1]);
            Task<Void> draining = createTask(writer.drain(), "draining");
            await(sleep(0.05));
            seen.add(draining.done());
            seen.add(draining.waitsFor());
            writer.close();
            seen.add(writer.toString());
            out.open();
            await(waitFor(draining, 5));
            await(waitFor(writer.waitClosed(), 5));
            seen.add(writer.toString());
            seen.add(out.bytes().length);
            seen.add(out.closed.getCount() == 0 ? "pipe closed" : "pipe open");
            return Coroutine.completed(seen);
        }

        @Test
        void drainWaitsAboveTheMarkAndCloseWritesTheQueueThenClosesThePipe() throws Exception {
            assertEquals(List.of(
                    "<StreamWriter <WritePipe " + NAME + ">>",
                    "canWriteEof true",
                    "<StreamWriter <WritePipe " + NAME + " pending=65536>>",
                    false,
                    "shield(write to <WritePipe " + NAME + " pending=65537>)",
                    "<StreamWriter <WritePipe " + NAME + " closing pending=65537>>",
                    "<StreamWriter <WritePipe " + NAME + " closing>>",
                    65537,
                    "pipe closed"), run(fillAndClose(new GatedOutput())));
        }

        @Async
        Coroutine<Boolean> drainAtTheLowMark(GatedOutput out) throws IOException {
            StreamWriter writer = Pipes.connectWritePipe(out, NAME);
            writer.write(new byte[100_000]);
            out.entered.acquireUninterruptibly(); // the pump took it and waits in the pipe's write
            writer.write(new byte[16 * 1024]); // queued behind it: above the high-water mark
            Task<Void> draining = createTask(writer.drain());
            out.allow(1); // the first write goes through: 16 KiB left, exactly the low-water mark
            boolean resumed;
            try {
                await(waitFor(draining, 5));
                resumed = true;
            } catch (AsyncTimeoutException e) {
                resumed = false;
            }
            out.open();
            writer.close();
            await(waitFor(writer.waitClosed(), 5));
            return Coroutine.completed(resumed && out.bytes().length == 100_000 + 16 * 1024);
        }

        @Test
        void drainResumesAtTheLowWaterMark() throws Exception {
            assertTrue(run(drainAtTheLowMark(new GatedOutput())));
        }

        @Async
        Coroutine<byte[]> writeInBursts(GatedOutput out, List<byte[]> bursts, double pause) throws IOException {
            StreamWriter writer = Pipes.connectWritePipe(out, NAME);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (byte[] burst : bursts) {
                writer.write(burst);
                sent.write(burst);
                await(sleep(pause));
            }
            writer.writeEof(); // a pipe's end: the same as close()
            await(waitFor(writer.waitClosed(), 10));
            assertArrayEquals(sent.toByteArray(), out.bytes());
            return Coroutine.completed(out.bytes());
        }

        @Test
        void aPipeWrittenToNowAndThenKeepsOneDaemonPump() throws Exception {
            GatedOutput out = new GatedOutput();
            out.open();
            List<byte[]> bursts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                bursts.add(("burst " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            run(writeInBursts(out, bursts, 0.05));
            assertEquals(1, out.writers.size(), "threads that wrote: " + out.writers);
            Thread pump = out.writers.iterator().next();
            assertEquals(NAME + ", daemon", pump.getName() + (pump.isDaemon() ? ", daemon" : ", not daemon"));
            assertTrue(out.closed.await(10, TimeUnit.SECONDS));
        }

        @Test
        void writesLargerThanABatchAndQueuedBehindOneAllArriveInOrder() throws Exception {
            GatedOutput out = new GatedOutput();
            Random random = new Random(11);
            List<byte[]> bursts = new ArrayList<>();
            for (int size : new int[] {1 << 20, 300_000, 100_000, 100_000, 100_000, 7}) {
                byte[] burst = new byte[size];
                random.nextBytes(burst);
                bursts.add(burst);
            }
            out.allow(1); // the first write goes out; those after it queue until the gate opens
            Thread opener = new Thread(() -> {
                out.entered.acquireUninterruptibly(2);
                out.open();
            });
            opener.setDaemon(true);
            opener.start();
            assertEquals((1 << 20) + 600_007, run(writeInBursts(out, bursts, 0)).length);
        }

        @Async
        Coroutine<String> abortWhileIdle(GatedOutput out) throws Exception {
            StreamWriter writer = Pipes.connectWritePipe(out, NAME);
            writer.write(new byte[10]);
            while (writer.bufferedBytes() > 0) {
                await(sleep(0.01));
            }
            writer.abort(); // the pump waits for more: it closes the pipe
            boolean closed = out.closed.await(10, TimeUnit.SECONDS);
            try {
                await(writer.drain());
                return Coroutine.completed("drain returned");
            } catch (IOException e) {
                return Coroutine.completed(e.getMessage() + (closed ? ", pipe closed" : ", pipe open"));
            }
        }

        @Test
        void anAbortWithNothingQueuedClosesThePipeAndSaysNothingWasDiscarded() throws Exception {
            GatedOutput out = new GatedOutput();
            out.open();
            assertEquals("pipe " + NAME + " aborted by abort(), pipe closed", run(abortWhileIdle(out)));
        }

        @Async
        Coroutine<Object> writeToABrokenPipe(GatedOutput out) throws IOException {
            StreamWriter writer = Pipes.connectWritePipe(out, NAME);
            writer.write(new byte[10]);
            while (!writer.isClosing()) {
                await(sleep(0.01));
            }
            try {
                await(writer.drain());
                return Coroutine.completed("drain returned");
            } catch (IOException e) {
                return Coroutine.completed(e);
            }
        }

        @Test
        void aFailedWriteClosesThePipeAndDrainThrowsTheFailure() throws Exception {
            GatedOutput out = new GatedOutput();
            IOException broken = new IOException("Broken pipe");
            out.failWith(broken);
            out.open();
            assertSame(broken, run(writeToABrokenPipe(out)));
            assertTrue(out.closed.await(10, TimeUnit.SECONDS));
        }

        @Async
        Coroutine<Void> writeThenLeave(GatedOutput out, boolean waitUntilWritten) throws IOException {
            StreamWriter writer = Pipes.connectWritePipe(out, NAME);
            writer.write(new byte[10]);
            out.entered.acquireUninterruptibly();
            while (waitUntilWritten && writer.bufferedBytes() > 0) {
                await(sleep(0.01));
            }
            return Coroutine.completed();
        }

        @Test
        void aPumpWritingWhenTheLoopClosesClosesThePipeOnceItsWriteReturns() throws Exception {
            GatedOutput out = new GatedOutput();
            run(writeThenLeave(out, false));
            assertFalse(out.closed.await(100, TimeUnit.MILLISECONDS), "the pump is still in its write");
            out.open();
            assertTrue(out.closed.await(10, TimeUnit.SECONDS));
        }

        @Test
        void anIdlePumpClosesThePipeOnceTheLoopIsClosed() throws Exception {
            GatedOutput out = new GatedOutput();
            out.open();
            run(writeThenLeave(out, true));
            assertTrue(out.closed.await(10, TimeUnit.SECONDS));
            assertEquals(10, out.bytes().length);
        }
    }
}
