package jasyncio.instrument;

import org.objectweb.asm.Type;

/** The runtime's classes and members as the rewriter refers to them: by name only, never loaded. */
final class Names {
    private Names() {
    }

    static final String OBJECT_DESC = "Ljava/lang/Object;";

    /** Also the start of {@code Asyncio}'s name: a class file naming neither has nothing to rewrite. */
    static final String ASYNC = "jasyncio/Async";
    static final String ASYNC_DESC = "L" + ASYNC + ";";
    static final String ASYNCIO = "jasyncio/Asyncio";
    static final String AWAIT = "await";
    static final String AWAITABLE_DESC = "Ljasyncio/Awaitable;";
    static final String AWAIT_AWAITABLE_DESC = "(" + AWAITABLE_DESC + ")Ljava/lang/Object;";
    static final String AWAIT_STAGE_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";

    static final String COROUTINE = "jasyncio/Coroutine";
    static final String COROUTINE_DESC = "Ljasyncio/Coroutine;";
    static final String COMPLETED = "completed";
    static final String COMPLETED_VALUE_DESC = "(Ljava/lang/Object;)Ljasyncio/Coroutine;";
    static final String COMPLETED_VOID_DESC = "()Ljasyncio/Coroutine;";

    /**
     * jasyncio-test's names, by descriptor only (the instrumenter does not depend on that module): a void test
     * method marked {@code @AsyncTest} (or {@code @Async} beside a JUnit Jupiter annotation) becomes a coroutine
     * handed to the test extension.
     */
    static final String ASYNC_TEST = "jasyncio/test/AsyncTest";
    static final String ASYNC_TEST_DESC = "L" + ASYNC_TEST + ";";
    static final String JUPITER_ANNOTATION_PREFIX = "Lorg/junit/jupiter/";
    static final String TEST_HAND_OFF_OWNER = "jasyncio/test/AsyncTestExtension";
    static final String TEST_HAND_OFF = "runInTest";
    static final String TEST_HAND_OFF_DESC = "(" + "Ljasyncio/Coroutine;" + ")V";

    static final String FRAME = "jasyncio/internal/Frame";
    static final String FRAME_DESC = "Ljasyncio/internal/Frame;";
    static final String METHOD_INFO_DESC = "Ljasyncio/internal/MethodInfo;";
    static final String BOOTSTRAP = "jasyncio/internal/Bootstrap";
    static final String BOOTSTRAP_NAME = "methodInfo";
    static final String BOOTSTRAP_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/String;Ljava/lang/String;"
            + "Ljava/lang/String;II)Ljava/lang/invoke/CallSite;";

    /** The call site in an entry that hands its {@code MethodInfo} to the frame, bound by the bootstrap. */
    static final String METHOD_INFO_CALL = "methodInfo";
    static final String METHOD_INFO_CALL_DESC = "()" + METHOD_INFO_DESC;
    static final String FRAME_INIT_DESC = "(" + METHOD_INFO_DESC + ")V";

    /** Frame's fields read and written by rewritten code: the label it resumes at, and the markers. */
    static final String FRAME_LABEL = "label";
    static final String FRAME_LABEL_DESC = "I";
    static final String SUSPENDED = "SUSPENDED";
    static final String MARKER_DESC = OBJECT_DESC;

    /** A static method of {@code Frame} that rewritten code calls. */
    record FrameMethod(String name, String desc) {
    }

    static final String FRAME_AWAIT_DESC = "(Ljava/lang/Object;" + FRAME_DESC + "I)Ljava/lang/Object;";
    /** An await that a resume enters again with {@code SUSPENDED} (shared save code). */
    static final FrameMethod FRAME_AWAIT = new FrameMethod("await", FRAME_AWAIT_DESC);
    /** An await that a resume leaves to {@link #FRAME_RESUME_AT} (a suspension per await). */
    static final FrameMethod FRAME_AWAIT_AT = new FrameMethod("awaitAt", FRAME_AWAIT_DESC);
    static final FrameMethod FRAME_RESUME_AT =
            new FrameMethod("resumeAt", "(" + FRAME_DESC + "I)Ljava/lang/Object;");
    static final FrameMethod FRAME_COMPLETE =
            new FrameMethod("complete", "(Ljava/lang/Object;" + FRAME_DESC + ")Ljava/lang/Object;");
    static final FrameMethod REJECTED_AWAIT =
            new FrameMethod("rejectedAwait", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;");
    static final FrameMethod DROP_REFS = new FrameMethod("dropRefs", "(" + FRAME_DESC + ")V");
    static final FrameMethod DROP_PRIMS = new FrameMethod("dropPrims", "(" + FRAME_DESC + ")V");

    /** Frame's typed accessors, named by the kind's suffix ({@code putRef}, {@code getInt}, {@code nextLong}, ...). */
    static FrameMethod put(String suffix, String valueDesc) {
        return new FrameMethod("put" + suffix, "(" + valueDesc + FRAME_DESC + "I)V");
    }

    static FrameMethod get(String suffix, String valueDesc) {
        return new FrameMethod("get" + suffix, "(" + FRAME_DESC + "I)" + valueDesc);
    }

    static FrameMethod next(String suffix, String valueDesc) {
        return new FrameMethod("next" + suffix, "(" + FRAME_DESC + ")" + valueDesc);
    }

    /** What a resume method returns, whatever it was given. */
    static final String RESUME_RETURN_DESC = OBJECT_DESC;

    /** The JDK's, for a method the rewriter refuses and a frame resumed at a label it does not have. */
    static final String ILLEGAL_STATE = "java/lang/IllegalStateException";
    static final String CONSTRUCTOR = "<init>";
    static final String STRING_CONSTRUCTOR_DESC = "(Ljava/lang/String;)V";

    /** Marks a class the rewriter produced, so it is never rewritten twice. */
    static final String REWRITTEN_DESC = "Ljasyncio/internal/Rewritten;";

    static final Type OBJECT = Type.getType(OBJECT_DESC);

    /** True for the call {@code Asyncio.await(x)} in either overload. */
    static boolean isAwaitCall(String owner, String name, String desc) {
        return ASYNCIO.equals(owner) && AWAIT.equals(name)
                && (AWAIT_AWAITABLE_DESC.equals(desc) || AWAIT_STAGE_DESC.equals(desc));
    }
}
