package jasyncio.tests.subprocess;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Pipes;
import jasyncio.net.StreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Pipes} over blocking streams that are not a process's: their end, and a failing read. */
@Timeout(60)
class PipesTest {
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
    void aFailedReadIsThrownByTheReaderUnchanged() {
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
}
