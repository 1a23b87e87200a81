package jasyncio.tests.agent;

import jasyncio.agent.AsyncAgent;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads every class of the test suite (so the agent rewrites all of its coroutines, whatever order the tests
 * run in) and runs ASM's {@code CheckClassAdapter} over each class the agent rewrote in this JVM.
 */
class CheckClassAdapterTest {
    @Test
    void everyRewrittenClassPassesCheckClassAdapter() throws Exception {
        Path root = LaunchTest.jarOf(CheckClassAdapterTest.class);
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace(java.io.File.separatorChar, '.'))
                    .collect(Collectors.toList());
        }
        for (String name : names) {
            Class.forName(name, false, CheckClassAdapterTest.class.getClassLoader());
        }
        assertTrue(AsyncAgent.rewrittenCount() >= 5, "rewritten: " + AsyncAgent.rewrittenCount());
        assertEquals(List.of(), AsyncAgent.verifyRewrittenClasses());
    }
}
