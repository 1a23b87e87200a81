package jasyncio.tests.subprocess;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.subprocess.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.run;
import static jasyncio.subprocess.Stdio.PIPE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The examples of docs/subprocesses.md as written there (printing to a captured stream), so that they cannot rot. */
@Timeout(60)
class DocExamplesTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, UTF_8);

    @Async
    Coroutine<Void> main() throws IOException {
        Subprocess cat = await(Subprocess.exec("cat").stdin(PIPE).stdout(PIPE).start());
        cat.stdin().write("hello\n");
        await(cat.stdin().drain());
        out.println(await(cat.stdout().readLine()));       // hello
        cat.stdin().close();                                // cat reads the end of its input...
        out.println(await(cat.waitExit()));                 // ...and exits: 0
        return Coroutine.completed();
    }

    @Test
    void catEchoesAndExits() throws Exception {
        run(main());
        assertEquals("hello\n0\n", printed.toString(UTF_8));
    }

    @Async
    Coroutine<String> sortTwoFruits() throws IOException {
        Subprocess sort = await(Subprocess.exec("sort").stdin(PIPE).stdout(PIPE).start());
        Subprocess.Output sorted = await(sort.communicate("pear\napple\n".getBytes(UTF_8)));
        return Coroutine.completed(sorted.stdoutText());
    }

    @Test
    void communicateWithSort() throws Exception {
        assertEquals("apple\npear\n", run(sortTwoFruits()));
    }
}
