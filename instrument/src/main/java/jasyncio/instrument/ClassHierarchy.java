package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Super classes and interfaces read from class files, never from loaded classes: a transformer that loaded
 * classes while the JVM is loading one could deadlock or load them too early, untransformed.
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

    private static final Info UNKNOWN = new Info("java/lang/Object", new String[0], false);

    private final Function<String, InputStream> classFiles;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    /** Looks class files up as resources of {@code loader} (the system loader when null), then of the JDK. */
    public static ClassHierarchy of(ClassLoader loader) {
        return new ClassHierarchy(name -> {
            String resource = name + ".class";
            InputStream in = loader != null ? loader.getResourceAsStream(resource) : null;
            return in != null ? in : ClassLoader.getSystemResourceAsStream(resource);
        });
    }

    public ClassHierarchy(Function<String, InputStream> classFiles) {
        this.classFiles = classFiles;
    }

    /** Registers a class from its bytes: the class being transformed is not loadable as a resource yet. */
    void add(ClassReader reader) {
        cache.put(reader.getClassName(), infoOf(reader));
    }

    Info info(String internalName) {
        return cache.computeIfAbsent(internalName, this::read);
    }

    private Info read(String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return new Info(null, new String[0], false);
        }
        try (InputStream in = classFiles.apply(internalName)) {
            return in == null ? UNKNOWN : infoOf(new ClassReader(in));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static Info infoOf(ClassReader reader) {
        String superName = reader.getSuperName();
        return new Info(superName == null ? "java/lang/Object" : superName, reader.getInterfaces(),
                (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0);
    }

    boolean isInterface(String internalName) {
        return info(internalName).isInterface;
    }

    /** The super class, or null for {@code java/lang/Object}. */
    String superName(String internalName) {
        return info(internalName).superName;
    }

    /** True when a {@code from} may be used where a {@code to} is expected. */
    boolean isAssignableFrom(String to, String from) {
        if (to.equals(from) || to.equals("java/lang/Object")) {
            return true;
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
        for (String t = b; t != null; t = superName(t)) {
            if (supersOfA.contains(t)) {
                return t;
            }
        }
        return "java/lang/Object";
    }
}
