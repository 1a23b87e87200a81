package jasyncio.instrument;

/**
 * The runtime's API as sources, to compile coroutines against, verify the rewritten classes and run them.
 * The signatures the rewriter calls are those of {@code jasyncio.internal.Frame}, {@code MethodInfo} and
 * {@code Bootstrap}; the bodies are a tiny synchronous driver, no event loop:
 *
 * <ul>
 * <li>unrewritten code: {@code Asyncio.await} blocks on a future or runs a coroutine to its end, so the
 *     original classes compute the reference result;</li>
 * <li>rewritten code: {@code Frame.await} and {@code Frame.awaitAt} hand the value back at once, or, when
 *     {@code Frame.suspendAtEveryAwait} is set, suspends at every await and has {@link #FRAME}'s
 *     {@code run()} resume the frame with the value (or failure) at once.</li>
 * </ul>
 */
final class RuntimeStubs {
    private RuntimeStubs() {
    }

    static final String ASYNC = """
            package jasyncio;
            import java.lang.annotation.*;
            @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)
            public @interface Async {}
            """;

    static final String AWAITABLE = """
            package jasyncio;
            public interface Awaitable<T> {}
            """;

    static final String COROUTINE = """
            package jasyncio;
            public abstract class Coroutine<T> implements Awaitable<T> {
                protected Coroutine() {}
                /** How many completed coroutines were built: rewritten code returning one directly builds none. */
                public static int built;
                public static <T> Coroutine<T> completed(T value) { built++; return new Done<>(value); }
                public static <T> Coroutine<T> completed() { built++; return new Done<>(null); }
                /** Runs to the end: the result, or what it throws. */
                public abstract Object run();

                /** The value of an awaitable, computed synchronously. */
                public static Object valueOf(Object awaitable) {
                    if (awaitable instanceof Coroutine) {
                        return ((Coroutine<?>) awaitable).run();
                    }
                    try {
                        return ((java.util.concurrent.CompletionStage<?>) awaitable).toCompletableFuture().join();
                    } catch (java.util.concurrent.CompletionException e) {
                        throw Coroutine.<RuntimeException>sneaky(e.getCause());
                    }
                }

                @SuppressWarnings("unchecked")
                public static <E extends Throwable> E sneaky(Throwable t) throws E {
                    throw (E) t;
                }

                static final class Done<T> extends Coroutine<T> {
                    private final T value;
                    Done(T value) { this.value = value; }
                    public Object run() { return value; }
                }
            }
            """;

    static final String ASYNCIO = """
            package jasyncio;
            public final class Asyncio {
                private Asyncio() {}
                @SuppressWarnings("unchecked")
                public static <T> T await(Awaitable<T> a) { return (T) Coroutine.valueOf(a); }
                @SuppressWarnings("unchecked")
                public static <T> T await(java.util.concurrent.CompletionStage<T> s) { return (T) Coroutine.valueOf(s); }
            }
            """;

    static final String METHOD_INFO = """
            package jasyncio.internal;
            import java.lang.invoke.MethodHandle;
            public final class MethodInfo {
                final MethodHandle body;
                final int refSlots;
                final int primSlots;
                MethodInfo(MethodHandle body, int refSlots, int primSlots) {
                    this.body = body;
                    this.refSlots = refSlots;
                    this.primSlots = primSlots;
                }
                Object resume(Frame<?> frame) {
                    try {
                        return body.invoke(frame);
                    } catch (Throwable t) {
                        throw jasyncio.Coroutine.<RuntimeException>sneaky(t);
                    }
                }
            }
            """;

    static final String BOOTSTRAP = """
            package jasyncio.internal;
            import java.lang.invoke.*;
            public final class Bootstrap {
                private Bootstrap() {}
                public static CallSite methodInfo(MethodHandles.Lookup lookup, String name, MethodType type,
                                                  MethodHandle body, String method, String file, String lines,
                                                  int refSlots, int primSlots) {
                    MethodInfo info = new MethodInfo(body, refSlots, primSlots);
                    return new ConstantCallSite(MethodHandles.constant(MethodInfo.class, info));
                }
            }
            """;

