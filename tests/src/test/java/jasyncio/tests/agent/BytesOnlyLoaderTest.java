package jasyncio.tests.agent;

import jasyncio.Coroutine;
import jasyncio.agent.AsyncAgent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classes defined from bytes by a loader that serves no class files: the agent cannot read the plugin's own
 * classes that a type merge needs. Methods without awaits keep javac's frames; a coroutine finds the types among
 * the classes already loaded, or is refused alone with a message naming the type. Never a {@code VerifyError}.
 */
class BytesOnlyLoaderTest {
    private static final String SHELTER = BytesOnlyLoader.HIDDEN + "Shelter";

    private static Method shelter(ClassLoader loader, String name, Class<?>... parameters) throws Exception {
        return Class.forName(SHELTER, true, loader).getMethod(name, parameters);
    }

    @SuppressWarnings("unchecked")
    private static String adopt(ClassLoader loader, String name, int k) throws Exception {
        return run((Coroutine<String>) shelter(loader, "adopt", String.class, int.class).invoke(null, name, k));
    }

    @Nested
    class APluginDefinedUpFront {
        @Test
        void itsCoroutineMergesItsOwnClassesFoundAmongTheLoadedOnes() throws Exception {
            int problemsBefore = AsyncAgent.problems().size();
            ClassLoader plugin = new BytesOnlyLoader("Animal", "Dog", "Cat", "Shelter").defineAll();
            assertEquals("Rex says woof", adopt(plugin, "Rex", 1));
            assertEquals("Tom says meow", adopt(plugin, "Tom", 0));
            List<String> problems = AsyncAgent.problems();
            assertEquals(List.of(), problems.subList(problemsBefore, problems.size()));
        }

        @Test
        void itsMethodsWithoutAwaitsRun() throws Exception {
            ClassLoader plugin = new BytesOnlyLoader("Animal", "Dog", "Cat", "Shelter").defineAll();
            assertEquals("woof", shelter(plugin, "plain", int.class).invoke(null, 1));
            assertEquals("meow", shelter(plugin, "plain", int.class).invoke(null, 0));
        }
    }

    @Nested
    class APluginDefinedOnDemand {
        @Test
        void itsMethodsWithoutAwaitsKeepTheirFramesAndRun() throws Exception {
            ClassLoader plugin = new BytesOnlyLoader("Shelter", "Animal", "Dog", "Cat");
            assertEquals("woof", shelter(plugin, "plain", int.class).invoke(null, 1));
            assertEquals("meow", shelter(plugin, "plain", int.class).invoke(null, 0));
        }

        @Test
        void theCoroutineThatNeedsAnUnloadedTypeIsRefusedNamingIt() throws Exception {
            ClassLoader plugin = new BytesOnlyLoader("Shelter", "Animal", "Dog", "Cat");
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> adopt(plugin, "Rex", 1));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            String message = e.getCause().getMessage();
            assertTrue(message.startsWith("jasyncio: " + SHELTER + ".adopt (Shelter.java:"), message);
            assertTrue(message.contains(BytesOnlyLoader.HIDDEN + "Dog") || message.contains(BytesOnlyLoader.HIDDEN + "Cat"),
                    message);
            assertTrue(AsyncAgent.problems().contains(message), "reported when the class loaded too");
        }
    }
}
