package jasyncio;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * Test access to a loop's selector (hence in the runtime's package), to inject a failure the JDK reports too rarely
 * to provoke: an {@link IOException} from {@code select} (an {@code epoll_wait} error).
 */
public final class LoopFaults {
    private LoopFaults() {
    }

    /**
     * Makes the next wait of {@code loop} for I/O throw {@code failure}. Call it on the loop's thread, and register
     * or drop no channel before that wait (the stand-in selector holds no keys of its own).
     */
    public static void failNextSelect(EventLoop loop, IOException failure) {
        loop.io.selector = new FailingSelector(loop.io.selector, failure);
    }

    /** The loop's selector, but its first select throws. */
    private static final class FailingSelector extends Selector {
        private final Selector real;
        private IOException failure;

        FailingSelector(Selector real, IOException failure) {
            this.real = real;
            this.failure = failure;
        }

        private void failOnce() throws IOException {
            IOException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
        }

        @Override
        public boolean isOpen() {
            return real.isOpen();
        }

        @Override
        public SelectorProvider provider() {
            return real.provider();
        }

        @Override
        public Set<SelectionKey> keys() {
            return real.keys();
        }

        @Override
        public Set<SelectionKey> selectedKeys() {
            return real.selectedKeys();
        }

        @Override
        public int selectNow() throws IOException {
            failOnce();
            return real.selectNow();
        }

        @Override
        public int select(long timeout) throws IOException {
            failOnce();
            return real.select(timeout);
        }

        @Override
        public int select() throws IOException {
            failOnce();
            return real.select();
        }

        @Override
        public Selector wakeup() {
            real.wakeup();
            return this;
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
