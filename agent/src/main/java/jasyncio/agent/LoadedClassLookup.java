package jasyncio.agent;

import jasyncio.instrument.ClassHierarchy;

import java.lang.instrument.Instrumentation;

/**
 * Finds a class the JVM has loaded already, as a class loader sees it: among the classes that loader, or one of
 * its parents, is recorded as initiating loader of. It never loads a class (asking a loader for one while it
 * defines another could define the class twice, deadlock, or load it before the agent could rewrite it). A scan
 * of the loader's classes per lookup: it only runs for a class whose file the loader does not serve.
 */
final class LoadedClassLookup implements ClassHierarchy.LoadedClasses {
    private final Instrumentation instrumentation;

    LoadedClassLookup(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    @Override
    public Class<?> find(ClassLoader loader, String internalName) {
        String name = internalName.replace('/', '.');
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            for (Class<?> type : instrumentation.getInitiatedClasses(l)) {
                if (type.getName().equals(name)) {
                    return type;
                }
            }
        }
        return null;
    }
}
