package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sources compiled together with {@link RuntimeStubs}, and what the transformer makes of them: the class
 * files the rewriter reads its hierarchy from and the class loader the rewritten classes are checked with.
 */
final class CompiledSources {
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
        AsyncClassTransformer.Result result = new AsyncClassTransformer(hierarchy).transform(bytes(internalName));
        if (result.bytes != null) {
            rewritten.put(internalName, result.bytes);
        }
        return result;
    }

    /** Defines the compiled classes, rewritten where {@link #transform} changed them; the JDK as parent. */
    ClassLoader loader() {
        return new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                String internal = name.replace('.', '/');
                byte[] bytes = rewritten.getOrDefault(internal, classes.get(internal));
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
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
