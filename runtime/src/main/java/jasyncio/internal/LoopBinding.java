package jasyncio.internal;

import jasyncio.EventLoop;

/**
 * asyncio's {@code _LoopBoundMixin}: a primitive binds to the event loop on which it is first used and
 * refuses to be used from any other loop or thread, which would corrupt its unsynchronised state. Used by the
 * primitives of {@code jasyncio.sync} and {@code jasyncio.queues}; not API.
 *
 * <p>A primitive nobody used on a loop yet may be used with no loop running (to fill a queue before the
 * loop starts, say); waiting always needs a loop.
 */
public final class LoopBinding {
    /** Read once: every use of a primitive asks it for the running loop. */
    private static final CoreAccess.Hooks CORE = CoreAccess.hooks();
    /** Volatile so that a foreign thread sees the binding and gets the clear error. */
    private volatile EventLoop loop;

    /**
     * Checks that the caller runs on the bound loop, binding the primitive to the running loop on first
     * use. Returns the running loop, or null when no loop runs here and the primitive is still unbound.
     */
    public EventLoop check(Object primitive) {
        EventLoop running = CORE.runningLoop();
        EventLoop bound = loop;
        if (bound == null) {
            if (running != null) {
                loop = running;
            }
            return running;
        }
        if (running != bound) {
            throw wrongLoop(primitive, running);
        }
        return bound;
    }

    /** Like {@link #check}, for an operation that may wait: a loop must run in this thread. */
    public EventLoop require(Object primitive, String what) {
        EventLoop running = check(primitive);
        return running != null ? running : CORE.runningLoop(what);
    }

    private static IllegalStateException wrongLoop(Object primitive, EventLoop running) {
        // Not toString(): the primitive's state belongs to another thread, which may be changing it now.
        String name = primitive.getClass().getSimpleName() + "@"
                + Integer.toHexString(System.identityHashCode(primitive));
        if (running == null) {
            return new IllegalStateException(name + " is bound to an event loop and must be used from its"
                    + " loop's thread, not from thread '" + Thread.currentThread().getName() + "': from another"
                    + " thread, go through loop.callSoonThreadsafe(...)");
        }
        return new IllegalStateException(name + " is bound to a different event loop than the one running"
                + " in thread '" + Thread.currentThread().getName() + "' (a primitive belongs to the loop that"
                + " first used it)");
    }
}
