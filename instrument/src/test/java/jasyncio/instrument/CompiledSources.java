package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Sources compiled together with {@link RuntimeStubs}, and what the transformer makes of them: the class
 * files the rewriter reads its hierarchy from, and class loaders to check and run the classes before and after.
 */
final class CompiledSources {
    /** An awaitable already done with {@code value}: the argument the tests' coroutines await. */
    static CompletableFuture<Object> value(Object value) {
        return CompletableFuture.completedFuture(value);
    }

    final Map<String, byte[]> classes;
    final ClassHierarchy hierarchy;
    private final Map<String, byte[]> rewritten = new TreeMap<>();

    private CompiledSources(Map<String, byte[]> classes) {
        this.classes = classes;
        this.hierarchy = new ClassHierarchy(name -> classes.containsKey(name)
                ? new ByteArrayInputStream(classes.get(name))
                : ClassLoader.getSystemResourceAsStream(name + ".class"));
    }

    static CompiledSources compile(List<String> options, String... sources) {
        List<String> all = new ArrayList<>(Arrays.asList(RuntimeStubs.ALL));
        all.addAll(Arrays.asList(sources));
        return new CompiledSources(InMemoryJavac.compile(options, all.toArray(new String[0])));
    }

    static CompiledSources compile(String... sources) {
        return compile(List.of(), sources);
    }

    byte[] bytes(String internalName) {
        byte[] bytes = classes.get(internalName);
        if (bytes == null) {
            throw new IllegalArgumentException(internalName + " not among " + classes.keySet());
        }
        return bytes;
    }

    /** Transforms one class; a changed class replaces the original in {@link #loader()}. */
    AsyncClassTransformer.Result transform(String internalName) {
        return transform(internalName, hierarchy);
    }

    /** Transforms one class reading its hierarchy from {@code from}; a changed class replaces the original. */
    AsyncClassTransformer.Result transform(String internalName, ClassHierarchy from) {
        AsyncClassTransformer.Result result = new AsyncClassTransformer(from).transform(bytes(internalName));
        if (result.bytes != null) {
            rewritten.put(internalName, result.bytes);
        }
        return result;
    }

    /** Defines the compiled classes, rewritten where {@link #transform} changed them; the JDK as parent. */
    ClassLoader loader() {
        return loader(rewritten);
    }

    /** Defines the compiled classes as javac wrote them: the reference the rewritten ones must behave like. */
    ClassLoader originalLoader() {
        return loader(Map.of());
    }

    private ClassLoader loader(Map<String, byte[]> replacements) {
        return new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                String internal = name.replace('.', '/');
                byte[] bytes = replacements.getOrDefault(internal, classes.get(internal));
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }

    /**
     * Calls {@code method} of {@code className} (static, or on a new instance) as loaded by {@code loader}, runs
     * the coroutine it returns with the stub driver, suspending at every await or not, and says what came out.
     */
    static String outcome(ClassLoader loader, boolean suspend, String className, String method, Object... args)
            throws ReflectiveOperationException {
        loader.loadClass("jasyncio.internal.Frame").getField("suspendAtEveryAwait").setBoolean(null, suspend);
        Class<?> type = Class.forName(className, true, loader);
        Method target = find(type, method, args);
        target.setAccessible(true);
        try {
            Object receiver = null;
            if (!Modifier.isStatic(target.getModifiers())) {
                Constructor<?> constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                receiver = constructor.newInstance();
            }
            Object coroutine = target.invoke(receiver, args);
            Object result = loader.loadClass("jasyncio.Coroutine").getMethod("run").invoke(coroutine);
            return "returned " + (result instanceof Object[] ? Arrays.deepToString((Object[]) result) : result);
        } catch (InvocationTargetException e) {
            return "threw " + e.getCause();
        }
    }

    /**
     * Runs {@code method} as javac wrote it (await blocks), then rewritten, going on at each await and suspending at
     * each; asserts all three agree and returns the outcome. Call {@link #transform} first.
     */
    String assertRunsLikeTheOriginal(String className, String method, Object... args)
            throws ReflectiveOperationException {
        String expected = outcome(originalLoader(), false, className, method, args);
        assertEquals(expected, outcome(loader(), false, className, method, args), "without suspending");
        assertEquals(expected, outcome(loader(), true, className, method, args), "suspending at every await");
        return expected;
    }

    /** Transforms {@code internalName}, asserts it had no problems and verifies, with ASM's verifier and the JVM's. */
    ClassNode rewriteAndVerify(String internalName) throws ClassNotFoundException {
        AsyncClassTransformer.Result result = transform(internalName);
        assertNotNull(result.bytes, internalName + " was not rewritten");
        assertEquals(List.of(), result.problems);
        assertEquals("", asmVerifierErrors(result.bytes));
        // Initialising links the class: the JVM checks the computed stack map frames too.
        Class.forName(internalName.replace('/', '.'), true, loader());
        return node(result.bytes);
    }

    private static Method find(Class<?> type, String name, Object[] args) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length && accepts(m.getParameterTypes(), args)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " for " + Arrays.toString(args) + " in " + type);
    }

    private static boolean accepts(Class<?>[] parameters, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!parameters[i].isPrimitive() && args[i] != null && !parameters[i].isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    /** ASM's verifier output for {@code classFile}: empty when every method verifies. */
    String asmVerifierErrors(byte[] classFile) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), loader(), false, new PrintWriter(out));
        return out.toString();
    }

    static ClassNode node(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        return node;
    }

    static MethodNode method(ClassNode owner, String name, String desc) {
        for (MethodNode m : owner.methods) {
            if (m.name.equals(name) && (desc == null || m.desc.equals(desc))) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + (desc == null ? "" : desc) + " in " + owner.name);
    }

    /**
     * An array initialiser of 1,000 ints, for a source's {@code int[] pad = PAD;}: 8 bytes of code each, which puts
     * the resume method of a coroutine holding it past HotSpot's 8,000-byte limit, so that its awaits share their
     * save code.
     */
    static String padding() {
        StringBuilder pad = new StringBuilder("{");
        for (int i = 0; i < 1000; i++) {
            pad.append(i == 0 ? "" : ", ").append(1000 + i);
        }
        return pad.append("}").toString();
    }

    /** The 1-based line of {@code source} that contains {@code marker}. */
    static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line with " + marker);
    }
}
