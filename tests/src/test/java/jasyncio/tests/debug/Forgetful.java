package jasyncio.tests.debug;

import jasyncio.Async;
import jasyncio.Coroutine;

import java.util.List;

import static jasyncio.Asyncio.await;

/**
 * Code with forgotten awaits, for {@link ForgottenAwaitAtLoadTest}: it defines this class afresh in a loader of its
 * own and never runs it. Kept out of the test class, which JUnit loads (with its nested classes) before any test.
 */
final class Forgetful {
    /** Another class's coroutine, read from its class file by the agent. */
    static final class Callee {
        @Async
        static Coroutine<Integer> fetch() {
            return Coroutine.completed(1);
        }
    }

    @Async
    static Coroutine<Integer> answer() {
        return Coroutine.completed(42);
    }

    @Async
    static Coroutine<Void> forgetsItsOwn() {
        answer(); // forgotten own
        return Coroutine.completed();
    }

    static void forgetsAnotherClasss() {
        Callee.fetch(); // forgotten other
    }

    @Async
    static Coroutine<Integer> usesEveryCoroutine(List<Coroutine<Integer>> sink) {
        Coroutine<Integer> stored = answer();
        sink.add(Callee.fetch());
        await(stored);
        return answer();
    }
}
