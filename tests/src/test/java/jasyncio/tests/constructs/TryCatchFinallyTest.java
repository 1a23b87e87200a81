package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.failure;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/** try/catch/finally with awaits in every block, nesting, rethrow, multi-catch, and escaping exceptions. */
class TryCatchFinallyTest {
    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    static RuntimeException failSync(RuntimeException e) {
        throw e;
    }

    static String awaitInTrySync(boolean fail) {
        List<String> log = new ArrayList<>();
        try {
            log.add("a");
            if (fail) {
                failSync(new Boom("x"));
            }
            log.add("b");
        } catch (Boom e) {
            log.add("caught " + e.getMessage());
        } finally {
            log.add("finally");
        }
        return log.toString();
    }

    @Async
    static Coroutine<String> awaitInTry(boolean fail) {
        List<String> log = new ArrayList<>();
        try {
            log.add(await(value("a")));
            if (fail) {
                await(failure(new Boom("x")));
            }
            log.add(await(future("b")));
        } catch (Boom e) {
            log.add(await(value("caught ")) + e.getMessage());
        } finally {
            log.add(await(value("finally")));
        }
        return Coroutine.completed(log.toString());
    }

    @Test
    void awaitInTryCatchAndFinallyWithoutFailure() {
        Differential.check(() -> awaitInTrySync(false), () -> awaitInTry(false));
    }

    @Test
    void failingAwaitIsCaughtAtTheAwaitPoint() {
        Differential.check(() -> awaitInTrySync(true), () -> awaitInTry(true));
    }

    static int escapesSync(int x) {
        int y = x * 2;
        if (y > 5) {
            failSync(new IllegalArgumentException("too big: " + y));
        }
        return y;
    }

    @Async
    static Coroutine<Integer> escapes(int x) {
        int y = await(value(x)) * 2;
        if (y > 5) {
            await(failure(new IllegalArgumentException("too big: " + y)));
        }
        return Coroutine.completed(y);
    }

    @Test
    void exceptionEscapesTheCoroutineUnwrapped() {
        Differential.check(() -> escapesSync(2), () -> escapes(2));
        Differential.check(() -> escapesSync(9), () -> escapes(9));
    }

    static int directThrowSync(int x) {
        if (x < 0) {
            throw new ArithmeticException("negative " + x);
        }
        return x;
    }

    @Async
    static Coroutine<Integer> directThrow(int x) {
        int v = await(future(x));
        if (v < 0) {
            throw new ArithmeticException("negative " + v);
        }
        return Coroutine.completed(v);
    }

    @Test
    void throwStatementAfterAnAwaitEscapes() {
        Differential.check(() -> directThrowSync(-3), () -> directThrow(-3));
    }

    static String nestedSync(int which) {
        StringBuilder sb = new StringBuilder();
        try {
            try {
                sb.append('1');
                if (which == 1) {
                    failSync(new IllegalStateException("inner"));
                }
                sb.append('2');
            } catch (IllegalStateException e) {
                sb.append("[").append(e.getMessage()).append("]");
                if (which == 1) {
                    failSync(new Boom("from catch"));
                }
            } finally {
                sb.append('F');
                if (which == 2) {
                    failSync(new Boom("from finally"));
                }
            }
            sb.append('3');
        } catch (Boom e) {
            sb.append("<").append(e.getMessage()).append(">");
        } finally {
            sb.append('G');
        }
        return sb.toString();
    }

    @Async
    static Coroutine<String> nested(int which) {
        StringBuilder sb = new StringBuilder();
        try {
            try {
                sb.append(await(value('1')));
                if (which == 1) {
                    await(failure(new IllegalStateException("inner")));
                }
                sb.append(await(future('2')));
            } catch (IllegalStateException e) {
                sb.append("[").append(await(value(e.getMessage()))).append("]");
                if (which == 1) {
                    await(failure(new Boom("from catch")));
                }
            } finally {
                sb.append(await(value('F')));
                if (which == 2) {
                    await(failure(new Boom("from finally")));
                }
            }
            sb.append(await(value('3')));
        } catch (Boom e) {
            sb.append("<").append(await(future(e.getMessage()))).append(">");
        } finally {
            sb.append(await(value('G')));
        }
        return Coroutine.completed(sb.toString());
    }

