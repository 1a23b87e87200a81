package jasyncio;

import jasyncio.internal.CoreAccess;
import jasyncio.internal.Frame;
import jasyncio.internal.LoopClock;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/** The core package's side of {@link CoreAccess}: installed by {@link Coroutine}'s static initialiser. */
final class CoreHooks implements CoreAccess.Hooks {
    @Override
    public Object await(Object awaitable, Frame<?> self) {
        return Awaits.await(awaitable, self);
    }

    @Override
    public Object complete(Object returned, Frame<?> frame) {
        return Awaits.complete(returned, frame);
    }

    @Override
    public void resumeNext(Task<?> task, Frame<?> next) {
        task.innermost = next;
    }

    @Override
    public void asyncGeneratorStarted(EventLoop loop, jasyncio.iter.AsyncIterator<?> generator) {
        loop.asyncGeneratorStarted(generator);
    }

    @Override
    public EventLoop runningLoop() {
        return EventLoop.runningOrNull();
    }

    @Override
    public EventLoop runningLoop(String what) {
        return EventLoop.running(what);
    }

    @Override
    public Task<?> currentTask(EventLoop loop) {
        return loop.currentTask();
    }

    @Override
    public <T> Future<T> createWaiter(EventLoop loop, Supplier<String> waitsFor) {
        return new WaiterFuture<>(loop, waitsFor);
    }

    @Override
    public StackTraceElement[] traceAtAwait(Frame<?> frame) {
        return AwaitTrace.atAwait(frame);
    }

    @Override
    public ByteBuffer readBuffer(EventLoop loop) {
        return loop.io.readBuffer();
    }

    @Override
    public EventLoop newEventLoop(LoopClock clock, Random shuffle) {
        return new EventLoop(clock, shuffle);
    }

    @Override
    public int readyCount(EventLoop loop) {
        return loop.readyCount();
    }

    @Override
    public long nanosUntilNextTimer(EventLoop loop) {
        return loop.nanosUntilNextTimer();
    }

    @Override
    public Set<Task<?>> liveTasks(EventLoop loop) {
        return loop.liveTasks();
    }

    @Override
    public boolean failureUnretrieved(Future<?> future) {
        return future.failureUnretrieved();
    }

    @Override
    public void holdClockUntil(EventLoop loop, Future<?> future) {
        loop.holdClockUntil(future);
    }
}
