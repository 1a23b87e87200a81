package jasyncio.iter;

import jasyncio.Awaitable;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.internal.CoreAccess;
import jasyncio.internal.Failure;
import jasyncio.internal.Frame;
import jasyncio.internal.MethodInfo;
import jasyncio.internal.ReadySlot;
import jasyncio.internal.Throwables;

/**
 * One run of an async generator's body (PEP 525), driven inside the consumer's task: the producer's frames run
 * as if awaited by the consumer's {@code hasNext()}, so {@code currentTask()} and context variables are the
 * consumer's, and a value costs no trip through the loop.
 *
 * <p>How: {@code hasNext()} returns a driver frame ({@link #advance}) that awaits the producer's coroutine
 * inline, as any coroutine awaits another. An awaited {@link #emit} is a frame too ({@link #emitted}); it parks the
 * producer's chain of frames (they save their state and return {@code SUSPENDED}, as at any suspension) and
 * switches the task back to the driver, which returns {@code true} to the consumer. The next driver re-attaches the
 * parked chain under itself and resumes it from the emit frame, whose await then returns, on its own Java stack. A
 * producer that awaits something real in between suspends the whole consumer task, its frames innermost, as any
 * awaited coroutine does; its next emit then switches the task back to the driver through the trampoline.
 * {@code aclose()} is another driver ({@link #finishing}) that resumes the parked emit with a
 * {@link GeneratorExitException}.
 */
final class AsyncGenerator<T> implements AsyncIterator<T>, Emitter<T> {
    private static final CoreAccess.Hooks CORE = CoreAccess.hooks();
    private static final String OWNER = AsyncGenerator.class.getName();
    /** One line number (unknown) per label the frames of this class stop at: 0 and 1. */
    private static final int[] LINES = {-1, -1};
    static final Coroutine<Boolean> TRUE = Coroutine.completed(Boolean.TRUE);
    static final Coroutine<Boolean> FALSE = Coroutine.completed(Boolean.FALSE);
    static final Coroutine<Void> NOTHING = Coroutine.completed();

    private enum State {
        /** The body has not started (nothing runs before the first {@code hasNext()}). */
        NEW,
        /** The body runs, driven by {@link #driver}: a {@code hasNext()} waits for it. */
        RUNNING,
        /** The body waits at an emit ({@link #parked}) for the consumer to ask for the next value. */
        PARKED,
        /** The body runs its clean-up after a {@link GeneratorExitException}, driven by {@link #driver}. */
        CLOSING,
        /** The body has returned, failed, been closed or abandoned. */
        DONE
    }

    private final Producer<T> producer;
    private final MethodInfo advanceInfo = new MethodInfo(this::advance, 1, 0, OWNER, "hasNext", null, LINES);
    private final MethodInfo finishInfo = new MethodInfo(this::finishing, 1, 0, OWNER, "aclose", null, LINES);
    private final MethodInfo emitInfo = new MethodInfo(this::emitted, 1, 0, OWNER, "emit", null, LINES);

    private State state = State.NEW;
    /** The producer's outermost frame, whose caller is the current driver; null if the body is no frame. */
    private Frame<?> root;
    /** The emit frame the parked body waits at, innermost of its chain. */
    private Frame<?> parked;
    /** The frame driving the body (a {@code hasNext()} or an {@code aclose()}) while it runs. */
    private Frame<?> driver;
    /** True while a driver runs the body on its Java stack: an emit then just unwinds back to it. */
    private boolean inline;
    private final ReadySlot<T> slot = new ReadySlot<>();
    /** {@link #close()} was called: {@code hasNext()} is false from now on. */
    private boolean closed;
    /** {@link #close()} was called while the body ran: its next emit throws the exit. */
    private boolean exitAtNextEmit;
    /** The task {@link #close()} started to clean a parked body up, which {@link #aclose()} then awaits. */
    private Task<Void> cleanUp;
    /** The exit thrown into the body, recognised when it comes back out. */
    private GeneratorExitException exit;
    /** Why the body was abandoned (it emitted while closing), thrown to the driver. */
    private IllegalStateException abandoned;

    AsyncGenerator(Producer<T> producer) {
        this.producer = producer;
    }

    // ---- the consumer's side ----

    @Override
    public Coroutine<Boolean> hasNext() {
        if (slot.isReady()) {
            return TRUE;
        }
        if (state == State.DONE || closed) {
            return FALSE;
        }
        refuseWhileRunning("hasNext()");
        return new Frame<>(advanceInfo);
    }

