package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.agent.AsyncAgent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code @Async} methods that implement an interface method: javac writes a bridge (covariant return, erased
 * generic parameter) that carries a copy of {@code @Async}; calls through the interface go through the bridge.
 */
class InterfaceImplementationsTest {
    interface Handler {
        Awaitable<String> handle(String in);
    }

    interface Transform<A, B> {
        Coroutine<B> apply(A in);
    }

    static final class Upper implements Handler {
        @Async
        @Override
        public Coroutine<String> handle(String in) {
            String prefix = await(value(">"));
            return Coroutine.completed(prefix + in.toUpperCase() + await(future("<")));
        }
    }

    static final class Later implements Supplier<Coroutine<Integer>> {
        private int calls;

        @Async
        @Override
        public Coroutine<Integer> get() {
            calls++;
            return Coroutine.completed(await(value(40)) + calls + 1);
        }
    }

    static final class Length implements Transform<String, Integer> {
        @Async
        @Override
        public Coroutine<Integer> apply(String in) {
            return Coroutine.completed(await(future(in)).length());
        }
    }

    @Test
    void noBridgeWasRefused() {
        new Upper();
        new Later();
        new Length();
        List<String> aboutThisTest = AsyncAgent.problems().stream()
                .filter(p -> p.contains(InterfaceImplementationsTest.class.getName())).toList();
        assertEquals(List.of(), aboutThisTest);
    }

    @Nested
    class ACovariantReturn {
        @Async
        Coroutine<String> throughTheInterface(Handler handler) {
            return Coroutine.completed(await(handler.handle("in")) + await(handler.handle("out")));
        }

        @Test
        void isAwaitedThroughTheInterface() {
            Differential.check(() -> ">IN<>OUT<", () -> throughTheInterface(new Upper()));
        }
    }

    @Nested
    class ASupplierOfCoroutine {
        @Async
        <T> Coroutine<T> supplied(Supplier<Coroutine<T>> supplier) {
            return Coroutine.completed(await(supplier.get()));
        }

        @Test
        void isAwaitedThroughSupplierGet() {
            Differential.check(() -> 42, () -> supplied(new Later()));
        }

        @Test
        void staysLazyThroughTheBridge() {
            Later later = new Later();
            Supplier<Coroutine<Integer>> supplier = later;
            Coroutine<Integer> coro = supplier.get();
            assertEquals(0, later.calls, "calling through the interface ran the body");
            assertEquals(42, jasyncio.Asyncio.run(coro));
        }
    }

    @Nested
    class AGenericInterface {
        @Async
        <A, B> Coroutine<B> applied(Transform<A, B> transform, A in) {
            return Coroutine.completed(await(transform.apply(in)));
        }

        @Test
        void isAwaitedThroughTheErasedBridge() {
            Differential.check(() -> 5, () -> applied(new Length(), "hello"));
        }

        @Test
        void worksAsAFunctionToo() {
            Function<String, Coroutine<Integer>> f = new Length()::apply;
            Differential.check(() -> 3, () -> f.apply("abc"));
        }
    }
}
