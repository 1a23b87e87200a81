package jasyncio.tests.toolkit;

import jasyncio.Async;
import jasyncio.Context;
import jasyncio.ContextVar;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.TaskGroup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code ContextVar}s are task-local: copied into each task at creation, isolated between tasks. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextVarTest {
    private static final ContextVar<String> USER = new ContextVar<>("user");
    private static final ContextVar<Integer> DEPTH = new ContextVar<>("depth", 0);
    /** A carried thread local of this test's own (registration is global and permanent). */
    private static final ThreadLocal<String> TRACE = new ThreadLocal<>();

    static {
        Context.carryThreadLocal(TRACE);
    }

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** Runs {@code body} on a fresh thread, so values set outside tasks do not leak into other tests. */
    private static <T> T onAFreshThread(Callable<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "fresh");
        thread.start();
        return result.get(15, TimeUnit.SECONDS);
    }

    @Nested
    class Values {
        @Async
        static Coroutine<Void> defaultsAndFallbacks() {
            assertThrows(NoSuchElementException.class, USER::get);
            assertEquals("nobody", USER.get("nobody"));
            assertEquals(0, DEPTH.get());
            assertEquals(5, DEPTH.get(5), "a fallback wins over the default");
            DEPTH.set(1);
            assertEquals(1, DEPTH.get(5));
            return Coroutine.completed();
        }

        @Test
        void getFallsBackToTheDefaultOrTheFallback() {
            run(defaultsAndFallbacks());
        }

        @Test
        void aVariableShowsItsNameAndItsDefaultIfAny() {
            assertEquals("user", USER.getName());
            assertEquals("<ContextVar name='user'>", USER.toString());
            assertEquals("<ContextVar name='depth' default=0>", DEPTH.toString());
        }

        @Test
        void aContextSaysHowManyVariablesItHolds() throws Exception {
            Context context = new Context();
            assertEquals("<Context 0 variables>", context.toString());
            assertEquals("<Context 2 variables>", context.call(() -> {
                USER.set("alice");
                DEPTH.set(1);
                return Context.current().toString();
            }));
        }

        @Async
        static Coroutine<Void> tokens() {
            ContextVar.Token<String> first = USER.set("alice");
            ContextVar.Token<String> second = USER.set("bob");
            assertSame(USER, second.variable());
            USER.reset(second);
            assertEquals("alice", USER.get());
            assertThrows(IllegalStateException.class, () -> USER.reset(second), "a token works once");
            ContextVar.Token<Integer> other = DEPTH.set(3);
            assertThrows(IllegalArgumentException.class, () -> resetRaw(USER, other));
            USER.reset(first);
            assertThrows(NoSuchElementException.class, USER::get, "reset to 'no value'");
            return Coroutine.completed();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static void resetRaw(ContextVar variable, ContextVar.Token token) {
            variable.reset(token);
        }

        @Test
        void resetRestoresWhatSetReplaced() {
            run(tokens());
        }

        @Async
        static Coroutine<String> acrossAwaits() {
            USER.set("carol");
            await(sleep(0));
            await(sleep(0.005));
            await(setInAnAwaitedCoroutine());
            return Coroutine.completed(USER.get() + " at depth " + DEPTH.get());
        }

        /** Awaited inline: it runs in the caller's task and context, so its changes are the caller's. */
        @Async
        static Coroutine<Void> setInAnAwaitedCoroutine() {
            await(sleep(0));
            assertEquals("carol", USER.get());
            DEPTH.set(DEPTH.get() + 1);
            return Coroutine.completed();
        }

        @Test
        void valuesAreVisibleAcrossAwaitsAndInAwaitedCoroutines() {
            assertEquals("carol at depth 1", run(acrossAwaits()));
        }
    }

    @Nested
    class Tasks {
        @Async
        Coroutine<String> readAfterAYield(String name) {
            await(sleep(0));
            String seen = USER.get("none");
            USER.set(name + "'s own");
            await(sleep(0));
            log.add(name + " saw " + seen + ", then " + USER.get());
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<String> parent() {
            USER.set("at creation");
            Task<String> child = createTask(readAfterAYield("child"));
            USER.set("changed later");
            await(child);
            return Coroutine.completed(USER.get());
        }

        @Test
        void aTaskStartsFromACopyMadeAtItsCreation() {
            assertEquals("changed later", run(parent()), "the child's change stays in the child");
            assertEquals(List.of("child saw at creation, then child's own"), log);
        }

        @Async
        Coroutine<Void> siblings() {
            List<Task<String>> tasks = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                tasks.add(createTask(interleave(name)));
            }
            for (Task<String> t : tasks) {
                await(t);
            }
            assertEquals("none", USER.get("none"));
            return Coroutine.completed();
        }

        @Async
        Coroutine<String> interleave(String name) {
            USER.set(name);
            for (int i = 0; i < 3; i++) {
                await(sleep(0));
                log.add(name + "=" + USER.get());
            }
            return Coroutine.completed(name);
        }

        @Test
        void siblingTasksDoNotSeeEachOthersValues() {
            run(siblings());
            assertEquals(List.of("a=a", "b=b", "c=c", "a=a", "b=b", "c=c", "a=a", "b=b", "c=c"), log);
        }

        @Async
        Coroutine<List<String>> copyAndCall() throws Exception {
            USER.set("outer");
            Context copy = Context.current().copy();
            String inside = copy.call(() -> {
                USER.set("inside the copy");
                return USER.get();
            });
            Task<String> child = copy.call(() -> createTask(readAfterAYield("child")));
            String childSaw = await(child);
            return Coroutine.completed(List.of(inside, USER.get(), copy.call(USER::get), childSaw));
        }

        @Test
        void aCopiedContextIsIndependentAndTasksCreatedInItStartFromIt() throws Exception {
            assertEquals(List.of("inside the copy", "outer", "inside the copy", "inside the copy"), run(copyAndCall()));
        }

        @Async
        static Coroutine<String> readUser() {
            await(sleep(0));
            return Coroutine.completed(USER.get("none"));
        }

        @Test
        void outsideTasksEachThreadHasItsOwnValuesAndTheMainTaskStartsFromThem() throws Exception {
            String inFirst = onAFreshThread(() -> {
                USER.set("thread value");
                return run(readUser());
            });
            String inSecond = onAFreshThread(() -> run(readUser()));
            assertEquals("thread value", inFirst);
            assertEquals("none", inSecond);
        }
    }

    @Nested
    class CarriedThreadLocals {
        @Async
        Coroutine<String> readTrace(String name) {
            log.add(name + " starts with " + TRACE.get());
            await(sleep(0));
            log.add(name + " then sees " + TRACE.get());
            return Coroutine.completed(TRACE.get());
        }

        @Async
        Coroutine<Void> setTrace(String name) {
            TRACE.set(name + "'s trace");
            await(sleep(0));
            log.add(name + " still sees " + TRACE.get());
            return Coroutine.completed();
        }

        @Async
        Coroutine<Void> main() {
            Task<Void> setter = createTask(setTrace("setter"));
            Task<String> reader = createTask(readTrace("reader"));
            await(setter);
            await(reader);
            log.add("main sees " + TRACE.get());
            return Coroutine.completed();
        }

        @Test
        void aThreadLocalSetInATaskStepStaysWithThatTaskAndIsRestoredForOthers() throws Exception {
            String afterRun = onAFreshThread(() -> {
                TRACE.set("creator's trace");
                run(main());
                return TRACE.get();
            });
            assertEquals(List.of(
                    "reader starts with creator's trace",
                    "setter still sees setter's trace",
                    "reader then sees creator's trace",
                    "main sees creator's trace"), log);
            assertEquals("creator's trace", afterRun, "the thread's own value is back after the loop");
        }

        @Async
        static Coroutine<String> traceInAChildTask() {
            TRACE.set("parent's trace");
            return Coroutine.completed(await(createTask(readTraceStatic())));
        }

        @Async
        static Coroutine<String> readTraceStatic() {
            await(sleep(0));
            return Coroutine.completed(TRACE.get());
        }

        @Test
        void aTaskCapturesTheThreadLocalWhereItIsCreated() throws Exception {
            assertEquals("parent's trace", onAFreshThread(() -> run(traceInAChildTask())));
        }
    }

    /** Callbacks run in a copy of the context they were registered in, as asyncio's do: never in the loop thread's. */
    @Nested
    class Callbacks {
        @Async
        Coroutine<Void> registerCallbacks() {
            EventLoop loop = getRunningLoop();
            USER.set("registrar");
            Future<String> future = loop.createFuture();
            future.addDoneCallback(f -> {
                log.add("done-callback saw " + USER.get("none"));
                USER.set("done-callback's own");
            });
            loop.callSoon(() -> {
                log.add("callSoon saw " + USER.get("none"));
                USER.set("callSoon's own");
            });
            USER.set("changed after registering");
            future.setResult("done");
            await(sleep(0.01));
            log.add("task sees " + USER.get());
            return Coroutine.completed();
        }

        @Test
        void aCallbackSeesItsRegistrarsValuesAndItsOwnChangesStayInIt() throws Exception {
            String afterRun = onAFreshThread(() -> {
                run(registerCallbacks());
                return USER.get("none");
            });
            assertEquals(List.of("callSoon saw registrar", "done-callback saw registrar",
                    "task sees changed after registering"), log);
            assertEquals("none", afterRun, "nothing a callback set leaks into the thread that ran the loop");
        }

        @Test
        void callbacksOutsideTasksDoNotSeeEachOthersValues() throws Exception {
            String afterRun = onAFreshThread(() -> {
                USER.set("thread value");
                EventLoop loop = newEventLoop();
                try {
                    loop.callSoon(() -> USER.set("first callback's"));
                    loop.callSoon(() -> log.add("second callback saw " + USER.get("none")));
                    loop.callLater(0.001, () -> log.add("timer saw " + USER.get("none")));
                    loop.callLater(0.01, loop::stop);
                    loop.runForever();
                } finally {
                    loop.close();
                }
                return USER.get("none");
            });
            assertEquals(List.of("second callback saw thread value", "timer saw thread value"), log);
            assertEquals("thread value", afterRun);
        }

        @Async
        Coroutine<String> taskCreatedByACallback() {
            EventLoop loop = getRunningLoop();
            USER.set("registrar");
            Future<Task<String>> created = loop.createFuture();
            loop.callSoon(() -> created.setResult(loop.createTask(Tasks.readUser())));
            return Coroutine.completed(await(await(created)));
        }

        @Test
        void aTaskCreatedInACallbackStartsFromTheCallbacksValues() {
            assertEquals("registrar", run(taskCreatedByACallback()));
        }
    }

    /** asyncio's {@code context=}: a callback or task given a context runs in that very context, and changes it. */
    @Nested
    class GivenContexts {
        private final Context given = new Context();

        GivenContexts() throws Exception {
            given.call(() -> USER.set("given"));
        }

        @Async
        Coroutine<Void> callbacksInTheGivenContext() {
            EventLoop loop = getRunningLoop();
            USER.set("task's own");
            Future<String> future = loop.createFuture();
            future.addDoneCallback(f -> log.add("done-callback saw " + swap("done-callback")), given);
            loop.callSoon(() -> log.add("callSoon saw " + swap("callSoon")), given);
            loop.callLater(0.001, () -> log.add("callLater saw " + swap("callLater")), given);
            loop.callAt(loop.time() + 0.002, () -> log.add("callAt saw " + swap("callAt")), given);
            future.setResult("done");
            await(sleep(0.02));
            log.add("task sees " + USER.get());
            return Coroutine.completed();
        }

        /** Sets {@code USER} to {@code name} and returns what it was. */
        private String swap(String name) {
            String before = USER.get("none");
            USER.set(name);
            return before;
        }

        @Test
        void callbacksRunInTheGivenContextAndTheirChangesStayThere() throws Exception {
            run(callbacksInTheGivenContext());
            assertEquals(List.of("callSoon saw given", "done-callback saw callSoon", "callLater saw done-callback",
                    "callAt saw callLater", "task sees task's own"), log);
            assertEquals("callAt", given.call(USER::get));
        }

        @Async
        static Coroutine<String> readThenSet(String value) {
            String seen = USER.get("none");
            await(sleep(0));
            USER.set(value);
            return Coroutine.completed(seen);
        }

        @Async
        Coroutine<List<String>> tasksInTheGivenContext() {
            USER.set("creator's own");
            String first = await(createTask(readThenSet("first task"), "first", given));
            String second = await(TaskGroup.run(group -> {
                Task<String> inTheGroup = group.createTask(readThenSet("group task"), null, given);
                return Coroutine.completed(await(inTheGroup));
            }));
            return Coroutine.completed(List.of(first, second, USER.get()));
        }

        @Test
        void tasksCreatedWithAContextRunInItAlsoInATaskGroup() throws Exception {
            assertEquals(List.of("given", "first task", "creator's own"), run(tasksInTheGivenContext()));
            assertEquals("group task", given.call(USER::get));
        }
    }
}
