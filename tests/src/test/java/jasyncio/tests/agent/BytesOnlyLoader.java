package jasyncio.tests.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A class loader as plugin systems, scripting engines and code generators have: it defines its classes from
 * bytes and serves no {@code .class} resources. Its classes are test classes of package {@link #PLUGIN} renamed
 * to {@link #HIDDEN} (a name of the same length, patched in the class files), so that no class path serves them
 * either. Everything else it delegates by hand to the test's own loader; its parent is the boot loader.
 */
final class BytesOnlyLoader extends ClassLoader {
    static final String PLUGIN = "jasyncio.tests.agent.plugin.";
    static final String HIDDEN = "jasyncio.tests.agent.hidden.";

    private final Map<String, byte[]> classes;

    /** A loader for the plugin classes of these simple names, each defined on first use. */
    BytesOnlyLoader(String... simpleNames) {
        super(null);
        classes = new LinkedHashMap<>();
        for (String simpleName : simpleNames) {
            classes.put(HIDDEN + simpleName, renamed(read(PLUGIN + simpleName)));
        }
    }

    /** Defines every class now, in the order given: as a plugin system that loads a whole jar up front. */
    BytesOnlyLoader defineAll() throws ClassNotFoundException {
        for (String name : classes.keySet()) {
            loadClass(name);
        }
        return this;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                return BytesOnlyLoader.class.getClassLoader().loadClass(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    @Override
    public URL getResource(String name) {
        return null;
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        return null;
    }

    private static byte[] read(String className) {
        try (InputStream in = BytesOnlyLoader.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every occurrence of the package's internal name, in names, descriptors and signatures alike. */
    private static byte[] renamed(byte[] classFile) {
        byte[] from = PLUGIN.replace('.', '/').getBytes(StandardCharsets.UTF_8);
        byte[] to = HIDDEN.replace('.', '/').getBytes(StandardCharsets.UTF_8);
        byte[] out = classFile.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            if (regionMatches(out, i, from)) {
                System.arraycopy(to, 0, out, i, to.length);
            }
        }
        return out;
    }

    private static boolean regionMatches(byte[] data, int at, byte[] what) {
        for (int j = 0; j < what.length; j++) {
            if (data[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }
}
