package jasyncio;

import java.util.function.Supplier;

/**
 * A future that a lock, queue or stream makes for one task to wait on, and which says what for: a task dump then
 * shows {@code acquire <Lock [locked, waiters:1]> held by <Task ...>} rather than a bare {@code <Future pending>}.
 */
final class WaiterFuture<T> extends Future<T> {
    private final Supplier<String> waitsFor;

    WaiterFuture(EventLoop loop, Supplier<String> waitsFor) {
        super(loop);
        this.waitsFor = waitsFor;
    }

    @Override
    public String describeWait() {
        return done() ? super.describeWait() : waitsFor.get();
    }
}