    @Test
    void nestedTryWithFailuresFromTryCatchAndFinally() {
        for (int w = 0; w <= 2; w++) {
            int which = w;
            Differential.check(() -> nestedSync(which), () -> nested(which));
        }
    }

    static String rethrowSync(int x) {
        try {
            if (x > 0) {
                failSync(new Boom("b" + x));
            }
            return "none";
        } catch (Boom e) {
            if (x > 5) {
                throw e;
            }
            throw new IllegalStateException("wrapped " + e.getMessage(), e);
        }
    }

    @Async
    static Coroutine<String> rethrow(int x) {
        try {
            if (await(value(x)) > 0) {
                await(failure(new Boom("b" + x)));
            }
            return Coroutine.completed("none");
        } catch (Boom e) {
            if (await(future(x)) > 5) {
                throw e;
            }
            throw new IllegalStateException(await(value("wrapped ")) + e.getMessage(), e);
        }
    }

    @Test
    void rethrowAndWrapFromACatchThatAwaits() {
        for (int x : new int[] {0, 3, 8}) {
            Differential.check(() -> rethrowSync(x), () -> rethrow(x));
        }
    }

    static String multiCatchSync(int kind) {
        try {
            switch (kind) {
                case 0: failSync(new IllegalArgumentException("iae")); break;
                case 1: failSync(new UnsupportedOperationException("uoe")); break;
                case 2: failSync(new Boom("boom")); break;
                default: return "ok";
            }
            return "unreachable";
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return "multi " + e.getClass().getSimpleName() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return "runtime " + e.getMessage();
        }
    }

