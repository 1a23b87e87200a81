package jasyncio.tests.sync;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.sync.Event;
import org.junit.jupiter.api.Test;

import jasyncio.tests.support.OtherThread;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class EventTest {
    @Async
    static Coroutine<Void> waiter(Event event, List<String> log, String name) {
        log.add(name + " waiting for it");
        await(event.waitSet());
        log.add(name + " got it");
        return Coroutine.completed();
    }

    /** asyncio's documented example: a task waits for the event that main sets a little later. */
    @Async
    static Coroutine<List<String>> documentedExample() {
        List<String> log = new ArrayList<>();
        Event event = new Event();
        Task<Void> waiterTask = createTask(waiter(event, log, "waiter"));
        await(sleep(0.01));
        log.add("setting");
        event.set();
        await(waiterTask);
        return Coroutine.completed(log);
    }

    @Test
    void theDocumentedExampleWakesTheWaiter() {
        assertEquals(List.of("waiter waiting for it", "setting", "waiter got it"), run(documentedExample()));
    }

    @Async
    static Coroutine<List<String>> wakeAll() {
        List<String> log = new ArrayList<>();
        Event event = new Event();
        List<Task<Void>> tasks = List.of(createTask(waiter(event, log, "a")), createTask(waiter(event, log, "b")),
                createTask(waiter(event, log, "c")));
        await(sleep(0));
        log.add(event.toString());
        event.set();
        await(gather(tasks));
        log.add(event.toString());
        return Coroutine.completed(log);
    }

    @Test
    void setWakesEveryWaiterInArrivalOrder() {
        assertEquals(List.of("a waiting for it", "b waiting for it", "c waiting for it", "<Event [unset, waiters:3]>",
                "a got it", "b got it", "c got it", "<Event [set]>"), run(wakeAll()));
    }

    @Async
    static Coroutine<List<String>> alreadySet() {
        List<String> log = new ArrayList<>();
        Event event = new Event();
        event.set();
        createTask(noteRan(log));
        await(event.waitSet());
        // The other task has not run: waiting on a set event does not yield to the loop.
        log.add("past the set event");
        await(sleep(0));
        return Coroutine.completed(log);
    }

    @Async
    static Coroutine<Void> noteRan(List<String> log) {
        log.add("other task ran");
        return Coroutine.completed();
    }

    @Test
    void waitingOnASetEventDoesNotSuspend() {
        assertEquals(List.of("past the set event", "other task ran"), run(alreadySet()));
    }

    @Async
    static Coroutine<List<String>> setThenClear() {
        List<String> log = new ArrayList<>();
        Event event = new Event();
        event.set();
        event.clear();
        log.add(String.valueOf(event.isSet()));
        Task<Void> late = createTask(waiter(event, log, "late"));
        await(sleep(0.01));
        log.add(late.done() ? "late did not wait" : "late still waits");
        event.set();
        await(late);
        return Coroutine.completed(log);
    }

    @Test
    void clearMakesLaterWaitersWait() {
        assertEquals(List.of("false", "late waiting for it", "late still waits", "late got it"), run(setThenClear()));
    }

    @Async
    static Coroutine<List<String>> cancelAWaiter() {
        List<String> log = new ArrayList<>();
        Event event = new Event();
        Task<Void> cancelled = createTask(waiter(event, log, "cancelled"));
        Task<Void> kept = createTask(waiter(event, log, "kept"));
        await(sleep(0));
        cancelled.cancel();
        await(sleep(0));
        log.add(event.toString());
        event.set();
        await(kept);
        log.add(String.valueOf(cancelled.cancelled()));
        return Coroutine.completed(log);
    }

    @Test
    void aCancelledWaiterLeavesTheLine() {
        assertEquals(List.of("cancelled waiting for it", "kept waiting for it", "<Event [unset, waiters:1]>", "kept got it",
                "true"), run(cancelAWaiter()));
    }

    @Async
    static Coroutine<String> setFromAPlainThread() {
        Event event = new Event();
        event.clear();
        return Coroutine.completed(OtherThread.refusal(event::set).getMessage());
    }

    @Test
    void anotherThreadCannotSetTheEvent() {
        String message = run(setFromAPlainThread());
        assertTrue(message.startsWith("Event@"), message);
        assertTrue(message.contains("must be used from its loop's thread"), message);
    }

    @Async
    static Coroutine<Boolean> setThroughTheLoop() {
        Event event = new Event();
        EventLoop loop = getRunningLoop();
        new Thread(() -> loop.callSoonThreadsafe(event::set)).start();
        await(event.waitSet());
        return Coroutine.completed(event.isSet());
    }

    @Test
    void anotherThreadSetsTheEventThroughCallSoonThreadsafe() {
        assertTrue(run(setThroughTheLoop()));
    }
}
