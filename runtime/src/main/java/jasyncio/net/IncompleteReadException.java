package jasyncio.net;

import java.io.EOFException;

/** {@link StreamReader#readExactly} met the end of the stream first; the bytes it did read are kept. */
public class IncompleteReadException extends EOFException {
    private static final long serialVersionUID = 1L;
    private final byte[] partial;
    private final int expected;

    public IncompleteReadException(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : expected) + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes read before the end of the stream. */
    public byte[] getPartial() {
        return partial.clone();
    }

    /** How many bytes were wanted, or -1 when reading up to a separator. */
    public int getExpected() {
        return expected;
    }
}