    /**
     * Lays out saved values as {@code jasyncio.internal.Frame} does: reference 0 and primitive 0 (an int) in the
     * frame itself, the rest in the arrays at {@code index - 1}; a long or double never gets slot 0. A rewrite
     * that breaks that contract then fails here as it would under the real runtime. It also records, for the
     * tests, the references a suspended frame retains and how returns complete.
     */
    static final String FRAME = """
            package jasyncio.internal;
            public final class Frame<T> extends jasyncio.Coroutine<T> {
                public static final Object SUSPENDED = new Object();
                /** Test switch: suspend at every await instead of going on with the value. */
                public static boolean suspendAtEveryAwait;
                /** How many times rewritten code suspended, for the tests to see the driver at work. */
                public static int suspensions;
                /** How many returns went through {@code complete} (not the {@code Coroutine.completed} shortcut). */
                public static int completions;
                /** At each suspension, the references the frame retained, in slot order. */
                public static final java.util.List<java.util.List<Object>> retained = new java.util.ArrayList<>();
                /** At each suspension, the frame's arrays of saved values beyond the first of each kind. */
                public static final java.util.List<String> arrays = new java.util.ArrayList<>();

                private static final class Failure {
                    final Throwable error;
                    Failure(Throwable error) { this.error = error; }
                }

                public final MethodInfo info;
                public int label;
                private Object ref0;
                private int prim0;
                public Object[] refs;
                public long[] prims;
                public Object pending;

                public Frame(MethodInfo info) {
                    this.info = info;
                    if (info.refSlots > 1) refs = new Object[info.refSlots - 1];
                    if (info.primSlots > 1) prims = new long[info.primSlots - 1];
                }

                public Object run() {
                    Object result;
                    while ((result = info.resume(this)) == SUSPENDED) {
                        if (label <= 0) throw new IllegalStateException("suspended at label " + label);
                        retained.add(retainedRefs());
                        arrays.add((refs == null ? "no" : refs.length) + " refs, "
                                + (prims == null ? "no" : prims.length) + " prims");
                    }
                    return result;
                }

                private java.util.List<Object> retainedRefs() {
                    java.util.List<Object> held = new java.util.ArrayList<>();
                    if (ref0 != null) held.add(ref0);
                    if (refs != null) for (Object r : refs) if (r != null) held.add(r);
                    return held;
                }

                public Object takeResult() {
                    Object p = pending;
                    pending = null;
                    if (p instanceof Failure) throw jasyncio.Coroutine.<RuntimeException>sneaky(((Failure) p).error);
                    return p;
                }

                public static Object resumeAt(Frame<?> self, int label) {
                    self.label = label;
                    return self.takeResult();
                }
                public static Object await(Object awaitable, Frame<?> self, int label) {
                    if (awaitable == SUSPENDED) {
                        return resumeAt(self, label);
                    }
                    return awaitAt(awaitable, self, label);
                }
                public static Object awaitAt(Object awaitable, Frame<?> self, int label) {
                    if (awaitable == SUSPENDED) {
                        throw new IllegalStateException("awaitAt entered again at " + label + ": only await is");
                    }
                    if (!suspendAtEveryAwait) return valueOf(awaitable);
                    suspensions++;
                    self.label = label;
                    self.ref0 = null;
                    if (self.refs != null) java.util.Arrays.fill(self.refs, null);
                    try {
                        self.pending = valueOf(awaitable);
                    } catch (Throwable t) {
                        self.pending = new Failure(t);
                    }
                    return SUSPENDED;
                }

                public static Object complete(Object returned, Frame<?> self) {
                    completions++;
                    return valueOf(returned);
                }

                public static Object rejectedAwait(Object awaitable, String message) {
                    throw new IllegalStateException(message);
                }

                public static void dropRefs(Frame<?> f) {
                    f.ref0 = null;
                    f.refs = null;
                }

                public static void dropPrims(Frame<?> f) { f.prims = null; }

                public static void putRef(Object v, Frame<?> f, int i) {
                    if (i == 0) f.ref0 = v; else f.refs[i - 1] = v;
                }
                public static void putInt(int v, Frame<?> f, int i) {
                    if (i == 0) f.prim0 = v; else f.prims[i - 1] = v;
                }
                public static void putFloat(float v, Frame<?> f, int i) { putInt(Float.floatToRawIntBits(v), f, i); }
                public static void putLong(long v, Frame<?> f, int i) { f.prims[i - 1] = v; }
                public static void putDouble(double v, Frame<?> f, int i) { putLong(Double.doubleToRawLongBits(v), f, i); }
                public static Object nextRef(Frame<?> f) { return getRef(f, f.label++ & 0xFFFF); }
                public static int nextInt(Frame<?> f) {
                    int i = f.label >>> 16;
                    f.label += 0x10000;
                    return getInt(f, i);
                }
                public static long nextLong(Frame<?> f) {
                    int i = f.label >>> 16;
                    f.label += 0x10000;
                    return getLong(f, i);
                }
                public static float nextFloat(Frame<?> f) { return Float.intBitsToFloat(nextInt(f)); }
                public static double nextDouble(Frame<?> f) { return Double.longBitsToDouble(nextLong(f)); }
                public static Object getRef(Frame<?> f, int i) { return i == 0 ? f.ref0 : f.refs[i - 1]; }
                public static int getInt(Frame<?> f, int i) { return i == 0 ? f.prim0 : (int) f.prims[i - 1]; }
                public static long getLong(Frame<?> f, int i) { return f.prims[i - 1]; }
                public static float getFloat(Frame<?> f, int i) { return Float.intBitsToFloat(getInt(f, i)); }
                public static double getDouble(Frame<?> f, int i) { return Double.longBitsToDouble(getLong(f, i)); }
            }
            """;

    static final String[] ALL = {ASYNC, AWAITABLE, COROUTINE, ASYNCIO, METHOD_INFO, BOOTSTRAP, FRAME};
}
