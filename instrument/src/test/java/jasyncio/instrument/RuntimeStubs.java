package jasyncio.instrument;

/**
 * Just enough of the runtime's API, as sources, to compile coroutines against and to verify the rewritten
 * classes: the signatures the rewriter calls are copied from {@code jasyncio.internal.Frame}.
 */
final class RuntimeStubs {
    private RuntimeStubs() {
    }

    static final String ASYNC = "package jasyncio;\n"
            + "import java.lang.annotation.*;\n"
            + "@Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)\n"
            + "public @interface Async {}\n";

    static final String AWAITABLE = "package jasyncio;\n"
            + "public interface Awaitable<T> {}\n";

    static final String COROUTINE = "package jasyncio;\n"
            + "public abstract class Coroutine<T> implements Awaitable<T> {\n"
            + "  protected Coroutine() {}\n"
            + "  public static <T> Coroutine<T> completed(T value) { return null; }\n"
            + "  public static <T> Coroutine<T> completed() { return null; }\n"
            + "}\n";

    static final String ASYNCIO = "package jasyncio;\n"
            + "public final class Asyncio {\n"
            + "  private Asyncio() {}\n"
            + "  public static <T> T await(Awaitable<T> a) { throw new IllegalStateException(\"not rewritten\"); }\n"
            + "  public static <T> T await(java.util.concurrent.CompletionStage<T> s) {\n"
            + "    throw new IllegalStateException(\"not rewritten\");\n"
            + "  }\n"
            + "}\n";

    static final String METHOD_INFO = "package jasyncio.internal;\n"
            + "public final class MethodInfo {}\n";

    static final String FRAME = "package jasyncio.internal;\n"
            + "public final class Frame<T> extends jasyncio.Coroutine<T> {\n"
            + "  public static final Object SUSPENDED = new Object();\n"
            + "  public int label;\n"
            + "  public Object[] refs;\n"
            + "  public long[] prims;\n"
            + "  public Object pending;\n"
            + "  public Frame(MethodInfo info) {}\n"
            + "  public Object takeResult() { return pending; }\n"
            + "  public static Object await(Object awaitable, Frame<?> self) { return null; }\n"
            + "  public static Object complete(Object returned, Frame<?> self) { return returned; }\n"
            + "  public static Object rejectedAwait(Object awaitable, String message) {\n"
            + "    throw new IllegalStateException(message);\n"
            + "  }\n"
            + "  public static void clearRefs(Frame<?> f, int from) {}\n"
            + "  public static void putRef(Object v, Frame<?> f, int i) {}\n"
            + "  public static void putInt(int v, Frame<?> f, int i) {}\n"
            + "  public static void putLong(long v, Frame<?> f, int i) {}\n"
            + "  public static void putFloat(float v, Frame<?> f, int i) {}\n"
            + "  public static void putDouble(double v, Frame<?> f, int i) {}\n"
            + "  public static Object getRef(Frame<?> f, int i) { return null; }\n"
            + "  public static int getInt(Frame<?> f, int i) { return 0; }\n"
            + "  public static long getLong(Frame<?> f, int i) { return 0; }\n"
            + "  public static float getFloat(Frame<?> f, int i) { return 0; }\n"
            + "  public static double getDouble(Frame<?> f, int i) { return 0; }\n"
            + "}\n";

    static final String[] ALL = {ASYNC, AWAITABLE, COROUTINE, ASYNCIO, METHOD_INFO, FRAME};
}
