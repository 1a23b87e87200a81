package jasyncio.tests.fuzz;

/**
 * Helpers the generated programs call, both renderings alike: they put values of several kinds (a {@code null},
 * {@code long}s, {@code double}s, sub-int types, varargs arrays) on the operand stack below an await, serve as
 * resource and monitor, and bound the values the programs grow.
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

    /** The monitor of the static programs' {@code synchronized} blocks. */
    public static final Object LOCK = new Object();

    /** Varargs: the array is built on the operand stack, an element at a time, around the awaits. */
    public static int sum(int... values) {
        int sum = 0;
        for (int v : values) {
            sum = sum * 31 + v;
        }
        return sum;
    }

    /** The sub-int types and a float on the stack together. */
    public static int small(byte b, char c, short s, float f) {
        return (b * 31 + c) * 31 + s + (int) f;
    }

    /** Object varargs: each value boxed into the array being built. */
    public static String join(String separator, Object... parts) {
        StringBuilder joined = new StringBuilder();
        for (Object part : parts) {
            joined.append(separator).append(part);
        }
        return cap(joined.toString());
    }

    /** A resource of try-with-resources; its close fails for a quarter of the values. */
    public static final class Res implements AutoCloseable {
        private final int value;

        public Res(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        @Override
        public void close() {
            if (Math.floorMod(value, 4) == 3) {
                throw new IllegalStateException("close " + value);
            }
        }
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
