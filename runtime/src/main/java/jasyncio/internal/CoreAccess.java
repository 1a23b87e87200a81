package jasyncio.internal;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one door from {@code jasyncio.internal}, the sub-packages ({@code sync}, {@code queues}, {@code net}) and
 * rewritten code into the core package's non-public side, in the manner of the JDK's {@code SharedSecrets}: the
 * core package installs its {@link Hooks} once, when {@code jasyncio.Coroutine} is initialised, and nothing else
 * may. Not API: exported only because rewritten classes and the sub-packages live in other packages.
 */
public final class CoreAccess {
    private CoreAccess() {
    }

    /** What the core package lends the rest of the runtime. */
    public interface Hooks {
        /** The await protocol: the value of {@code awaitable}, or {@link Frame#SUSPENDED}. */
        Object await(Object awaitable, Frame<?> self);

        /** A rewritten {@code return x;}: the result, or {@link Frame#SUSPENDED} while a returned coroutine runs. */
        Object complete(Object returned, Frame<?> frame);

        /**
         * Switches {@code task} to another chain of its frames: once the frames returning {@link Frame#SUSPENDED}
         * have unwound (with nothing awaited), its trampoline resumes {@code next} (async generators hand the value
         * and the control back and forth this way, in the consumer's task, without a trip through the loop).
         */
        void resumeNext(Task<?> task, Frame<?> next);

        /** An async generator's body started on {@code loop}, which closes it at shutdown if it never finishes. */
        void asyncGeneratorStarted(EventLoop loop, jasyncio.iter.AsyncIterator<?> generator);

        /** The loop running in this thread, or null. */
        EventLoop runningLoop();

        /** The loop running in this thread; throws {@link IllegalStateException} naming {@code what} if none. */
        EventLoop runningLoop(String what);

        /** The task whose step {@code loop} is running, or null between steps. */
        Task<?> currentTask(EventLoop loop);

        /**
         * A future on {@code loop} for one task to wait on, which says in task dumps what for: {@code waitsFor}, as
         * {@code acquire <Lock [locked]> held by <Task ...>} (called from any thread, while the future is pending).
         */
        <T> Future<T> createWaiter(EventLoop loop, Supplier<String> waitsFor);

        /** The stack trace of an exception thrown at {@code frame}'s await: its await chain and task. */
        StackTraceElement[] traceAtAwait(Frame<?> frame);

        /** {@code loop}'s one direct buffer for socket reads: data is copied out before the next read. */
        ByteBuffer readBuffer(EventLoop loop);

        /** A new loop on {@code clock}, shuffling each iteration's ready items with {@code shuffle} unless null (jasyncio-test). */
        EventLoop newEventLoop(LoopClock clock, Random shuffle);

        /** How many callbacks and task steps wait in {@code loop}'s ready queue. */
        int readyCount(EventLoop loop);

        /** Nanoseconds until {@code loop}'s next live timer is due (0 if due), or -1 without one. */
        long nanosUntilNextTimer(EventLoop loop);

        /** The tasks of {@code loop} that are not done yet, whether it runs or not. */
        Set<Task<?>> liveTasks(EventLoop loop);

        /** {@code future} stands for another thread's work: a virtual clock does not jump past it until it is done. */
        void holdClockUntil(EventLoop loop, Future<?> future);

        /** True while {@code future} failed and nobody has seen its exception yet. */
        boolean failureUnretrieved(Future<?> future);
    }

    private static volatile Hooks hooks;

    /** Called once, by the core package's static initialiser; a second call is refused. */
    public static synchronized void install(Hooks core) {
        if (hooks != null) {
            throw new IllegalStateException("jasyncio's core hooks are installed already");
        }
        hooks = core;
    }

    /** The core package's hooks, initialising it first if nothing has yet. */
    public static Hooks hooks() {
        Hooks h = hooks;
        if (h == null) {
            try {
                Class.forName("jasyncio.Coroutine", true, CoreAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("jasyncio's core package is missing beside jasyncio.internal", e);
            }
            h = hooks;
        }
        return h;
    }
}