    @Async
    static Coroutine<String> multiCatch(int kind) {
        try {
            switch (kind) {
                case 0: await(failure(new IllegalArgumentException("iae"))); break;
                case 1: await(failure(new UnsupportedOperationException("uoe"))); break;
                case 2: await(failure(new Boom("boom"))); break;
                default: return Coroutine.completed(await(value("ok")));
            }
            return Coroutine.completed("unreachable");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return Coroutine.completed(await(value("multi ")) + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (RuntimeException e) {
            return Coroutine.completed("runtime " + await(future(e.getMessage())));
        }
    }

    @Test
    void multiCatchAndCatchOrder() {
        for (int k = 0; k <= 3; k++) {
            int kind = k;
            Differential.check(() -> multiCatchSync(kind), () -> multiCatch(kind));
        }
    }

    @SuppressWarnings("finally")
    static int finallyOverridesSync(boolean fail) {
        try {
            if (fail) {
                failSync(new Boom("lost"));
            }
            return 1;
        } finally {
            return 2;
        }
    }

    @Async
    @SuppressWarnings("finally")
    static Coroutine<Integer> finallyOverrides(boolean fail) {
        try {
            if (fail) {
                await(failure(new Boom("lost")));
            }
            return Coroutine.completed(await(value(1)));
        } finally {
            return Coroutine.completed(await(future(2)));
        }
    }

    @Test
    void finallyReturnOverridesReturnAndException() {
        Differential.check(() -> finallyOverridesSync(false), () -> finallyOverrides(false));
        Differential.check(() -> finallyOverridesSync(true), () -> finallyOverrides(true));
    }

    static String finallyRunsOnReturnSync(List<String> log) {
        try {
            log.add("body");
            return "result";
        } finally {
            log.add("finally");
        }
    }

    @Async
    static Coroutine<String> finallyRunsOnReturn(List<String> log) {
        try {
            log.add(await(value("body")));
            return Coroutine.completed("result");
        } finally {
            log.add(await(value("finally")));
        }
    }

    @Test
    void finallyWithAwaitRunsBeforeTheReturn() {
        Differential.check(() -> {
            List<String> log = new ArrayList<>();
            return finallyRunsOnReturnSync(log) + log;
        }, () -> collectingFinally());
    }

    @Async
    static Coroutine<String> collectingFinally() {
        List<String> log = new ArrayList<>();
        String r = await(finallyRunsOnReturn(log));
        return Coroutine.completed(r + log);
    }

    static int catchInLoopSync(int n) {
        int caught = 0;
        int sum = 0;
        for (int i = 0; i < n; i++) {
            try {
                if (i % 3 == 0) {
                    failSync(new Boom("i" + i));
                }
                sum += i;
            } catch (Boom e) {
                caught++;
                if (caught > 3) {
                    break;
                }
                continue;
            } finally {
                sum *= 2;
            }
            sum++;
        }
        return sum * 100 + caught;
    }

    @Async
    static Coroutine<Integer> catchInLoop(int n) {
        int caught = 0;
        int sum = 0;
        for (int i = 0; i < n; i++) {
            try {
                if (i % 3 == 0) {
                    await(failure(new Boom("i" + i)));
                }
                sum += await(value(i));
            } catch (Boom e) {
                caught += await(future(1));
                if (caught > 3) {
                    break;
                }
                continue;
            } finally {
                sum *= await(value(2));
            }
            sum++;
        }
        return Coroutine.completed(sum * 100 + caught);
    }

    @Test
    void tryInsideALoopWithBreakAndContinueThroughFinally() {
        Differential.check(() -> catchInLoopSync(20), () -> catchInLoop(20));
    }

    static String runtimeExceptionsSync(int[] xs, int i, Object o) {
        StringBuilder sb = new StringBuilder();
        try {
            sb.append(xs[i]);
        } catch (ArrayIndexOutOfBoundsException e) {
            sb.append("AIOOBE");
        }
        try {
            sb.append(10 / xs[0]);
        } catch (ArithmeticException e) {
            sb.append("/0");
        }
        try {
            sb.append(((String) o).length());
        } catch (ClassCastException e) {
            sb.append("CCE");
        } catch (NullPointerException e) {
            sb.append("NPE");
        }
        return sb.toString();
    }

    @Async
    static Coroutine<String> runtimeExceptions(int[] xs, int i, Object o) {
        StringBuilder sb = new StringBuilder();
        try {
            sb.append(await(value(xs))[await(future(i))]);
        } catch (ArrayIndexOutOfBoundsException e) {
            sb.append(await(value("AIOOBE")));
        }
        try {
            sb.append(await(value(10)) / xs[0]);
        } catch (ArithmeticException e) {
            sb.append(await(value("/0")));
        }
        try {
            sb.append(((String) await(value(o))).length());
        } catch (ClassCastException e) {
            sb.append(await(future("CCE")));
        } catch (NullPointerException e) {
            sb.append("NPE");
        }
        return Coroutine.completed(sb.toString());
    }

    @Test
    void jvmThrownExceptionsNextToAwaitsAreCaught() {
        int[] zero = {0, 1};
        int[] two = {2, 3};
        Differential.check(() -> runtimeExceptionsSync(zero, 5, 42), () -> runtimeExceptions(zero, 5, 42));
        Differential.check(() -> runtimeExceptionsSync(two, 1, null), () -> runtimeExceptions(two, 1, null));
        Differential.check(() -> runtimeExceptionsSync(two, 0, "abc"), () -> runtimeExceptions(two, 0, "abc"));
    }

    static String checkedSync(boolean fail) throws Exception {
        if (fail) {
            throw new java.io.IOException("disk");
        }
        return "fine";
    }

    @Async
    static Coroutine<String> checked(boolean fail) throws Exception {
        String s = await(value("fine"));
        if (fail) {
            throw new java.io.IOException(await(value("disk")));
        }
        return Coroutine.completed(s);
    }

    @Async
    static Coroutine<String> catchChecked(boolean fail) {
        try {
            return Coroutine.completed(await(checked(fail)));
        } catch (Exception e) {
            return Coroutine.completed(e.getClass().getSimpleName() + ":" + e.getMessage());
        }
    }

    static String catchCheckedSync(boolean fail) {
        try {
            return checkedSync(fail);
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ":" + e.getMessage();
        }
    }

    @Test
    void checkedExceptionFromAnAwaitedCoroutineIsCaught() {
        Differential.check(() -> catchCheckedSync(true), () -> catchChecked(true));
        Differential.check(() -> catchCheckedSync(false), () -> catchChecked(false));
    }

    static String errorSync() {
        try {
            throw new AssertionError("assert");
        } catch (Error e) {
            return "error " + e.getMessage();
        }
    }

    @Async
    static Coroutine<Error> failsWithError() {
        await(value(0));
        throw new AssertionError("assert");
    }

    @Async
    static Coroutine<String> error() {
        try {
            await(failsWithError());
            return Coroutine.completed("no");
        } catch (Error e) {
            return Coroutine.completed(await(value("error ")) + e.getMessage());
        }
    }

    @Test
    void errorsTravelLikeExceptions() {
        Differential.check(TryCatchFinallyTest::errorSync, TryCatchFinallyTest::error);
    }
}
