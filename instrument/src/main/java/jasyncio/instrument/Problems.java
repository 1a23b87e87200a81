package jasyncio.instrument;

/**
 * What the rewriter refuses, in words a user can act on. Each message is reported when the class is loaded
 * and thrown, as an {@link IllegalStateException}, when the offending code runs; {@link #PAST_JIT_LIMIT} is
 * only reported: the method runs, slower.
 */
final class Problems {
    private Problems() {
    }

    static final String NOT_RETURNING_COROUTINE = "an @Async method must return jasyncio.Coroutine<T>, not %s."
            + " Change the return type and end the method with 'return Coroutine.completed(value);'";
    static final String SYNCHRONIZED_METHOD = "an @Async method cannot be synchronized: the monitor would be held"
            + " across awaits while other tasks run on the same thread. Remove 'synchronized' and guard the state"
            + " with a jasyncio primitive (Semaphore, Lock)";
    static final String AWAIT_UNDER_MONITOR = "await inside a synchronized block: the monitor would be held while"
            + " other tasks run on the same thread. Move the await out of the synchronized block";
    static final String AWAIT_IN_CONSTRUCTOR = "await in a constructor: constructors cannot suspend."
            + " Do the awaiting in an @Async factory method and pass the results to the constructor";
    static final String AWAIT_IN_STATIC_INITIALIZER = "await in a static initializer: class initialization cannot"
            + " suspend. Move the awaiting code into an @Async method";
    static final String AWAIT_NOT_ASYNC = "await in a method that is not @Async. Annotate it with @jasyncio.Async"
            + " and make it return Coroutine<T>";
    static final String AWAIT_IN_PLAIN_LAMBDA = "await in a lambda that does not return jasyncio.Coroutine: only a"
            + " coroutine lambda can await. Make the functional interface return Coroutine<T>";
    static final String TOO_LARGE = "the method is too large once rewritten (%d bytes of code, the JVM allows"
            + " 65535): it keeps many locals alive across many awaits. Split it into smaller @Async methods";
    static final String PAST_JIT_LIMIT = "the method, %,d bytes of code, is %,d once rewritten: past the %,d bytes"
            + " HotSpot compiles (HugeMethodLimit), it will run interpreted, several times slower: the rewrite found"
            + " no statement to cut it in two at (outside every loop and synchronized block, with a quarter of the"
            + " method or more on either side)."
            + " Split it into smaller @Async methods (an await and the values it keeps cost about 25 bytes once"
            + " rewritten), or run the JVM with -XX:-DontCompileHugeMethods";
    static final String UNREADABLE_TYPE = "the rewrite needs the super classes of %s, whose class file its class"
            + " loader does not serve (getResource finds no .class) and which is not loaded yet. Load %s before this"
            + " class, or let the class loader serve its class files as resources";
    static final String TOO_OLD = "an @Async method in a class compiled for Java %d; jasyncio rewrites classes"
            + " compiled for Java 8 or newer. Recompile the class with --release 8 or later";

    /** {@code com.acme.Shop.order (Shop.java:42): <what>} */
    static String describe(String className, String method, String sourceFile, int line, String what) {
        String where = className.replace('/', '.') + "." + method;
        if (line > 0) {
            where += " (" + (sourceFile != null ? sourceFile : "line") + ":" + line + ")";
        }
        return where + ": " + what;
    }
}
