package jasyncio.internal;

import jasyncio.EventLoop;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** Numbers the sites, so that a test can ask for those created since it started ({@link #mark()}). */
    private static long sites;
    /** The last sites reported as collected unawaited, for {@link #neverAwaited} (a test's loop may see a GC first). */
    private static final ArrayDeque<Site> COLLECTED = new ArrayDeque<>();
    private static final int COLLECTED_KEPT = 256;

    /**
     * Where one coroutine was created, on which loop (held weakly: a coroutine never collected must not keep its
     * loop), and whether it was ever awaited. Run by the cleaner's thread once the coroutine is collected.
     */
    private static final class Site implements Runnable {
        final String coroutine;
        final Throwable creation;
        final WeakReference<EventLoop> loop;
        final long number;
        final Thread thread;
        volatile boolean awaited;

        Site(String coroutine, Throwable creation, EventLoop loop, long number) {
            this.coroutine = coroutine;
            this.creation = creation;
            this.loop = new WeakReference<>(loop);
            this.number = number;
            this.thread = Thread.currentThread();
        }

        @Override
        public void run() {
            if (!awaited) {
                synchronized (SITES) {
                    if (COLLECTED.size() == COLLECTED_KEPT) {
                        COLLECTED.poll();
                    }
                    COLLECTED.add(this);
                }
                NeverAwaitedReports.report(loop.get(), coroutine, creation);
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("coroutine ").append(coroutine)
                    .append(" was never awaited; it was created at:");
            for (StackTraceElement e : creation.getStackTrace()) {
                text.append("\n    at ").append(e);
            }
            return text.toString();
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
        Throwable creation = new Throwable("created here");
        EventLoop loop = CoreAccess.hooks().runningLoop();
        synchronized (SITES) {
            Site site = new Site(frame.info.qualifiedName(), creation, loop, ++sites);
            SITES.put(frame, site);
            CLEANER.register(frame, site);
        }
    }

    /**
     * The frame is being awaited or wrapped in a task. Its site stays known (weakly, like the frame) for
     * {@link #creationOf}.
     */
    public static void awaited(Frame<?> frame) {
        Site site;
        synchronized (SITES) {
            site = SITES.get(frame);
        }
        if (site != null) {
            site.awaited = true;
        }
    }

    /**
     * Where {@code coroutine} was created, if it was tracked: the stack of its creation, the coroutine's own method
     * first (jasyncio-test names a pending task's creation site with it); null when it was not.
     */
    public static StackTraceElement[] creationOf(Object coroutine) {
        Site site;
        synchronized (SITES) {
            site = coroutine instanceof Frame<?> frame ? SITES.get(frame) : null;
        }
        if (site == null) {
            return null;
        }
        StackTraceElement[] stack = site.creation.getStackTrace();
        int first = 0;
        while (first < stack.length && stack[first].getClassName().startsWith(Frame.class.getPackageName() + ".")) {
            first++;
        }
        return Arrays.copyOfRange(stack, first, stack.length);
    }

    /** A mark for {@link #neverAwaited}: the coroutines tracked from now on are numbered after it. */
    public static long mark() {
        synchronized (SITES) {
            return sites;
        }
    }

    /**
     * The coroutines {@code thread} created after {@code mark} that were not awaited (nor wrapped in a task) so far,
     * each with where it was created, whether collected already or not (jasyncio-test fails a test for them).
     */
    public static List<String> neverAwaited(Thread thread, long mark) {
        List<String> found = new ArrayList<>();
        synchronized (SITES) {
            for (Site site : COLLECTED) {
                if (site.thread == thread && site.number > mark) {
                    found.add(site.toString());
                }
            }
            for (Site site : SITES.values()) {
                if (site.thread == thread && site.number > mark && !site.awaited) {
                    found.add(site.toString());
                }
            }
        }
        return found;
    }
}
