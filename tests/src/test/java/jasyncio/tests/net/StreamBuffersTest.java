package jasyncio.tests.net;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.createTask;
import static jasyncio.net.Net.openConnection;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.net.Net.startServer;
import static jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the streams hold and hand over bytes: arrays a read hands out whole and never touches again, reads spanning
 * several arrivals, {@code readInto} with the caller's buffer, reads cancelled around the data's arrival, and many
 * small writes queued behind a full socket.
 */
@Timeout(60)
class StreamBuffersTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Nested
    class HandFed {
        @Async
        Coroutine<List<String>> handOver() throws IOException {
            StreamReader reader = new StreamReader();
            byte[] fed = ascii("abcd");
            reader.feedData(fed);
            fed[0] = 'Z'; // the reader copied what it was fed
            byte[] first = await(reader.read(100)); // all that is buffered: handed out whole
            first[1] = 'Y'; // the caller's now: must not show in later reads
            reader.feedData(ascii("efgh"));
            byte[] second = await(reader.read(2));
            reader.feedData(ascii("ij"));
            byte[] third = await(reader.read(100));
            reader.feedData(ascii("kl"));
            byte[] fourth = await(reader.read(100));
            return Coroutine.completed(List.of(ascii(first), ascii(second), ascii(third), ascii(fourth)));
        }

        @Test
        void arraysHandedOutAreTheCallersAndLaterBytesNeverLandInThem() throws IOException {
            assertEquals(List.of("aYcd", "ef", "ghij", "kl"), run(handOver()));
        }

        @Async
        Coroutine<List<String>> acrossArrivals() throws IOException {
            StreamReader reader = new StreamReader(16);
            List<String> out = new ArrayList<>();
            for (String piece : List.of("ab", "cd\nef", "gh", "ij\n", "0123", "456789")) {
                reader.feedData(ascii(piece));
            }
            out.add(await(reader.readLine()));
            out.add(await(reader.readLine()));
            out.add(ascii(await(reader.readExactly(3))));
            reader.feedData(ascii("|tail"));
            out.add(ascii(await(reader.readUntil(ascii("|")))));
            reader.feedEof();
            out.add(ascii(await(reader.read(-1))));
            return Coroutine.completed(out);
        }

        @Test
        void linesExactReadsAndSeparatorsSpanSeveralArrivals() throws IOException {
            assertEquals(List.of("abcd", "efghij", "012", "3456789|", "tail"), run(acrossArrivals()));
        }

        /**
         * Random arrivals and random reads of every kind against the plain concatenation of what was fed: the
         * reader's array grows, compacts, is handed out and replaced, and no byte is lost, repeated or reordered;
         * every array a read returned still holds what it held then.
         */
        @Async
        Coroutine<Void> randomly(long seed) throws IOException {
            Random random = new Random(seed);
            StreamReader reader = new StreamReader(1000);
            ByteArrayOutputStream fed = new ByteArrayOutputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            List<byte[]> returned = new ArrayList<>();
            List<byte[]> snapshots = new ArrayList<>();
            int counter = 0;
            for (int step = 0; step < 5000; step++) {
                if (reader.buffered() == 0 || random.nextInt(3) == 0) {
                    byte[] chunk = new byte[1 + random.nextInt(random.nextBoolean() ? 10 : 700)];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) counter++;
                    }
                    reader.feedData(chunk);
                    fed.write(chunk);
                    continue;
                }
                byte[] got;
                switch (random.nextInt(3)) {
                    case 0:
                        got = await(reader.read(1 + random.nextInt(800)));
                        break;
                    case 1:
                        got = await(reader.readExactly(1 + random.nextInt(reader.buffered())));
                        break;
                    default:
                        ByteBuffer dst = random.nextBoolean() ? ByteBuffer.allocate(1 + random.nextInt(800))
                                : ByteBuffer.allocateDirect(1 + random.nextInt(800));
                        int n = await(reader.readInto(dst));
                        got = new byte[n];
                        dst.flip().get(got);
                }
                read.write(got);
                returned.add(got);
                snapshots.add(got.clone());
            }
            reader.feedEof();
            read.write(await(reader.read(-1)));
            assertArrayEquals(fed.toByteArray(), read.toByteArray());
            for (int i = 0; i < returned.size(); i++) {
                assertArrayEquals(snapshots.get(i), returned.get(i), "array returned by read " + i + " changed");
            }
            return Coroutine.completed();
        }

        @Test
        void randomArrivalsAndReadsKeepEveryByteInOrder() throws IOException {
            for (long seed = 1; seed <= 5; seed++) {
                run(randomly(seed));
            }
        }

        @Async
        Coroutine<List<Integer>> intoBuffers() throws IOException {
            StreamReader reader = new StreamReader();
            reader.feedData(ascii("0123456789"));
            ByteBuffer small = ByteBuffer.allocate(4);
            List<Integer> counts = new ArrayList<>();
            counts.add(await(reader.readInto(small)));
            counts.add(await(reader.readInto(small))); // full: no room, nothing read
            counts.add(await(reader.readInto(ByteBuffer.allocate(100))));
            reader.feedEof();
            counts.add(await(reader.readInto(ByteBuffer.allocate(100))));
            counts.add(reader.atEof() ? 1 : 0);
            return Coroutine.completed(counts);
        }

        @Test
        void readIntoFillsWhatFitsAndReturnsMinusOneAtTheEnd() throws IOException {
            assertEquals(List.of(4, 0, 6, -1, 1), run(intoBuffers()));
        }

        @Async
        Coroutine<Integer> intoReadOnly() throws IOException {
            StreamReader reader = new StreamReader();
            reader.feedData(ascii("x"));
            return Coroutine.completed(await(reader.readInto(ByteBuffer.allocate(4).asReadOnlyBuffer())));
        }

        @Test
        void readIntoAReadOnlyBufferIsRefused() {
            assertThrows(IllegalArgumentException.class, () -> run(intoReadOnly()));
        }
    }

    @Nested
    class OverSockets {
        /** Echoes with {@code readInto}, through a buffer of {@code size} bytes, direct or not, reused each time. */
        @Async
        Coroutine<Void> echoInto(StreamReader reader, StreamWriter writer, boolean direct, int size)
                throws IOException {
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
            while (await(reader.readInto(buffer.clear())) > 0) {
                writer.write(buffer.flip());
                await(writer.drain());
            }
            writer.close();
            return Coroutine.completed();
        }

        @Async
        Coroutine<Boolean> throughEchoInto(boolean direct, int size, int mebibytes) throws IOException {
            Server server = await(startServer((r, w) -> echoInto(r, w, direct, size), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            Task<Long> receiving = createTask(checksum(c.reader()));
            Random random = new Random(7);
            CRC32 sent = new CRC32();
            for (int i = 0; i < mebibytes * 16; i++) {
                byte[] block = new byte[1 + random.nextInt(128 * 1024)];
                random.nextBytes(block);
                sent.update(block);
                c.writer().write(block);
                await(c.writer().drain());
            }
            c.writer().writeEof();
            long received = await(receiving);
            c.writer().close();
            server.close();
            await(server.waitClosed());
            return Coroutine.completed(received == sent.getValue());
        }

        @Async
        Coroutine<Long> checksum(StreamReader reader) throws IOException {
            CRC32 crc = new CRC32();
            for (byte[] chunk; (chunk = await(reader.read(50_000))).length > 0; ) {
                crc.update(chunk);
            }
            return Coroutine.completed(crc.getValue());
        }

        @Test
        void anEchoThroughADirectBufferReusedByReadIntoArrivesIntact() throws IOException {
            assertTrue(run(throughEchoInto(true, 64 * 1024, 16)));
        }

        @Test
        void anEchoThroughASmallHeapBufferReusedByReadIntoArrivesIntact() throws IOException {
            assertTrue(run(throughEchoInto(false, 3000, 4)));
        }

        @Async
        Coroutine<Void> answerEachByte(StreamReader reader, StreamWriter writer, byte[] message) throws IOException {
            while (await(reader.read(1)).length > 0) {
                writer.write(message);
                await(writer.drain());
            }
            writer.close();
            return Coroutine.completed();
        }

        /**
         * A read cancelled anywhere around its data's arrival: before the socket is readable, once the loop saw it
         * readable and woke the reading task (which reads the socket itself when it runs) but before it ran, or
         * after. The next reads get every byte, once.
         */
        @Async
        Coroutine<Void> cancelAroundArrival() throws IOException {
            byte[] message = new byte[5000];
            new Random(3).nextBytes(message);
            Server server = await(startServer((r, w) -> answerEachByte(r, w, message), "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            for (int round = 0; round < 300; round++) {
                Task<byte[]> reading = createTask(c.reader().read(message.length));
                c.writer().write(new byte[] {1});
                await(c.writer().drain());
                for (int i = 0; i < round % 8; i++) {
                    await(sleep(0));
                }
                reading.cancel();
                byte[] first;
                try {
                    first = await(reading);
                } catch (CancellationException e) {
                    first = new byte[0];
                }
                byte[] rest = await(waitFor(c.reader().readExactly(message.length - first.length), 5));
                byte[] whole = Arrays.copyOf(first, message.length);
                System.arraycopy(rest, 0, whole, first.length, rest.length);
                assertArrayEquals(message, whole, "round " + round);
            }
            c.writer().close();
            server.close();
            await(server.waitClosed());
            return Coroutine.completed();
        }

        @Test
        void aReadCancelledAroundItsDataLosesNothing() throws IOException {
            run(cancelAroundArrival());
        }

        /**
         * Writes {@code records} numbered 24-byte records one by one, each followed by a drain (waiting only above
         * the high-water mark), and notes the most queued.
         */
        @Async
        Coroutine<Void> smallWrites(StreamWriter writer, int records, long[] mostQueued) throws IOException {
            ByteBuffer record = ByteBuffer.allocate(24);
            for (int i = 0; i < records; i++) {
                record.clear();
                record.putInt(i).putLong(~(long) i).putInt(i * 31).putLong(i * 7L);
                writer.write(record.flip());
                mostQueued[0] = Math.max(mostQueued[0], writer.bufferedBytes());
                await(writer.drain());
            }
            writer.close();
            return Coroutine.completed();
        }

        /** Receives the records, in {@code piece}-byte reads with a loop iteration between them; counts the wrong. */
        @Async
        Coroutine<long[]> manySmallWrites(int records, int piece) throws IOException {
            long[] mostQueued = new long[1];
            Server server = await(startServer((r, w) -> smallWrites(w, records, mostQueued),
                    "127.0.0.1", 0));
            Connection c = await(openConnection("127.0.0.1", server.getAddress().getPort()));
            await(sleep(0.1)); // not reading yet: the server's socket fills and its writes queue
            ByteBuffer in = ByteBuffer.allocate(24 * records + 1); // room for a byte too many
            while (await(c.reader().readInto(in.limit(Math.min(in.capacity(), in.position() + piece)))) > 0) {
                await(sleep(0));
            }
            in.flip();
            long received = in.remaining();
            long wrong = 0;
            for (int i = 0; in.remaining() >= 24; i++) {
                boolean ok = in.getInt() == i & in.getLong() == ~(long) i & in.getInt() == i * 31 & in.getLong() == i * 7L;
                wrong += ok ? 0 : 1;
            }
            c.writer().close();
            server.close();
            await(server.waitClosed());
            return Coroutine.completed(new long[] {received, wrong, mostQueued[0]});
        }

        @Test
        void manySmallWritesBehindAFullSocketArriveInOrder() throws IOException {
            int records = 400_000;
            long[] r = run(manySmallWrites(records, 64 * 1024));
            assertEquals(24L * records, r[0], "bytes received");
            assertEquals(0, r[1], "records out of order or damaged");
            assertTrue(r[2] > 0, "the writes never queued: the test did not fill the socket");
        }
    }
}
