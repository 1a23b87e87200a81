package jasyncio.tests.fuzz;

/**
 * Helpers the generated programs call, both renderings alike: they put values of several kinds (a {@code null},
 * {@code long}s, {@code double}s) on the operand stack below an await, and bound the values the programs grow.
 */
public final class Support {
    private Support() {
    }

    /** The synchronous twin of awaiting a coroutine that fails with {@code IllegalStateException(message)}. */
    public static <T> T raise(String message) {
        throw new IllegalStateException(message);
    }

    /** A condition javac cannot fold into a constant. */
    public static boolean unknown(boolean condition) {
        return condition;
    }

    /** Takes a {@code null} in the middle of its arguments: {@code pick(a, null, await(x))}. */
    public static int pick(int a, Object nothing, int b) {
        return nothing == null ? a * 31 + b : -1;
    }

    /** A long, an int and a double on the stack together. */
    public static int mix(long l, int i, double d) {
        return (int) (l * 7 + i) + (int) d;
    }

    /** Keeps a string that loops keep growing short. */
    public static String cap(String s) {
        return s.length() > 24 ? s.substring(s.length() - 24) : s;
    }

    /** An object whose constructor arguments await. */
    public static final class Box {
        private final int n;
        private final String s;
        private final long l;

        public Box(int n, String s, long l) {
            this.n = n;
            this.s = s;
            this.l = l;
        }

        public int total() {
            return n * 31 + s.length() + (int) l;
        }
    }
}
