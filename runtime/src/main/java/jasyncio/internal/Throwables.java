package jasyncio.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Exceptions travel unchanged through awaits, checked ones included: these helpers keep them so. */
public final class Throwables {
    private Throwables() {
    }

    /** Throws {@code t} as it is, even a checked exception; declared to return so callers can write {@code throw}. */
    public static RuntimeException sneakyThrow(Throwable t) {
        throw Throwables.<RuntimeException>uncheckedThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E uncheckedThrow(Throwable t) throws E {
        throw (E) t;
    }

    /** The exception a {@code CompletableFuture} failed with, without the wrappers its API adds. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