    @Override
    public T next() {
        return slot.take(this);
    }

    @Override
    public Awaitable<Void> aclose() {
        if (cleanUp != null) {
            return cleanUp; // close() started the clean-up: wait for that one
        }
        refuseWhileRunning("aclose()");
        closed = true;
        dropValue();
        if (state == State.PARKED) {
            return new Frame<>(finishInfo);
        }
        state = State.DONE;
        return NOTHING;
    }

    /**
     * A parked body is closed in a task of its own, as asyncio's loop finalises an async generator (its failure is
     * reported by the loop as never retrieved); a running one gets the exit at its next emit, and the
     * {@code hasNext()} waiting for it then returns false.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropValue();
        switch (state) {
            case NEW -> state = State.DONE;
            case RUNNING -> exitAtNextEmit = true;
            case PARKED -> {
                EventLoop loop = CORE.runningLoop("AsyncIterator.close() of an async generator (its clean-up runs"
                        + " on the loop)");
                cleanUp = loop.createTask(new Frame<Void>(finishInfo), "aclose " + this);
            }
            default -> {
            }
        }
    }

    private void dropValue() {
        slot.clear();
    }

    private void refuseWhileRunning(String what) {
        if (state == State.RUNNING || state == State.CLOSING) {
            throw new IllegalStateException(what + " while the async generator is already running (driven by "
                    + driver.task() + "): one consumer at a time, each awaiting hasNext() before the next call"
                    + " (asyncio: 'anext(): asynchronous generator is already running'); " + this);
        }
    }

    // ---- the drivers, run as frames in the consumer's task ----

    /** {@code hasNext()}: runs the body until it emits (true) or ends (false, or its exception). */
    private Object advance(Frame<?> f) {
        if (f.label != 0) {
            return afterResume(f, false);
        }
        if (slot.isReady()) {
            return Boolean.TRUE;
        }
        if (state == State.DONE || closed) {
            return Boolean.FALSE;
        }
        refuseWhileRunning("hasNext()");
        driver = f;
        if (state == State.PARKED) {
            state = State.RUNNING;
            return resumeParked(f, null, false);
        }
        state = State.RUNNING;
        CORE.asyncGeneratorStarted(f.task().getLoop(), this);
        Coroutine<Void> body;
        try {
            body = producer.produce(this);
            if (body == null) {
                throw new NullPointerException("the producer of " + this + " returned null instead of a coroutine"
                        + " (end it with 'return Coroutine.completed();')");
            }
        } catch (Throwable error) {
            end();
            throw Throwables.sneakyThrow(error);
        }
        root = body instanceof Frame<?> frame ? frame : null;
        Object result;
        inline = true;
        try {
            result = Frame.await(body, f, 1);
        } catch (Throwable error) {
            return settle(null, error, false);
        } finally {
            inline = false;
        }
        return settle(result, null, false);
    }

    /** {@code aclose()} of a parked body: resumes its emit with the exit and waits for its clean-up. */
    private Object finishing(Frame<?> f) {
        if (f.label != 0) {
            return afterResume(f, true);
        }
        if (state == State.NEW || state == State.DONE) { // closed some other way since aclose() was called
            state = State.DONE;
            return null;
        }
        refuseWhileRunning("aclose()");
        driver = f;
        state = State.CLOSING;
        exit = new GeneratorExitException("the consumer of the async generator stopped early (aclose)");
        return resumeParked(f, Failure.tracedAtThrow(exit), true);
    }

    /**
     * Hands the parked chain of frames to driver {@code f} and runs it from its emit, which gets {@code outcome}, on
     * this Java stack as the task's trampoline would (innermost first, each result or failure handed to its caller),
     * until the body emits again, ends, or waits for something else: then the task suspends with the body's frames
     * innermost, and its trampoline resumes the driver at label 1 when the body comes back to it.
     */
    private Object resumeParked(Frame<?> f, Object outcome, boolean closing) {
        Frame<?> frame = parked;
        parked = null;
        root.reattach(frame, f);
        f.label = 1;
        frame.deliver(outcome);
        inline = true;
        try {
            for (;;) {
                Frame<?> caller = frame.caller();
                Object result;
                try {
                    result = frame.resume();
                } catch (Throwable error) {
                    frame.finish();
                    if (frame == root) {
                        return settle(null, error, closing);
                    }
                    caller.deliver(new Failure(error));
                    frame = caller;
                    continue;
                }
                if (result == Frame.SUSPENDED) {
                    return settle(result, null, closing);
                }
                frame.finish();
                if (frame == root) {
                    return settle(result, null, closing);
                }
                caller.deliver(result);
                frame = caller;
            }
        } finally {
            inline = false;
        }
    }

