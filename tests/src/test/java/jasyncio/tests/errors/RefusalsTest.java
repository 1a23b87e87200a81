package jasyncio.tests.errors;

import jasyncio.agent.AsyncAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each misuse is reported by the agent when the class loads, and thrown when the code runs, with the class,
 * the method, the source line and what to do. Nothing blocks or dies silently.
 */
class RefusalsTest {
    private static final String CLASS = "jasyncio.tests.errors.Misuses";

    @BeforeAll
    static void loadMisuses() throws ClassNotFoundException {
        for (String name : new String[] {CLASS, CLASS + "$AwaitsInConstructor", CLASS + "$AwaitsInStaticInitializer"}) {
            Class.forName(name, false, RefusalsTest.class.getClassLoader());
        }
    }

    private static String reported(String method) {
        List<String> matches = AsyncAgent.problems().stream()
                .filter(p -> p.contains(CLASS + "." + method) || p.contains(CLASS + "$" + method))
                .collect(Collectors.toList());
        assertEquals(1, matches.size(), "one report for " + method + " in " + AsyncAgent.problems());
        return matches.get(0);
    }

    private static void assertNames(String message, String method, int line, String advice) {
        assertTrue(message.contains(method), message);
        assertTrue(message.contains("(Misuses.java:" + line + ")"), message);
        assertTrue(message.contains(advice), message);
    }

    @Test
    void awaitInAPlainMethodIsReportedAndThrows() {
        String report = reported("plainMethodAwaiting");
        assertNames(report, "plainMethodAwaiting", 22, "Annotate it with @jasyncio.Async");
        IllegalStateException e = assertThrows(IllegalStateException.class, Misuses::plainMethodAwaiting);
        assertEquals(report, e.getMessage());
    }

    @Test
    void asyncMethodNotReturningCoroutineIsReportedAndThrows() {
        String report = reported("asyncReturningInt");
        assertNames(report, "asyncReturningInt", 27, "must return jasyncio.Coroutine<T>, not int");
        IllegalStateException e = assertThrows(IllegalStateException.class, Misuses::asyncReturningInt);
        assertEquals(report, e.getMessage());
    }

    @Test
    void awaitUnderAMonitorIsReportedAndThrowsWhenCalled() {
        String report = reported("awaitUnderMonitor");
        assertNames(report, "awaitUnderMonitor", 33, "Move the await out of the synchronized block");
        IllegalStateException e = assertThrows(IllegalStateException.class, Misuses::awaitUnderMonitor);
        assertEquals(report, e.getMessage());
    }

    @Test
    void synchronizedAsyncMethodIsReportedAndThrows() {
        String report = reported("synchronizedAsync");
        assertNames(report, "synchronizedAsync", 40, "cannot be synchronized");
        assertThrows(IllegalStateException.class, Misuses::synchronizedAsync);
    }

    @Test
    void awaitInALambdaNotReturningCoroutineIsReportedAndThrows() {
        String report = reported("lambda$plainLambdaAwaiting$");
        assertNames(report, "lambda$plainLambdaAwaiting$", 45, "Make the functional interface return Coroutine<T>");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Misuses.plainLambdaAwaiting().run());
        assertEquals(report, e.getMessage());
    }

    @Test
    void awaitInAConstructorIsReportedAndThrows() {
        String report = reported("AwaitsInConstructor.<init>");
        assertNames(report, "<init>", 52, "constructors cannot suspend");
        IllegalStateException e = assertThrows(IllegalStateException.class, Misuses.AwaitsInConstructor::new);
        assertEquals(report, e.getMessage());
    }

    @Test
    void awaitInAStaticInitializerIsReportedAndFailsTheInitialization() {
        String report = reported("AwaitsInStaticInitializer.<clinit>");
        assertNames(report, "<clinit>", 57, "class initialization cannot suspend");
        ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class,
                () -> System.out.println(Misuses.AwaitsInStaticInitializer.VALUE));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(report, e.getCause().getMessage());
    }

    @Test
    void aCoroutineLambdaIsRewrittenNotRefused() {
        assertTrue(AsyncAgent.problems().stream().noneMatch(p -> p.contains("coroutineLambda")));
        assertEquals(4, run(Misuses.coroutineLambda().get()));
    }
}
