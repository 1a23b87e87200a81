package jasyncio.instrument;

/**
 * A type merge needs a class whose class file cannot be read and which the JVM has not loaded: the method being
 * rewritten is refused with {@link Problems#UNREADABLE_TYPE}, never written with a guessed hierarchy.
 */
final class UnreadableTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String internalName;

    UnreadableTypeException(String internalName) {
        super("cannot read the class file of " + internalName.replace('/', '.'));
        this.internalName = internalName;
    }

    /** The exception, if {@code e} is one or was caused by one (ASM's analyzer wraps what its interpreter throws). */
    static UnreadableTypeException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnreadableTypeException unreadable) {
                return unreadable;
            }
        }
        return null;
    }
}
