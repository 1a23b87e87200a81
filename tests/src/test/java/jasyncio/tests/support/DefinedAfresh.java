package jasyncio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A loader that defines one test class itself, from the test class path's file, so that the agent sees it load
 * now even when the test's own loader loaded it already; every other class comes from the test's loader.
 */
public final class DefinedAfresh extends ClassLoader {
    private final String className;

    private DefinedAfresh(String className) {
        super(DefinedAfresh.class.getClassLoader());
        this.className = className;
    }

    /** Defines {@code className} afresh without initialising it: none of its code runs. */
    public static Class<?> define(String className) throws ClassNotFoundException {
        return Class.forName(className, false, new DefinedAfresh(className));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(className)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
