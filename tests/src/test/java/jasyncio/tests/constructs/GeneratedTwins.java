package jasyncio.tests.constructs;

import jasyncio.Coroutine;
import jasyncio.tests.support.CompiledClasses;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Generated construct tests: the source of {@code @Async} methods written by code beside their synchronous twins,
 * and the check of one against the other. Registered as a static extension, it compiles the class with javac
 * before the test class's tests ({@link CompiledClasses}, the agent rewriting it as it loads) and deletes it after.
 */
final class GeneratedTwins implements BeforeAllCallback, AfterAllCallback {
    private final String className;
    private final Supplier<String> source;
    private CompiledClasses compiled;
    private Class<?> methods;

    /** The class {@code className}, its source written by {@code source} when the tests start. */
    GeneratedTwins(String className, Supplier<String> source) {
        this.className = className;
        this.source = source;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, ClassNotFoundException {
        compiled = CompiledClasses.compile(List.of(new CompiledClasses.Source(className, source.get())));
        methods = compiled.load(className);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        compiled.close();
    }

    /** The start of a generated class {@code simpleName} in {@code pkg}, with what its methods use imported. */
    static String classHeader(String pkg, String simpleName) {
        return "package " + pkg + ";\n\n"
                + """
                import jasyncio.Async;
                import jasyncio.Coroutine;

                import static jasyncio.Asyncio.await;
                import static jasyncio.tests.constructs.Arrivals.future;
                import static jasyncio.tests.constructs.Arrivals.value;

                """
                + "public class " + simpleName + " {\n";
    }

    /** A synchronous method {@code nameSync} and its {@code @Async} twin {@code name}, returning {@code result}. */
    static String twins(String type, String boxed, String name, String parameter, String syncBody,
                        String asyncBody, String result) {
        return "    public static " + type + " " + name + "Sync(" + parameter + ") {\n" + syncBody
                + "        return " + result + ";\n    }\n\n"
                + "    @Async\n    public static Coroutine<" + boxed + "> " + name + "(" + parameter + ") {\n" + asyncBody
                + "        return Coroutine.completed(" + result + ");\n    }\n\n";
    }

    /** {@code count} statements of a method body, the {@code i}th being {@code line.apply(i)}. */
    static String lines(int count, IntFunction<String> line) {
        return IntStream.range(0, count).mapToObj(i -> "        " + line.apply(i) + "\n").collect(Collectors.joining());
    }

    /** {@code name(seed)} against {@code nameSync(seed)}, through {@link Differential}. */
    void check(String name, Class<?> seedType, Object seed) {
        check(() -> invoke(name + "Sync", seedType, seed), name, seedType, seed);
    }

    /** {@code name(seed)} against {@code twin}, through {@link Differential}. */
    @SuppressWarnings("unchecked")
    void check(Callable<Object> twin, String name, Class<?> seedType, Object seed) {
        Method async = method(name, seedType);
        Differential.check(twin, () -> (Coroutine<Object>) invoke(async, seed));
    }

    /** Calls the static method {@code name(seed)} of the generated class. */
    Object invoke(String name, Class<?> seedType, Object seed) {
        return invoke(method(name, seedType), seed);
    }

    private Method method(String name, Class<?> seedType) {
        try {
            return methods.getDeclaredMethod(name, seedType);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls the static {@code method}, rethrowing its own unchecked failure as it is (for Differential to compare). */
    private static Object invoke(Method method, Object seed) {
        try {
            return method.invoke(null, seed);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
