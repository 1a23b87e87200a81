package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.TaskDump;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.newEventLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.net.Net.openConnection;
import static jasyncio.net.Net.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dump of every loop's tasks, taken from another thread or through the agent's JMX bean while the loop's thread
 * is stuck in a step (it cannot answer a request posted to it): a server with 1,000 handlers suspended on their
 * sockets.
 */
@Timeout(120)
class TaskDumpTest {
    static final int HANDLERS = 1_000;
    static int readLine;

    @Async
    static Coroutine<Void> parkedHandler(StreamReader reader, StreamWriter writer) throws IOException {
        await(readRequest(reader));
        return Coroutine.completed();
    }

    @Async
    static Coroutine<String> readRequest(StreamReader reader) throws IOException {
        readLine = AwaitChainTracesTest.callerLine(); return Coroutine.completed(await(reader.readLine()));
    }

    /**
     * Serves {@link #HANDLERS} silent clients, then blocks the loop's thread while {@code probe} runs on another
     * thread, and returns what it returned.
     */
    @Async
    static <T> Coroutine<T> whileHandlersAreSuspended(Callable<T> probe) throws Exception {
        Server server = await(startServer(TaskDumpTest::parkedHandler, "127.0.0.1", 0));
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < HANDLERS; i++) {
            clients.add(await(openConnection("127.0.0.1", server.getAddress().getPort())));
        }
        for (int i = 0; i < 1000 && TaskDump.take().taskCount() < HANDLERS + 1; i++) {
            await(sleep(0.01)); // the last handlers start once their connection is accepted
        }
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread prober = new Thread(() -> {
            try {
                outcome.complete(probe.call());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "task-dump-prober");
        prober.start();
        T result = outcome.get(60, TimeUnit.SECONDS); // blocks the loop: the dump must not need it
        for (Connection client : clients) {
            client.writer().close();
        }
        server.close();
        return Coroutine.completed(result);
    }

    static long handlersSuspendedOnTheirSocket(String dump) {
        return dump.lines().filter(line -> line.startsWith("    waiting for read from <SocketStream")).count();
    }

    @Nested
    class FromAnotherThread {
        @Test
        void aDumpShowsEveryHandlerWhereItIsSuspendedAndTheSocketItReads() throws Exception {
            TaskDump dump = run(whileHandlersAreSuspended(TaskDump::take));
            List<TaskDump.TaskSnapshot> handlers = dump.loops().stream().flatMap(l -> l.tasks().stream())
                    .filter(t -> t.stack().stream().anyMatch(f -> f.getMethodName().equals("parkedHandler")))
                    .toList();
            assertEquals(HANDLERS, handlers.size(), dump.toString().substring(0, 3000));
            for (TaskDump.TaskSnapshot handler : handlers) {
                assertTrue(handler.waitsFor().startsWith("read from <SocketStream"), handler.waitsFor());
                assertTrue(handler.stack().stream().anyMatch(f -> f.getMethodName().equals("readRequest")
                        && f.getLineNumber() == readLine), handler.stack().toString());
            }
            assertEquals(HANDLERS, handlersSuspendedOnTheirSocket(dump.toString()));
        }

        @Test
        void theLoopStuckInAStepIsShownRunningInItsThread() throws Exception {
            String loopThread = Thread.currentThread().getName();
            TaskDump dump = run(whileHandlersAreSuspended(TaskDump::take));
            assertTrue(dump.loops().stream().anyMatch(l -> loopThread.equals(l.thread())
                    && l.loop().startsWith("<EventLoop running")), dump.loops().toString());
            assertTrue(dump.toString().contains("nothing: the task is ready to run, or running"),
                    "the task blocking the loop");
        }
    }

    @Async
    static Coroutine<Integer> shortLived(int depth) {
        if (depth > 0) {
            return Coroutine.completed(await(shortLived(depth - 1)));
        }
        await(sleep(0));
        return Coroutine.completed(depth);
    }

    /** Spawns and finishes tasks for as long as {@code dumper} takes dumps from its own thread; returns how many. */
    @Async
    static Coroutine<Integer> churnWhileDumped(Thread dumper) {
        int spawned = 0;
        dumper.start();
        while (dumper.isAlive() && spawned < 10_000_000) {
            List<jasyncio.Task<Integer>> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(jasyncio.Asyncio.createTask(shortLived(i % 8)));
            }
            for (jasyncio.Task<Integer> task : batch) {
                await(task);
            }
            spawned += batch.size();
        }
        return Coroutine.completed(spawned);
    }

    @Nested
    class WhileTheLoopRuns {
        @Test
        void dumpsTakenAsTheLoopStartsAndFinishesTasksNeverFail() throws Exception {
            List<Throwable> failures = new ArrayList<>();
            int[] dumps = {0};
            Thread dumper = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        TaskDump.take().toString();
                        dumps[0]++;
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }, "task-dumper");
            int spawned = run(churnWhileDumped(dumper));
            dumper.join(60_000);
            assertEquals(List.of(), failures);
            assertEquals(200, dumps[0]);
            assertTrue(spawned > 0);
        }
    }

    @Nested
    class ThroughJmx {
        @Test
        void theAgentsBeanDumpsTheTasksAndCountsThem() throws Exception {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.jasyncio:type=Tasks");
            for (int i = 0; i < 200 && !server.isRegistered(name); i++) {
                Thread.sleep(50); // the agent registers it on a thread of its own, not to hold the JVM's startup
            }
            List<Object> seen = run(whileHandlersAreSuspended(() -> List.of(
                    server.invoke(name, "dumpTasks", null, null),
                    server.getAttribute(name, "TaskCount"),
                    server.getAttribute(name, "LoopCount"))));
            String dump = (String) seen.get(0);
            assertEquals(HANDLERS, handlersSuspendedOnTheirSocket(dump), dump.substring(0, 3000));
            assertTrue(dump.contains(".parkedHandler(TaskDumpTest.java:"), dump.substring(0, 3000));
            assertTrue((Integer) seen.get(1) >= HANDLERS + 1, "TaskCount " + seen.get(1));
            assertTrue((Integer) seen.get(2) >= 1, "LoopCount " + seen.get(2));
        }
    }

    @Async
    static Coroutine<Void> parked(Future<Void> release) {
        await(release);
        return Coroutine.completed();
    }

    @Nested
    class Layout {
        @Test
        void tasksAreListedInCreationOrderAndALoopNotRunningIsSaidToBe() {
            EventLoop idle = newEventLoop();
            try {
                Future<Void> never = idle.createFuture();
                List<String> names = List.of("dump-first", "dump-second", "dump-third");
                for (String name : names) {
                    idle.createTask(parked(never), name);
                }
                TaskDump dump = TaskDump.take();
                TaskDump.LoopSnapshot snapshot = dump.loops().stream()
                        .filter(l -> l.loop().equals(idle.toString())).findFirst().orElseThrow();
                assertNull(snapshot.thread());
                assertEquals(names, snapshot.tasks().stream()
                        .map(t -> t.task().replaceFirst("^<Task pending name='([^']*)'.*", "$1")).toList());
                String text = dump.toString();
                assertTrue(text.contains("\n" + idle + " (not running)\n"), text);
                String loops = dump.loops().size() == 1 ? ": 1 event loop, " : ": " + dump.loops().size() + " event loops, ";
                assertTrue(text.startsWith("jasyncio task dump ") && text.contains(loops), text);
            } finally {
                idle.close();
            }
        }
    }
}
