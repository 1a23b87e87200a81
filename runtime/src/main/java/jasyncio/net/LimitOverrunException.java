package jasyncio.net;

import java.io.IOException;

/** {@link StreamReader#readUntil} found no separator within the reader's buffer limit. */
public class LimitOverrunException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int consumed;

    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** How many buffered bytes the caller should drop to skip the oversized chunk. */
    public int getConsumed() {
        return consumed;
    }
}
