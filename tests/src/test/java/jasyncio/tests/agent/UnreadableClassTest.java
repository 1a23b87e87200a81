package jasyncio.tests.agent;

import jasyncio.agent.AsyncAgent;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class file the agent cannot read (from a future JDK, or corrupt) is left to the JVM as it is, with one
 * warning line naming it; the agent keeps working for the classes after it.
 */
class UnreadableClassTest {
    /** Defines classes from raw bytes, so the agent sees them on their way in. */
    static final class RawLoader extends ClassLoader {
        RawLoader() {
            super(UnreadableClassTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    private static byte[] classFileOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static long warningsAbout(String className) {
        return AsyncAgent.problems().stream().filter(p -> p.contains("cannot rewrite " + className)).count();
    }

    @Test
    void aClassFromAFutureJdkIsLeftAloneWithOneWarning() throws Exception {
        byte[] bytes = classFileOf(Work.class);
        bytes[6] = 0;
        bytes[7] = (byte) 200; // major version 200
        long before = warningsAbout(Work.class.getName());
        assertThrows(UnsupportedClassVersionError.class, () -> new RawLoader().define(Work.class.getName(), bytes));
        assertEquals(before + 1, warningsAbout(Work.class.getName()));
    }

    @Test
    void aCorruptClassIsLeftAloneWithOneWarning() throws Exception {
        byte[] whole = classFileOf(Work.class);
        byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 3);
        String name = Work.class.getName();
        long before = warningsAbout(name);
        assertThrows(ClassFormatError.class, () -> new RawLoader().define(name, truncated));
        assertEquals(before + 1, warningsAbout(name));
    }
}
