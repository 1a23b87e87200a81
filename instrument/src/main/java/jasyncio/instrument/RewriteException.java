package jasyncio.instrument;

/** A method the rewriter must refuse; the message says why, the line says where. */
final class RewriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    RewriteException(String message, int line) {
        super(message);
        this.line = line;
    }
}
