package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CharFinderTest {
    private static final CharFinder.Index INDEX = CharFinder.index();

    private static List<Integer> search(String query) {
        return Arrays.stream(INDEX.search(query)).boxed().toList();
    }

    @Test
    void findsTheCharactersNamedWithEveryWordOfTheQueryInCodePointOrder() {
        assertEquals(List.of(0x2654, 0x2655, 0x2656, 0x2657, 0x2658, 0x2659), search("white chess").subList(0, 6));
        assertTrue(search("white chess").stream()
                .allMatch(cp -> CharFinder.Index.words(Character.getName(cp)).containsAll(List.of("WHITE", "CHESS"))));
        assertEquals(search("white chess"), search("Chess  WHITE"), "any order, any case, any spacing");
        assertEquals(0x1F431, search("cat face").get(0));
        assertEquals(List.of(), search(""));
        assertEquals(List.of(), search("no-such-word-anywhere"));
    }

    @Test
    void describesACharacterOnOneLine() {
        assertEquals("U+0041\tA\tLATIN CAPITAL LETTER A", CharFinder.describe('A'));
        assertEquals("U+1F431\t\uD83D\uDC31\tCAT FACE", CharFinder.describe(0x1F431));
    }

    @Test
    void neverAnswersALineBreakingCharacter() {
        // Named too, but sent as themselves they would split an answer line in two.
        assertFalse(search("line feed").contains(0x0A));
        assertFalse(search("carriage return").contains(0x0D));
        assertFalse(search("next line").contains(0x85));
        assertFalse(search("line separator").contains(0x2028));
        assertFalse(search("paragraph separator").contains(0x2029));
        assertTrue(search("line feed").contains(0x240A), "SYMBOL FOR LINE FEED is printable");
    }

    @Async
    static Coroutine<List<List<List<String>>>> manyClients(int clients) throws IOException {
        Server server = await(startServer((reader, writer) -> CharFinder.handle(INDEX, reader, writer), "127.0.0.1", 0));
        int port = server.getAddress().getPort();
        List<Coroutine<List<List<String>>>> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sessions.add(CharFinderClient.ask("127.0.0.1", port, List.of("latin capital letter " + (char) ('A' + i % 26),
                    "chess black", "", "sign")));
        }
        List<List<List<String>>> answers = await(gather(sessions));
        server.close();
        await(server.waitClosed());
        return Coroutine.completed(answers);
    }

    @Test
    void servesManyClientsAtOnceEachWithSeveralQueries() {
        int clients = 60;
        List<List<List<String>>> answers = new ArrayList<>();
        // Captured to keep the server's log of 240 queries out of the build's output.
        String log = ConsoleCapture.stdoutOf(() -> {
            try {
                answers.addAll(run(manyClients(clients)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(clients * 4, log.lines().count(), log);
        int signs = INDEX.search("sign").length;
        assertTrue(signs > 1000, "a long answer, beyond the writer's high-water mark: " + signs);
        for (int i = 0; i < clients; i++) {
            List<List<String>> session = answers.get(i);
            char letter = (char) ('A' + i % 26);
            assertTrue(session.get(0).contains(CharFinder.describe(letter)), session.get(0).toString());
            assertEquals(List.of("U+265A\t\u265A\tBLACK CHESS KING", "U+265B\t\u265B\tBLACK CHESS QUEEN",
                    "U+265C\t\u265C\tBLACK CHESS ROOK", "U+265D\t\u265D\tBLACK CHESS BISHOP",
                    "U+265E\t\u265E\tBLACK CHESS KNIGHT", "U+265F\t\u265F\tBLACK CHESS PAWN"),
                    session.get(1).subList(0, 6));
            assertEquals(search("chess black").stream().map(CharFinder::describe).toList(), session.get(1));
            assertEquals(List.of(), session.get(2));
            assertEquals(signs, session.get(3).size());
        }
    }

    @Test
    void theClientPrintsTheAnswersOfTheServerRunningOnItsOwnLoop() throws Exception {
        CompletableFuture<Server> started = new CompletableFuture<>();
        Thread serverThread = new Thread(() -> {
            try {
                run(serveUntilStopped(started));
            } catch (IOException e) {
                started.completeExceptionally(e);
            }
        }, "charfinder-server");
        serverThread.start();
        Server server = started.get(30, TimeUnit.SECONDS);
        String output;
        try {
            output = ConsoleCapture.stdoutOf(() -> {
                try {
                    CharFinderClient.main(new String[] {"-p", String.valueOf(server.getAddress().getPort()), "cat face"});
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            stop.complete(null);
            serverThread.join(10_000);
        }
        // The server thread logs its queries ("/127.0.0.1:port: cat face -> 10 found") to the same System.out.
        String printed = output.lines().filter(line -> !line.endsWith(" found") || line.startsWith("("))
                .map(line -> line + "\n").collect(Collectors.joining());
        String cats = search("cat face").stream().map(cp -> CharFinder.describe(cp) + "\n").collect(Collectors.joining());
        assertEquals("> cat face\n" + cats + "(" + search("cat face").size() + " found)\n", printed);
    }

    private final CompletableFuture<Void> stop = new CompletableFuture<>();

    @Async
    Coroutine<Void> serveUntilStopped(CompletableFuture<Server> started) throws IOException {
        Server server = await(startServer((reader, writer) -> CharFinder.handle(INDEX, reader, writer), "127.0.0.1", 0));
        started.complete(server);
        await(stop);
        server.close();
        return Coroutine.completed();
    }
}
