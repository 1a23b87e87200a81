package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.test.AsyncTest;
import jasyncio.test.AsyncTestExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without the agent (or the build plugin) a test method that awaits is not rewritten: it must fail, naming itself
 * and how to load the agent, never pass or be skipped silently. Each case hands the extension JUnit's invocation of
 * a method whose body does not hand a coroutine over, as the body of a method left unrewritten does not.
 */
class NotRewrittenTest {
    /** The methods whose invocations are handed to the extension; their bodies never run (abstract: JUnit leaves the class alone). */
    abstract static class Examples {
        @AsyncTest
        void anAsyncTest() {
        }

        @Async
        Coroutine<Void> anAsyncLifecycleMethod() {
            return Coroutine.completed();
        }

        void aPlainMethod() {
        }
    }

    @Nested
    class AnAsyncTestReturningAValue {
        @Test
        void failsTheTestsOfItsClassSayingToMakeItVoid() {
            // A local class: JUnit's discovery would warn about a test class holding it.
            class ReturnsACoroutine {
                @AsyncTest
                Coroutine<Void> returnsACoroutine() {
                    return Coroutine.completed();
                }
            }
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> new AsyncTestExtension().postProcessTestInstance(new ReturnsACoroutine(),
                            proxy(ExtensionContext.class, null)));
            String message = failure.getMessage();
            assertTrue(message.contains("ReturnsACoroutine.returnsACoroutine is an @AsyncTest returning Coroutine"),
                    message);
            assertTrue(message.contains("make it void"), message);
        }

        @Test
        void passesAClassWhoseAsyncTestsAreVoid() {
            assertDoesNotThrow(() -> new AsyncTestExtension().postProcessTestInstance(new NotRewrittenTest(),
                    proxy(ExtensionContext.class, null)));
        }
    }

    @Nested
    class AMethodThatDidNotHandACoroutineOver {
        @Test
        void failsNamingItselfAndTheAgentWhenMarkedAsyncTest() {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> interceptAnInvocationOf("anAsyncTest"));
            String message = failure.getMessage();
            assertTrue(message.contains("NotRewrittenTest$Examples.anAsyncTest was not rewritten"), message);
            assertTrue(message.contains("-javaagent:"), message);
            assertTrue(message.contains("rewrite-tests"), message);
        }

        @Test
        void failsWhenMarkedAsync() {
            assertThrows(IllegalStateException.class, () -> interceptAnInvocationOf("anAsyncLifecycleMethod"));
        }

        @Test
        void passesWhenItIsAPlainMethod() {
            assertDoesNotThrow(() -> interceptAnInvocationOf("aPlainMethod"));
        }
    }

    @Nested
    class ARewrittenMethodOutsideTheExtension {
        @Test
        void failsSayingHowToRegisterIt() {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> AsyncTestExtension.runInTest(Coroutine.completed()));
            assertTrue(failure.getMessage().contains("mark the test @AsyncTest"), failure.getMessage());
        }
    }

    /** Runs the extension's interception of an invocation of {@code name} that returns without handing over. */
    private static void interceptAnInvocationOf(String name) throws Throwable {
        // Not the agent's coroutine twin of an @AsyncTest method: the one JUnit calls.
        Method method = Arrays.stream(Examples.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && !m.isSynthetic()).findFirst().orElseThrow();
        InvocationInterceptor.Invocation<Void> invocation = () -> null;
        new AsyncTestExtension().interceptTestMethod(invocation, proxy(ReflectiveInvocationContext.class, method),
                proxy(ExtensionContext.class, null));
    }

    /**
     * A stand-in for JUnit's context objects: {@code getExecutable()} gives {@code method}, {@code getStore(...)} an
     * empty store, anything else null.
     */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Method method) {
        return (T) Proxy.newProxyInstance(NotRewrittenTest.class.getClassLoader(), new Class<?>[] {type},
                (self, called, args) -> switch (called.getName()) {
                    case "getExecutable" -> method;
                    case "getStore" -> proxy(ExtensionContext.Store.class, null);
                    default -> null;
                });
    }
}
