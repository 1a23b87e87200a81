package jasyncio.agent;

import jasyncio.instrument.AsyncClassTransformer;
import jasyncio.instrument.ClassHierarchy;
import jasyncio.instrument.OfflineInstrumenter;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The agent's {@link ClassFileTransformer}: hands each class that mentions jasyncio to
 * {@link AsyncClassTransformer}, logs each problem and warning once ({@link AgentLog}), and never lets a failure
 * escape into class loading (a class it cannot read is left as it is, with one message).
 */
final class CoroutineTransformer implements ClassFileTransformer {
    /** Weak keys, and values that hold their loader only weakly (else no loader would ever be collected). */
    private final Map<ClassLoader, AsyncClassTransformer> perLoader = new WeakHashMap<>();
    private final AsyncClassTransformer forBootLoader = new AsyncClassTransformer(ClassHierarchy.of(null));
    private final ClassHierarchy.LoadedClasses loadedClasses;
    private final List<String> problems = new ArrayList<>();
    private final boolean keepClasses;
    private final List<Rewritten> kept = new ArrayList<>();
    private int rewritten;

    /** A rewritten class kept for {@link #verifyAll()}; its loader held weakly, as the class itself is. */
    private record Rewritten(String name, byte[] bytes, WeakReference<ClassLoader> loader, boolean bootLoader) {
        Rewritten(String name, byte[] bytes, ClassLoader loader) {
            this(name, bytes, new WeakReference<>(loader), loader == null);
        }
    }

    CoroutineTransformer(Instrumentation instrumentation, boolean keepClasses) {
        this.loadedClasses = new LoadedClassLookup(instrumentation);
        this.keepClasses = keepClasses;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null || redefined != null || PrebuiltPackages.contains(className)
                || !AsyncClassTransformer.mentionsJasyncio(classFile)) {
            return null;
        }
        try {
            AsyncClassTransformer.Result result = transformerFor(loader).transform(classFile);
            result.problems.forEach(this::report);
            result.warnings.forEach(AgentLog::warning);
            if (result.bytes != null) {
                record(className, result.bytes, loader);
            }
            return result.bytes;
        } catch (Throwable e) {
            report("jasyncio: cannot rewrite " + className.replace('/', '.') + " (" + e
                    + "); it is left as it is, and its @Async methods will fail when they await");
            return null;
        }
    }

    private synchronized AsyncClassTransformer transformerFor(ClassLoader loader) {
        if (loader == null) {
            return forBootLoader;
        }
        return perLoader.computeIfAbsent(loader, l -> new AsyncClassTransformer(ClassHierarchy.of(l, loadedClasses)));
    }

    /** Logged outside the lock: a first message initialises the logging configuration, which loads classes. */
    private void report(String problem) {
        synchronized (this) {
            problems.add(problem);
        }
        AgentLog.refusal(problem);
    }

    private synchronized void record(String className, byte[] bytes, ClassLoader loader) {
        rewritten++;
        if (keepClasses) {
            kept.add(new Rewritten(className, bytes, loader));
        }
    }

    synchronized List<String> problems() {
        return new ArrayList<>(problems);
    }

    synchronized int rewrittenCount() {
        return rewritten;
    }

    boolean keepsClasses() {
        return keepClasses;
    }

    /** Verifies every kept class still loaded; a class whose loader was collected is dropped from the list. */
    synchronized List<String> verifyAll() {
        List<String> failures = new ArrayList<>();
        for (Iterator<Rewritten> it = kept.iterator(); it.hasNext(); ) {
            Rewritten c = it.next();
            // Held strongly while it verifies: a collection between a check and a second read would leave null,
            // the boot loader, which cannot see the class's own types.
            ClassLoader loader = c.loader().get();
            if (loader == null && !c.bootLoader()) {
                it.remove();
                continue;
            }
            String failure = OfflineInstrumenter.verify(c.bytes(), loader);
            if (failure != null) {
                failures.add(c.name() + ":\n" + failure);
            }
        }
        return failures;
    }
}
