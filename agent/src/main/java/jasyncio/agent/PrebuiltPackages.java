package jasyncio.agent;

import java.util.Set;

/**
 * The one list of jasyncio's own packages, which the agent never rewrites: the runtime's coroutines were rewritten
 * when it was built, and the agent, the instrumenter and the shaded libraries have none. A package added to the
 * runtime must be added here, or its classes would be rewritten a second time at load.
 */
final class PrebuiltPackages {
    private PrebuiltPackages() {
    }

    /** The runtime's packages, as internal names. */
    private static final Set<String> RUNTIME = Set.of(
            "jasyncio", "jasyncio/internal", "jasyncio/sync", "jasyncio/queues", "jasyncio/net",
            "jasyncio/subprocess", "jasyncio/iter");
    /** Packages whose sub-packages are jasyncio's too. */
    private static final String[] TREES = {"jasyncio/agent/", "jasyncio/instrument/", "jasyncio/shaded/"};

    /** True for a class (internal name) of jasyncio itself; applications and tests under {@code jasyncio.*} are not. */
    static boolean contains(String className) {
        if (!className.startsWith("jasyncio/")) {
            return false;
        }
        int slash = className.lastIndexOf('/');
        if (RUNTIME.contains(className.substring(0, slash))) {
            return true;
        }
        for (String tree : TREES) {
            if (className.startsWith(tree)) {
                return true;
            }
        }
        return false;
    }
}
