package jasyncio.tests.agent.plugin;

import jasyncio.Async;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.sleep;

/**
 * Plugin code whose methods merge two of the plugin's own classes: the merge needs their super classes, which
 * the rewriter reads from class files, and a loader that defines the plugin from bytes serves none.
 */
public final class Shelter {
    private Shelter() {
    }

    public static String plain(int k) {
        Animal a = k > 0 ? new Dog() : new Cat();
        return a.sound();
    }

    @Async
    public static Coroutine<String> adopt(String name, int k) {
        Animal a = k > 0 ? new Dog() : new Cat();
        await(sleep(0));
        return Coroutine.completed(name + " says " + a.sound());
    }
}
