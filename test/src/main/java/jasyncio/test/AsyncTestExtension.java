package jasyncio.test;

import jasyncio.Async;
import jasyncio.Coroutine;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The JUnit 5 extension behind {@link AsyncTest} and {@link TestLoop}. Each test gets a {@link LoopUnderTest}
 * before its first {@code @BeforeEach}; each method JUnit invokes that was rewritten from a void method that awaits
 * hands its coroutine over through {@link #runInTest}, which runs it on that loop; after the last
 * {@code @AfterEach} the loop is checked and closed. A method marked {@code @AsyncTest} or {@code @Async} that did
 * not hand a coroutine over was not rewritten: it fails, saying how to load the agent. An {@code @AsyncTest} that
 * returns a value, which JUnit would skip, fails every test of its class.
 */
public final class AsyncTestExtension
        implements TestInstancePostProcessor, BeforeEachCallback, AfterEachCallback, InvocationInterceptor {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AsyncTestExtension.class);
    private static final String LOOP = "loop";
    /** The invocation running in this thread, which rewritten test methods hand their coroutines to. */
    private static final ThreadLocal<Handover> CURRENT = new ThreadLocal<>();

    /** One method JUnit invokes, and whether it handed a coroutine over. */
    private static final class Handover {
        final LoopUnderTest loop;
        boolean handedOver;

        Handover(LoopUnderTest loop) {
            this.loop = loop;
        }
    }

    /**
     * Called by rewritten test methods, never by hand: runs {@code coroutine} (the method's body) as a task on the
     * test's loop, throwing what it throws.
     */
    public static void runInTest(Coroutine<?> coroutine) {
        Handover invocation = CURRENT.get();
        if (invocation == null) {
            throw new IllegalStateException(coroutine + " is a coroutine test method run without jasyncio-test's"
                    + " extension: mark the test @AsyncTest, or register the extension on its class with @TestLoop or"
                    + " @ExtendWith(AsyncTestExtension.class)");
        }
        invocation.handedOver = true;
        invocation.loop.run(coroutine);
    }

    /** Refuses a class with an {@code @AsyncTest} method that returns a value: JUnit would skip it with a warning. */
    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) {
        for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(AsyncTest.class) && method.getReturnType() != void.class) {
                    throw new IllegalStateException(c.getName() + "." + method.getName() + " is an @AsyncTest returning "
                            + method.getReturnType().getSimpleName() + ", which JUnit skips: make it void and await in"
                            + " its body (no 'return Coroutine.completed()')");
                }
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Method test = context.getRequiredTestMethod();
        String what = test.getDeclaringClass().getSimpleName() + "." + test.getName() + "()";
        context.getStore(NAMESPACE).put(LOOP, new LoopUnderTest(Settings.nearest(placesOf(context)), what));
    }

    /** Where a {@link TestLoop} may sit, nearest first: the method, its class, the classes enclosing that. */
    private static List<AnnotatedElement> placesOf(ExtensionContext context) {
        List<AnnotatedElement> places = new ArrayList<>();
        places.add(context.getRequiredTestMethod());
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            places.add(c);
        }
        return places;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LoopUnderTest loop = context.getStore(NAMESPACE).remove(LOOP, LoopUnderTest.class);
        if (loop != null) {
            loop.finish();
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                    ExtensionContext context) throws Throwable {
        intercept(invocation, method, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                            ExtensionContext context) throws Throwable {
        intercept(invocation, method, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                          ExtensionContext context) throws Throwable {
        intercept(invocation, method, context);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                         ExtensionContext context) throws Throwable {
        intercept(invocation, method, context);
    }

    private static void intercept(InvocationInterceptor.Invocation<Void> invocation,
                                  ReflectiveInvocationContext<Method> method, ExtensionContext context) throws Throwable {
        LoopUnderTest loop = context.getStore(NAMESPACE).get(LOOP, LoopUnderTest.class);
        Handover current = new Handover(loop);
        Handover outer = CURRENT.get();
        CURRENT.set(current);
        try {
            invocation.proceed();
        } finally {
            CURRENT.set(outer);
        }
        Method called = method.getExecutable();
        if (!current.handedOver && (called.isAnnotationPresent(AsyncTest.class) || called.isAnnotationPresent(Async.class))) {
            throw new IllegalStateException(called.getDeclaringClass().getName() + "." + called.getName()
                    + " was not rewritten into a coroutine, so it ran without its event loop: run the tests under the"
                    + " jasyncio agent (surefire's argLine -javaagent:${io.jasyncio:jasyncio-agent:jar}, see README.md,"
                    + " \"Testing coroutine code\") or rewrite them with jasyncio-maven-plugin's rewrite-tests goal");
        }
    }
}
