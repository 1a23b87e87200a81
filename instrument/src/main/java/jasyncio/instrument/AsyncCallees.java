package jasyncio.instrument;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "is the method this call resolves to {@code @Async}?" from class files, never by loading a class. Each
 * class is read once (its methods' names and whether each is {@code @Async}, code skipped) and cached for the
 * transformer's life; a class whose file cannot be read counts as having no {@code @Async} method.
 */
final class AsyncCallees {
    /** A class's own methods (name + descriptor, true for {@code @Async}) and its super types. */
    private record Declared(Map<String, Boolean> methods, String superName, String[] interfaces) {
        boolean isAsync(String method) {
            return Boolean.TRUE.equals(methods.get(method));
        }
    }

    private static final Declared UNREADABLE = new Declared(Map.of(), null, new String[0]);

    private final ClassHierarchy hierarchy;
    private final Map<String, Declared> cache = new ConcurrentHashMap<>();

    AsyncCallees(ClassHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * True when {@code owner.name desc}, or the method it inherits from the nearest super type declaring it, is
     * {@code @Async}; {@code self} is the class being transformed, not readable as a file yet.
     */
    boolean isAsync(ClassNode self, String owner, String name, String desc) {
        String method = name + desc;
        Declared declared = owner.equals(self.name) ? declaredBy(self) : declared(owner);
        if (declared.methods.containsKey(method)) {
            return declared.isAsync(method);
        }
        if (declared.superName != null && isAsync(self, declared.superName, name, desc)) {
            return true;
        }
        for (String i : declared.interfaces) {
            if (isAsync(self, i, name, desc)) {
                return true;
            }
        }
        return false;
    }

    private Declared declared(String internalName) {
        return cache.computeIfAbsent(internalName, this::read);
    }

    private Declared read(String internalName) {
        if (internalName.startsWith("java/") || internalName.startsWith("[")) {
            return UNREADABLE; // the JDK has no @Async method: not worth reading
        }
        try (InputStream in = hierarchy.classFile(internalName)) {
            return in == null ? UNREADABLE : declaredBy(new ClassReader(in));
        } catch (IOException | RuntimeException e) {
            return UNREADABLE;
        }
    }

    private static Declared declaredBy(ClassNode self) {
        Map<String, Boolean> methods = new HashMap<>();
        for (MethodNode m : self.methods) {
            methods.put(m.name + m.desc, AsyncClassTransformer.isAsync(m));
        }
        String[] interfaces = self.interfaces.toArray(new String[0]);
        return new Declared(methods, self.superName, interfaces);
    }

    private static Declared declaredBy(ClassReader reader) {
        Map<String, Boolean> methods = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String method = name + descriptor;
                methods.put(method, false);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (annotation.equals(Names.ASYNC_DESC)) {
                            methods.put(method, true);
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new Declared(methods, reader.getSuperName(), reader.getInterfaces());
    }
}
