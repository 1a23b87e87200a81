package jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The Unix signals one loop handles ({@link EventLoop#addSignalHandler}, asyncio's {@code add_signal_handler}), over
 * the JDK's {@code sun.misc.Signal}. The JVM runs a signal's handler in a thread of its own; the handler only hands
 * the callback to the loop ({@link EventLoop#callSoonThreadsafe}), which runs it on its thread, in the context that
 * was current when it was added. The handler the JVM had before (its shutdown for SIGINT, SIGTERM and SIGHUP) is
 * restored when the callback is removed or the loop closes.
 */
final class SignalHandlers {
    /**
     * The open loop that handles each signal (by the JVM's name, {@code "HUP"}): the JVM has one handler per signal,
     * so a second loop would take it over and could not give back the right one.
     */
    private static final Map<String, EventLoop> OWNERS = new ConcurrentHashMap<>();

    private final EventLoop loop;
    /** What this loop handles, by the JVM's name of the signal, with the handler it replaced. */
    private final Map<String, SignalHandler> replaced = new LinkedHashMap<>();

    SignalHandlers(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code callback} on the loop whenever {@code name} is delivered, instead of an earlier callback for it. */
    void add(String name, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        Signal signal = signal(name);
        String key = signal.getName();
        SignalHandler delivery = new Delivery(loop, callback, Context.current(loop).copy());
        if (replaced.containsKey(key)) {
            Signal.handle(signal, delivery); // replaces this loop's earlier callback; the JVM's stays remembered
            return;
        }
        EventLoop owner = OWNERS.putIfAbsent(key, loop);
        if (owner != null) {
            throw new IllegalStateException("SIG" + key + " is already handled by another event loop, " + owner
                    + ": remove its handler there first (the JVM has one handler per signal)");
        }
        SignalHandler previous;
        try {
            previous = Signal.handle(signal, delivery);
        } catch (IllegalArgumentException e) {
            OWNERS.remove(key, loop);
            throw reserved(key, e);
        }
        // HotSpot silently keeps SIGHUP, SIGINT and SIGTERM ignored when the process started with them ignored:
        // it answers SIG_IGN and installs nothing, which only a second call shows (it answers SIG_IGN again).
        if (previous == SignalHandler.SIG_IGN && Signal.handle(signal, delivery) != delivery) {
            OWNERS.remove(key, loop);
            throw ignored(key);
        }
        replaced.put(key, previous);
    }

    /** Gives {@code name} back to the handler it had before; false if this loop did not handle it. */
    boolean remove(String name) {
        Signal signal = signal(name);
        String key = signal.getName();
        SignalHandler previous = replaced.remove(key);
        if (previous == null) {
            return false;
        }
        Signal.handle(signal, previous);
        OWNERS.remove(key, loop);
        return true;
    }

    /** The loop closes: every signal it handles goes back to the handler it had before. */
    void removeAll() {
        for (String key : new ArrayList<>(replaced.keySet())) {
            remove(key);
        }
    }

    /** The JDK's signal named {@code name}: {@code "SIGHUP"} or {@code "HUP"}, in any case. */
    private static Signal signal(String name) {
        Objects.requireNonNull(name, "signal name");
        String upper = name.toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        try {
            return new Signal(bare);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown signal '" + name + "' on this system: use a name such as"
                    + " SIGINT, SIGTERM, SIGHUP or SIGUSR2", e);
        }
    }

    private static IllegalArgumentException reserved(String key, IllegalArgumentException e) {
        String why = switch (key) {
            case "KILL", "STOP" -> "no process can catch it";
            case "QUIT" -> "the JVM prints a thread dump on it (unless it was started with -Xrs)";
            default -> "the JVM or the operating system uses it itself";
        };
        return new IllegalArgumentException("SIG" + key + " cannot be handled: " + why + " (the JDK says: "
                + e.getMessage() + "); SIGINT, SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 usually can", e);
    }

    private static IllegalStateException ignored(String key) {
        return new IllegalStateException("SIG" + key + " cannot be handled: this process was started with it"
                + " ignored, and the JVM keeps it so (nohup ignores SIGHUP; a background job of a non-interactive"
                + " shell, SIGINT). Start the JVM without that (setsid or a service manager detach a process"
                + " without ignoring signals), or handle another signal");
    }

    /** What the JVM's signal thread runs: hands the callback to the loop. */
    private static final class Delivery implements SignalHandler {
        private final EventLoop loop;
        private final Runnable callback;
        private final Context context;

        Delivery(EventLoop loop, Runnable callback, Context context) {
            this.loop = loop;
            this.callback = callback;
            this.context = context;
        }

        @Override
        public void handle(Signal signal) {
            try {
                loop.callSoonThreadsafe(callback, context);
            } catch (IllegalStateException closed) {
                // The loop closed while the signal was on its way. It gave the signal back to the JVM's handler
                // before it was marked closed: raised again, the signal reaches that handler, as if it came after.
                Signal.raise(signal);
            }
        }

        @Override
        public String toString() {
            return "<signal handler of " + loop + ": " + callback + ">";
        }
    }
}
