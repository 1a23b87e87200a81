package jasyncio.net;

/** The two halves of a stream connection, what asyncio's {@code open_connection} returns as a pair. */
public final class Connection {
    private final StreamReader reader;
    private final StreamWriter writer;

    Connection(StreamReader reader, StreamWriter writer) {
        this.reader = reader;
        this.writer = writer;
    }

    public StreamReader reader() {
        return reader;
    }

    public StreamWriter writer() {
        return writer;
    }

    @Override
    public String toString() {
        return "<Connection " + reader + " " + writer + ">";
    }
}
