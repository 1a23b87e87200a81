package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.failure;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/** try-with-resources: javac's synthetic close calls, suppressed exceptions and close order around awaits. */
class TryWithResourcesTest {
    /** Records open and close in a shared log; may fail on close. */
    static final class Res implements AutoCloseable {
        final String name;
        final List<String> log;
        final boolean failOnClose;

        Res(String name, List<String> log, boolean failOnClose) {
            this.name = name;
            this.log = log;
            this.failOnClose = failOnClose;
            log.add("open " + name);
        }

        @Override
        public void close() {
            log.add("close " + name);
            if (failOnClose) {
                throw new IllegalStateException("close " + name);
            }
        }
    }

    static String describe(List<String> log, Throwable e) {
        if (e == null) {
            return log.toString();
        }
        return log + " " + e.getMessage() + " suppressed" + Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList();
    }

    static String twoResourcesSync(boolean failBody, boolean failClose) {
        List<String> log = new ArrayList<>();
        try {
            try (Res a = new Res("a", log, failClose); Res b = new Res("b", log, failClose)) {
                log.add("body " + a.name + b.name);
                if (failBody) {
                    throw new IllegalArgumentException("body");
                }
                log.add("end");
            }
        } catch (RuntimeException e) {
            return describe(log, e);
        }
        return describe(log, null);
    }

    @Async
    static Coroutine<String> twoResources(boolean failBody, boolean failClose) {
        List<String> log = new ArrayList<>();
        try {
            try (Res a = new Res(await(value("a")), log, failClose); Res b = new Res("b", log, await(future(failClose)))) {
                log.add(await(value("body ")) + a.name + b.name);
                if (failBody) {
                    await(failure(new IllegalArgumentException("body")));
                }
                log.add(await(value("end")));
            }
        } catch (RuntimeException e) {
            return Coroutine.completed(describe(log, e));
        }
        return Coroutine.completed(describe(log, null));
    }

    @Test
    void resourcesCloseInReverseOrder() {
        Differential.check(() -> twoResourcesSync(false, false), () -> twoResources(false, false));
    }

    @Test
    void bodyFailureClosesResourcesAndPropagates() {
        Differential.check(() -> twoResourcesSync(true, false), () -> twoResources(true, false));
    }

    @Test
    void closeFailuresAreSuppressedIntoTheBodyFailure() {
        Differential.check(() -> twoResourcesSync(true, true), () -> twoResources(true, true));
    }

    @Test
    void closeFailureAloneSuppressesTheSecondClose() {
        Differential.check(() -> twoResourcesSync(false, true), () -> twoResources(false, true));
    }

    static String returnInsideSync() {
        List<String> log = new ArrayList<>();
        String r = returnInsideHelperSync(log);
        return r + log;
    }

    static String returnInsideHelperSync(List<String> log) {
        try (Res r = new Res("r", log, false)) {
            log.add("body");
            return "ret-" + r.name;
        } finally {
            log.add("finally");
        }
    }

    @Async
    static Coroutine<String> returnInside() {
        List<String> log = new ArrayList<>();
        String r = await(returnInsideHelper(log));
        return Coroutine.completed(r + log);
    }

    @Async
    static Coroutine<String> returnInsideHelper(List<String> log) {
        try (Res r = new Res("r", log, false)) {
            log.add(await(value("body")));
            return Coroutine.completed("ret-" + await(future(r.name)));
        } finally {
            log.add(await(value("finally")));
        }
    }

    @Test
    void returnFromTheBodyClosesThenRunsFinally() {
        Differential.check(TryWithResourcesTest::returnInsideSync, TryWithResourcesTest::returnInside);
    }

    /** An AutoCloseable whose close throws nothing checked, so a lambda can be a resource. */
    interface Closer extends AutoCloseable {
        @Override
        void close();
    }

    static String existingVariableSync() {
        List<String> log = new ArrayList<>();
        Res outer = new Res("outer", log, false);
        try (outer; Closer lambda = () -> log.add("close lambda")) {
            log.add("body");
        }
        return log.toString();
    }

    @Async
    static Coroutine<String> existingVariable() {
        List<String> log = new ArrayList<>();
        Res outer = new Res(await(value("outer")), log, false);
        try (outer; Closer lambda = () -> log.add("close lambda")) {
            log.add(await(value("body")));
        }
        return Coroutine.completed(log.toString());
    }

    @Test
    void effectivelyFinalResourceAndLambdaResource() {
        Differential.check(TryWithResourcesTest::existingVariableSync, TryWithResourcesTest::existingVariable);
    }

    static String nullResourceSync() {
        List<String> log = new ArrayList<>();
        try (Res r = null) {
            log.add("body " + (r == null));
        }
        return log.toString();
    }

    @Async
    static Coroutine<String> nullResource() {
        List<String> log = new ArrayList<>();
        try (Res r = await(value((Res) null))) {
            log.add(await(value("body ")) + (r == null));
        }
        return Coroutine.completed(log.toString());
    }

    @Test
    void nullResourceIsSkippedOnClose() {
        Differential.check(TryWithResourcesTest::nullResourceSync, TryWithResourcesTest::nullResource);
    }

    static String inLoopSync(int n) {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (Res r = new Res("r" + i, log, i == 2)) {
                if (i == 1) {
                    continue;
                }
                log.add("use " + r.name);
            } catch (IllegalStateException e) {
                log.add("caught " + e.getMessage());
            }
        }
        return log.toString();
    }

    @Async
    static Coroutine<String> inLoop(int n) {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (Res r = new Res("r" + await(value(i)), log, i == 2)) {
                if (await(future(i)) == 1) {
                    continue;
                }
                log.add("use " + r.name);
            } catch (IllegalStateException e) {
                log.add(await(value("caught ")) + e.getMessage());
            }
        }
        return Coroutine.completed(log.toString());
    }

    @Test
    void resourcesInALoopWithContinueAndCatch() {
        Differential.check(() -> inLoopSync(4), () -> inLoop(4));
    }
}
