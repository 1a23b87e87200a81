package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Server;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;

/**
 * The Unicode character finder of "Fluent Python" (tcp_charfinder): a TCP server that finds characters by the
 * words of their names, for many clients at once on one loop.
 *
 * <p>Protocol, one line each way: the client sends words ({@code cat face}); the server answers every character
 * whose name holds all of them, one per line ({@code U+1F431\t🐱\tCAT FACE}), then an empty line. The connection
 * stays open for the next query until the client closes it. Try it with {@link CharFinderClient} or
 * {@code nc 127.0.0.1 2323}.
 *
 * <p>Run: {@code java -javaagent:agent/target/jasyncio-agent.jar -cp examples/target/classes
 * jasyncio.examples.CharFinder [host (127.0.0.1)] [port (2323)]}.
 */
public class CharFinder {
    static final int DEFAULT_PORT = 2323;

    /** Words of character names to the code points named with them, built from {@code Character.getName}. */
    static final class Index {
        private final Map<String, int[]> codePoints;

        private Index(Map<String, int[]> codePoints) {
            this.codePoints = codePoints;
        }

        /** Every printable named code point: not controls, surrogates, private use or line separators. */
        static Index build() {
            Map<String, int[]> growing = new HashMap<>();
            Map<String, Integer> sizes = new HashMap<>();
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                String name = Character.getName(cp);
                if (name == null || !printable(cp)) {
                    continue;
                }
                for (String word : words(name)) {
                    int size = sizes.merge(word, 1, Integer::sum);
                    int[] list = growing.get(word);
                    if (list == null || list.length < size) {
                        list = list == null ? new int[2] : Arrays.copyOf(list, list.length * 2);
                        growing.put(word, list);
                    }
                    list[size - 1] = cp;
                }
            }
            growing.replaceAll((word, list) -> Arrays.copyOf(list, sizes.get(word)));
            return new Index(growing);
        }

        private static boolean printable(int cp) {
            return switch (Character.getType(cp)) {
                case Character.CONTROL, Character.SURROGATE, Character.PRIVATE_USE, Character.LINE_SEPARATOR,
                     Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED -> false;
                default -> true;
            };
        }

        /** The distinct words of {@code text}, upper case; names are ASCII letters, digits, spaces and hyphens. */
        static List<String> words(String text) {
            List<String> words = new ArrayList<>();
            for (String word : text.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
                if (!word.isEmpty() && !words.contains(word)) {
                    words.add(word);
                }
            }
            return words;
        }

        /** The code points whose names hold every word of {@code query}, ascending; none for no words. */
        int[] search(String query) {
            int[] found = null;
            for (String word : words(query)) {
                int[] these = codePoints.getOrDefault(word, new int[0]);
                found = found == null ? these : intersect(found, these);
            }
            return found == null ? new int[0] : found;
        }

        private static int[] intersect(int[] a, int[] b) {
            int[] both = new int[Math.min(a.length, b.length)];
            int n = 0;
            for (int i = 0, j = 0; i < a.length && j < b.length; ) {
                if (a[i] < b[j]) {
                    i++;
                } else if (a[i] > b[j]) {
                    j++;
                } else {
                    both[n++] = a[i];
                    i++;
                    j++;
                }
            }
            return Arrays.copyOf(both, n);
        }
    }

    /** One answer line: {@code U+0041\tA\tLATIN CAPITAL LETTER A}. */
    static String describe(int cp) {
        return String.format("U+%04X\t%s\t%s", cp, Character.toString(cp), Character.getName(cp));
    }

    private static Index index;

    /** Built once, on first use: it takes about a second. */
    static synchronized Index index() {
        if (index == null) {
            index = Index.build();
        }
        return index;
    }

    /** Serves one client: a query per line until it closes the connection. */
    @Async
    static Coroutine<Void> handle(Index index, StreamReader reader, StreamWriter writer) throws IOException {
        try {
            for (String query; (query = await(reader.readLine())) != null; ) {
                int[] found = index.search(query);
                for (int cp : found) {
                    writer.write(describe(cp) + "\n");
                    await(writer.drain());
                }
                writer.write("\n");
                await(writer.drain());
                System.out.printf("%s: %s -> %d found%n", writer.getPeerAddress(), query, found.length);
            }
        } finally {
            writer.close();
        }
        return Coroutine.completed();
    }

    @Async
    static Coroutine<Void> serve(String host, int port) throws IOException {
        Index ready = await(getRunningLoop().runInExecutor(null, CharFinder::index));
        Server server = await(startServer((reader, writer) -> handle(ready, reader, writer), host, port));
        System.out.println("Serving on " + server.getAddress() + ". Hit Ctrl-C to stop.");
        await(server.serveForever());
        return Coroutine.completed();
    }

    public static void main(String[] args) throws IOException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_PORT;
        run(serve(host, port));
    }
}
