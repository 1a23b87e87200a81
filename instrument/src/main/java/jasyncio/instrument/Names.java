package jasyncio.instrument;

import org.objectweb.asm.Type;

/** The runtime's classes and members as the rewriter refers to them: by name only, never loaded. */
final class Names {
    private Names() {
    }

    static final String ASYNC_DESC = "Ljasyncio/Async;";
    static final String ASYNCIO = "jasyncio/Asyncio";
    static final String AWAIT = "await";
    static final String AWAIT_AWAITABLE_DESC = "(Ljasyncio/Awaitable;)Ljava/lang/Object;";
    static final String AWAIT_STAGE_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";

    static final String COROUTINE = "jasyncio/Coroutine";
    static final String COROUTINE_DESC = "Ljasyncio/Coroutine;";
    static final String COMPLETED = "completed";
    static final String COMPLETED_VALUE_DESC = "(Ljava/lang/Object;)Ljasyncio/Coroutine;";
    static final String COMPLETED_VOID_DESC = "()Ljasyncio/Coroutine;";

    static final String FRAME = "jasyncio/internal/Frame";
    static final String FRAME_DESC = "Ljasyncio/internal/Frame;";
    static final String METHOD_INFO_DESC = "Ljasyncio/internal/MethodInfo;";
    static final String BOOTSTRAP = "jasyncio/internal/Bootstrap";
    static final String BOOTSTRAP_NAME = "methodInfo";
    static final String BOOTSTRAP_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/String;Ljava/lang/String;"
            + "Ljava/lang/String;II)Ljava/lang/invoke/CallSite;";

    /** Frame's static helpers called from rewritten code. */
    static final String FRAME_AWAIT_DESC = "(Ljava/lang/Object;" + FRAME_DESC + "I)Ljava/lang/Object;";
    static final String FRAME_COMPLETE_DESC = "(Ljava/lang/Object;" + FRAME_DESC + ")Ljava/lang/Object;";
    static final String REJECTED_AWAIT = "rejectedAwait";
    static final String REJECTED_AWAIT_DESC = "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;";

    /** Marks a class the rewriter produced, so it is never rewritten twice. */
    static final String REWRITTEN_DESC = "Ljasyncio/internal/Rewritten;";

    static final Type OBJECT = Type.getObjectType("java/lang/Object");

    /** True for the call {@code Asyncio.await(x)} in either overload. */
    static boolean isAwaitCall(String owner, String name, String desc) {
        return ASYNCIO.equals(owner) && AWAIT.equals(name)
                && (AWAIT_AWAITABLE_DESC.equals(desc) || AWAIT_STAGE_DESC.equals(desc));
    }
}