    /** A driver resumed by the trampoline: the body emitted, returned, failed or was abandoned. */
    private Object afterResume(Frame<?> f, boolean closing) {
        Object result;
        try {
            result = f.takeResult();
        } catch (Throwable error) {
            return settle(null, error, closing);
        }
        return settle(result, null, closing);
    }

    /**
     * What a driver returns once the body stopped running: {@code true} at an emitted value, {@code SUSPENDED} while
     * it waits for something else, else the end (false, or null for {@code aclose()}) or the failure.
     */
    private Object settle(Object result, Throwable error, boolean closing) {
        if (state == State.PARKED) {
            return Boolean.TRUE;
        }
        if (error == null && result == Frame.SUSPENDED && state != State.DONE) {
            return Frame.SUSPENDED;
        }
        Throwable failure = abandoned != null ? abandoned : error;
        boolean exited = failure != null && failure == exit;
        abandoned = null;
        end();
        if (failure != null && !exited) {
            throw Throwables.sneakyThrow(failure);
        }
        return closing ? null : Boolean.FALSE;
    }

    private void end() {
        state = State.DONE;
        root = null;
        parked = null;
        driver = null;
        exit = null;
    }

    // ---- the producer's side ----

    @Override
    public Frame<Void> emit(T v) {
        Frame<Void> frame = new Frame<>(emitInfo);
        Frame.putRef(v, frame, 0);
        return frame;
    }

    /** An awaited emit: parks the body and switches the task back to the driver. */
    @SuppressWarnings("unchecked")
    private Object emitted(Frame<?> e) {
        T v = (T) Frame.getRef(e, 0);
        Frame.putRef(null, e, 0);
        checkEmitter(e, v);
        if (state == State.CLOSING) {
            abandon(v);
        } else if (exitAtNextEmit) {
            exitAtNextEmit = false;
            state = State.CLOSING;
            exit = new GeneratorExitException("the consumer of the async generator stopped early (close)");
            throw exit;
        } else {
            state = State.PARKED;
            parked = e;
            slot.put(v);
            e.label = Frame.TAIL; // its next resume returns what the next driver delivers
        }
        if (!inline) {
            CORE.resumeNext(e.task(), driver);
        }
        return Frame.SUSPENDED;
    }

    /** The body emitted after its exit: left where it stands (as Python leaves it), its driver told why. */
    private void abandon(T v) {
        abandoned = new IllegalStateException("async generator ignored GeneratorExitException: its producer emitted "
                + v + " after being told to stop; let the exception end it and clean up in finally blocks (asyncio:"
                + " 'async generator ignored GeneratorExit'); " + this);
        state = State.DONE;
        root = null;
        parked = null;
    }

    /** Only the body itself, while it runs, may emit: the chain from {@code e} up must reach its root before any driver. */
    private void checkEmitter(Frame<?> e, T v) {
        boolean running = state == State.RUNNING || state == State.CLOSING;
        if (running && driver != null && e.task() == driver.task()) {
            for (Frame<?> c = e.caller(); c != null && !isDriver(c); c = c.caller()) {
                if (c == root) {
                    return;
                }
            }
        }
        throw new IllegalStateException("emit(" + v + ") awaited outside the body of " + this + ": only the"
                + " generator's own body, and the coroutines it awaits, may emit, while it runs (not another task, a"
                + " callback or another generator's body)");
    }

    private static boolean isDriver(Frame<?> f) {
        return f.info().owner.equals(OWNER);
    }

    /**
     * {@code <async generator parked value ready GeneratorTest.lambda$ticks$0() running at GeneratorTest.java:37>}: the
     * state, and where the body is (its outermost frame), or the producer's class before it starts and after it ends.
     */
    @Override
    public String toString() {
        Frame<?> body = root;
        return "<async generator " + state.name().toLowerCase() + (slot.isReady() ? " value ready" : "")
                + (closed ? " closed" : "") + " " + (body != null ? body : producer.getClass().getName()) + ">";
    }
}
