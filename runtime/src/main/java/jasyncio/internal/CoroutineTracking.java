package jasyncio.internal;

import jasyncio.EventLoop;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Debug mode's search for coroutines that were created and never awaited (a forgotten {@code await} in front
 * of a call): each frame remembers where it was created, and one collected without having been awaited is
 * reported with that place ({@link NeverAwaitedReports}). On while a loop runs in debug mode,
 * when it costs a stack trace per coroutine.
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

    /**
     * Where one coroutine was created, on which loop (held weakly: a coroutine never collected must not keep its
     * loop), and whether it was ever awaited. Run by the cleaner's thread once the coroutine is collected.
     */
    private static final class Site implements Runnable {
        final String coroutine;
        final Throwable creation;
        final WeakReference<EventLoop> loop;
        volatile boolean awaited;

        Site(String coroutine, Throwable creation, EventLoop loop) {
            this.coroutine = coroutine;
            this.creation = creation;
            this.loop = new WeakReference<>(loop);
        }

        @Override
        public void run() {
            if (!awaited) {
                NeverAwaitedReports.report(loop.get(), coroutine, creation);
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
        Site site = new Site(frame.info.qualifiedName(), new Throwable("created here"),
                CoreAccess.hooks().runningLoop());
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
