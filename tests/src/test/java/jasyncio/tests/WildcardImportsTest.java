package jasyncio.tests;

import jasyncio.tests.support.CompiledClasses;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code import jasyncio.*} beside the JDK's wildcard imports: with the primitives in {@code jasyncio.sync} and the
 * queues in {@code jasyncio.queues}, the JDK's {@code Queue}, {@code PriorityQueue}, {@code Semaphore}, {@code Lock}
 * and {@code Condition} stay unambiguous; {@code Future}, asyncio's binding name, is the clash left (README).
 */
class WildcardImportsTest {
    private static final String IMPORTS = """
            import jasyncio.*;
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.concurrent.locks.*;
            """;

    private static void compile(String className, String body) throws IOException {
        String source = "package wildcard;\n" + IMPORTS + "class " + className + " {\n" + body + "\n}\n";
        CompiledClasses.compile(List.of(new CompiledClasses.Source("wildcard." + className, source))).close();
    }

    @Nested
    class TheCorePackage {
        @Test
        void leavesTheJdksQueuesAndLocksUnambiguous() throws IOException {
            compile("Jdk", """
                    Queue<String> queue = new ArrayDeque<>();
                    PriorityQueue<String> ordered = new PriorityQueue<>();
                    Semaphore permits = new Semaphore(1);
                    Lock lock = new ReentrantLock();
                    Condition condition = lock.newCondition();
                    Task<?> task;
                    EventLoop loop;
                    Coroutine<Void> coroutine;
                    """);
        }

        @Test
        void clashesOnlyOnFuture() {
            AssertionError refused = assertThrows(AssertionError.class, () -> compile("Clash", "Future<String> f;"));
            assertTrue(refused.getMessage().contains("reference to Future is ambiguous"), refused.getMessage());
        }
    }
}
