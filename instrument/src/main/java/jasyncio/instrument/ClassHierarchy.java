package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Super classes and interfaces read from class files, never by loading classes: a transformer that loaded
 * classes while the JVM is loading one could deadlock or load them too early, untransformed. A class whose file
 * cannot be read (a class loader that defines classes from bytes and serves no resources) is taken from the
 * classes the JVM has loaded already, if it is among them; otherwise the lookup throws
 * {@link UnreadableTypeException} naming it, and the method that needed it is refused.
 */
public final class ClassHierarchy {
    /** What the type merges need of one class. */
    static final class Info {
        final String superName;
        final String[] interfaces;
        final boolean isInterface;

        Info(String superName, String[] interfaces, boolean isInterface) {
            this.superName = superName;
            this.interfaces = interfaces;
            this.isInterface = isInterface;
        }
    }

    /** Finds a class the JVM has loaded already, as {@code loader} sees it, by internal name; null when none. */
    @FunctionalInterface
    public interface LoadedClasses {
        Class<?> find(ClassLoader loader, String internalName);
    }

    private static final Info OBJECT = new Info(null, new String[0], false);
    /** What the JVM says of every array type: a direct subclass of Object, Cloneable and Serializable. */
    private static final Info ARRAY = new Info("java/lang/Object",
            new String[] {"java/lang/Cloneable", "java/io/Serializable"}, false);

    private final Function<String, InputStream> classFiles;
    private final Function<String, Class<?>> loadedClasses;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    /** Class files as resources of {@code loader} (the system loader when null), then of the JDK; nothing loaded. */
    public static ClassHierarchy of(ClassLoader loader) {
        return of(loader, (l, name) -> null);
    }

    /**
     * Class files as resources of {@code loader}, of each of its parents, then of the JDK; failing those, the
     * classes {@code loaded} finds. Holds the loader weakly: a hierarchy cached per loader must not keep it alive.
     */
    public static ClassHierarchy of(ClassLoader loader, LoadedClasses loaded) {
        WeakReference<ClassLoader> weak = new WeakReference<>(loader);
        return new ClassHierarchy(name -> resource(weak.get(), name + ".class"), name -> loaded.find(weak.get(), name));
    }

    public ClassHierarchy(Function<String, InputStream> classFiles) {
        this(classFiles, name -> null);
    }

    ClassHierarchy(Function<String, InputStream> classFiles, Function<String, Class<?>> loadedClasses) {
        this.classFiles = classFiles;
        this.loadedClasses = loadedClasses;
    }

    /** A loader may override {@code getResource} without delegating: ask each parent itself. */
    private static InputStream resource(ClassLoader loader, String name) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            InputStream in = l.getResourceAsStream(name);
            if (in != null) {
                return in;
            }
        }
        return ClassLoader.getSystemResourceAsStream(name);
    }

    /** Registers a class from its bytes: the class being transformed is not loadable as a resource yet. */
    void add(ClassReader reader) {
        cache.put(reader.getClassName(), infoOf(reader));
    }

    /** The class file of {@code internalName} as this hierarchy reads it, or null when it is not served. */
    InputStream classFile(String internalName) {
        return classFiles.apply(internalName);
    }

    /** Throws {@link UnreadableTypeException} when the class can be neither read nor found loaded. */
    Info info(String internalName) {
        return cache.computeIfAbsent(internalName, this::read);
    }

    private Info read(String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return OBJECT;
        }
        if (internalName.startsWith("[")) {
            return ARRAY;
        }
        try (InputStream in = classFiles.apply(internalName)) {
            if (in != null) {
                return infoOf(new ClassReader(in));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: try the loaded classes
        }
        Class<?> loaded = loadedClasses.apply(internalName);
        if (loaded == null) {
            throw new UnreadableTypeException(internalName);
        }
        return infoOf(loaded);
    }

    private static Info infoOf(ClassReader reader) {
        String superName = reader.getSuperName();
        return new Info(superName == null ? "java/lang/Object" : superName, reader.getInterfaces(),
                (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0);
    }

    /** A loaded class's super types are loaded with it: reading them loads nothing. */
    private static Info infoOf(Class<?> loaded) {
        Class<?> superClass = loaded.getSuperclass();
        Class<?>[] interfaces = loaded.getInterfaces();
        String[] interfaceNames = new String[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            interfaceNames[i] = Type.getInternalName(interfaces[i]);
        }
        return new Info(superClass == null ? "java/lang/Object" : Type.getInternalName(superClass), interfaceNames,
                loaded.isInterface());
    }

    boolean isInterface(String internalName) {
        return info(internalName).isInterface;
    }

    /** The super class, or null for {@code java/lang/Object}. */
    String superName(String internalName) {
        return info(internalName).superName;
    }

    /** True when a {@code from} may be used where a {@code to} is expected (either may be an array type). */
    boolean isAssignableFrom(String to, String from) {
        if (to.equals(from) || to.equals("java/lang/Object")) {
            return true;
        }
        if (to.startsWith("[")) {
            return from.startsWith("[") && isElementAssignableFrom(to.substring(1), from.substring(1));
        }
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        todo.add(from);
        while (!todo.isEmpty()) {
            String type = todo.poll();
            if (type.equals(to)) {
                return true;
            }
            if (!seen.add(type)) {
                continue;
            }
            Info info = info(type);
            if (info.superName != null) {
                todo.add(info.superName);
            }
            for (String i : info.interfaces) {
                todo.add(i);
            }
        }
        return false;
    }

    /** Array elements by descriptor: primitives must match, references follow the hierarchy. */
    private boolean isElementAssignableFrom(String to, String from) {
        if (to.length() == 1 || from.length() == 1) {
            return false; // a primitive element matches only itself, and equal array types returned true above
        }
        return isAssignableFrom(internalName(to), internalName(from));
    }

    private static String internalName(String descriptor) {
        return descriptor.startsWith("L") ? descriptor.substring(1, descriptor.length() - 1) : descriptor;
    }

    /** The nearest common super class (interfaces merge to {@code java/lang/Object}, as the verifier does). */
    String commonSuperClass(String a, String b) {
        if (isAssignableFrom(a, b)) {
            return a;
        }
        if (isAssignableFrom(b, a)) {
            return b;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        List<String> supersOfA = new ArrayList<>();
        for (String t = a; t != null; t = superName(t)) {
            supersOfA.add(t);
        }
        // Both chains end at java/lang/Object: the walk up from b meets a's chain there at the latest.
        String t = b;
        while (!supersOfA.contains(t)) {
            t = superName(t);
        }
        return t;
    }
}
