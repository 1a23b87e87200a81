package jasyncio.tests.agent;

import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent keeps state per class loader (the hierarchy it reads types from); a loader dropped by the program
 * (a redeployed web application, a reloaded plugin) must be collected with its classes all the same.
 */
class ClassLoaderCollectionTest {
    private static final int LOADERS = 3;
    private static final int MAX_COLLECTIONS = 50;

    /** Loads the plugin through a fresh loader, runs its coroutine, and forgets everything but a weak reference. */
    @SuppressWarnings("unchecked")
    private static WeakReference<ClassLoader> useAndDropAPlugin() throws Exception {
        ClassLoader plugin = new BytesOnlyLoader("Greeter");
        Class<?> greeter = plugin.loadClass(BytesOnlyLoader.HIDDEN + "Greeter");
        Coroutine<String> greeting = (Coroutine<String>) greeter.getMethod("greet", String.class).invoke(null, "you");
        assertEquals("hello you", run(greeting));
        return new WeakReference<>(plugin);
    }

    @Test
    void throwawayClassLoadersAreCollected() throws Exception {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < LOADERS; i++) {
            loaders.add(useAndDropAPlugin());
        }
        WeakReference<Object> control = new WeakReference<>(new Object());
        int collections = 0;
        while (collections < MAX_COLLECTIONS && (control.get() != null || loaders.stream().anyMatch(l -> l.get() != null))) {
            System.gc();
            collections++;
            Thread.sleep(10);
        }
        assertTrue(control.get() == null, "no garbage collection happened in " + collections + " System.gc() calls");
        long alive = loaders.stream().filter(l -> l.get() != null).count();
        assertEquals(0, alive, alive + " of " + LOADERS + " dropped class loaders still reachable after "
                + collections + " collections");
    }
}
