package jasyncio.internal;

/**
 * What the runtime knows of one rewritten {@code @Async} method: its body, the size of its frame, and where
 * each await sits in the source (for {@code Task.toString()} and error messages). One per method, created
 * once by {@link Bootstrap} and shared by all its frames.
 */
public final class MethodInfo {
    final Resumer body;
    final int refSlots;
    final int primSlots;
    /** Binary name of the declaring class. */
    public final String owner;
    public final String method;
    public final String file;
    /** {@code lines[0]} is the method's first line, {@code lines[k]} the line of await site {@code k}. */
    private final int[] lines;
    /** How many await sites the body has (its labels above 0 are 1 to this), which {@link Frame#resume} checks. */
    final int awaitSites;

    public MethodInfo(Resumer body, int refSlots, int primSlots, String owner, String method, String file, int[] lines) {
        this.body = body;
        this.refSlots = refSlots;
        this.primSlots = primSlots;
        this.owner = owner;
        this.method = method;
        this.file = file;
        this.lines = lines;
        this.awaitSites = Math.max(lines.length - 1, 0); // none known (a wrapper's): no await site, not -1
    }

    /** The source line a frame at {@code label} is at, or -1 when unknown. */
    public int line(int label) {
        return label >= 0 && label < lines.length ? lines[label] : -1;
    }

    /** The stack-trace element of a frame of this method at {@code label}: its await site's line (none when unknown). */
    public StackTraceElement at(int label) {
        return new StackTraceElement(owner, method, file, line(label));
    }

    /** Whether {@code element} is a frame of this method's body (which runs under the method's own name). */
    public boolean runs(StackTraceElement element) {
        return element.getMethodName().equals(method) && element.getClassName().equals(owner);
    }

    /** {@code Spinner.spin()}, as Python prints a coroutine's name. */
    public String qualifiedName() {
        return owner.substring(owner.lastIndexOf('.') + 1) + "." + method + "()";
    }

    /** {@code Spinner.java:21}, or the class name when the class has no debug information. */
    public String location(int label) {
        int line = line(label);
        String where = file != null ? file : owner;
        return line > 0 ? where + ":" + line : where;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
