package jasyncio;

import jasyncio.internal.AgentStatus;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Explains an {@code await} that reached the runtime untransformed. In rewritten code {@code await} never
 * calls {@link Asyncio#await}; arriving here means the calling method is not a coroutine, or its class was
 * not rewritten because the agent is missing or came too late.
 */
final class AwaitOutsideCoroutine {
    private AwaitOutsideCoroutine() {
    }

    static IllegalStateException error() {
        Optional<StackWalker.StackFrame> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.dropWhile(f -> f.getDeclaringClass() != Asyncio.class)
                        .dropWhile(f -> f.getDeclaringClass() == Asyncio.class)
                        .findFirst());
        if (caller.isEmpty()) {
            return new IllegalStateException("await() called outside an @Async method");
        }
        StackWalker.StackFrame frame = caller.get();
        String where = frame.getClassName() + "." + frame.getMethodName()
                + " (" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
        boolean coroutine = isAsync(frame) || frame.getMethodName().startsWith("lambda$");
        String why;
        if (!coroutine) {
            why = "await() called in " + where + ", which is not an @Async method. Annotate the method with"
                    + " @jasyncio.Async and make it return Coroutine<T>; call it with await() from another @Async"
                    + " method, or run it with Asyncio.run(...).";
        } else if (!AgentStatus.isInstalled()) {
            why = "await() called in " + where + ", an @Async method that was not rewritten: the jasyncio agent"
                    + " is not loaded. Start the JVM with -javaagent:jasyncio-agent.jar, call"
                    + " jasyncio.agent.AsyncAgent.install() before the class is loaded, or rewrite the classes at"
                    + " build time with jasyncio-maven-plugin.";
        } else {
            why = "await() called in " + where + ", an @Async method that was not rewritten: its class was loaded"
                    + " before the jasyncio agent was installed (or the agent could not read it; see its warnings)."
                    + " Call jasyncio.agent.AsyncAgent.install() earlier, or use -javaagent:jasyncio-agent.jar.";
        }
        return new IllegalStateException(why);
    }

    private static boolean isAsync(StackWalker.StackFrame frame) {
        for (Method m : frame.getDeclaringClass().getDeclaredMethods()) {
            if (m.getName().equals(frame.getMethodName())
                    && m.getReturnType() == frame.getMethodType().returnType()
                    && Arrays.equals(m.getParameterTypes(), frame.getMethodType().parameterArray())) {
                return m.isAnnotationPresent(Async.class);
            }
        }
        return false;
    }
}
