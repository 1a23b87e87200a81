package jasyncio.internal;

import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Debug mode's search for coroutines that were created and never awaited (a forgotten {@code await} in front
 * of a call): each frame remembers where it was created, and one collected without having been awaited is
 * reported with that place. On while a loop runs in debug mode, when it costs a stack trace per coroutine.
 */
public final class CoroutineTracking {
    private static final boolean ALWAYS = Boolean.getBoolean("jasyncio.debug");
    /** Debug loops running now: tracking is on while there is one (or always with -Djasyncio.debug=true). */
    private static int debugLoops;
    /**
     * Read on every coroutine creation, so a plain field rather than a volatile one: the thread that starts a
     * debug loop sees its own write at once; other threads may start tracking a little later.
     */
    private static boolean enabled = ALWAYS;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Map<Frame<?>, Site> SITES = new WeakHashMap<>();

    /** Where one coroutine was created, and whether it was ever awaited. */
    private static final class Site implements Runnable {
        final String coroutine;
        final Throwable creation;
        volatile boolean awaited;

        Site(String coroutine, Throwable creation) {
            this.coroutine = coroutine;
            this.creation = creation;
        }

        @Override
        public void run() {
            if (!awaited) {
                StringBuilder text = new StringBuilder("jasyncio: coroutine ").append(coroutine)
                        .append(" was never awaited; it was created at:");
                for (StackTraceElement e : creation.getStackTrace()) {
                    text.append("\n    at ").append(e);
                }
                System.err.println(text);
            }
        }
    }

    private CoroutineTracking() {
    }

    public static boolean isEnabled() {
        return enabled;
    }

    /** A loop in debug mode starts running. */
    public static synchronized void debugLoopStarted() {
        enabled = ALWAYS || ++debugLoops > 0;
    }

    public static synchronized void debugLoopStopped() {
        enabled = ALWAYS || --debugLoops > 0;
    }

    static void created(Frame<?> frame) {
        Site site = new Site(frame.info.qualifiedName(), new Throwable("created here"));
        synchronized (SITES) {
            SITES.put(frame, site);
        }
        CLEANER.register(frame, site);
    }

    /** The frame is being awaited or wrapped in a task. */
    public static void awaited(Frame<?> frame) {
        Site site;
        synchronized (SITES) {
            site = SITES.remove(frame);
        }
        if (site != null) {
            site.awaited = true;
        }
    }
}
