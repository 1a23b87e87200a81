package jasyncio.examples;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.net.Connection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.*;
import static jasyncio.net.Net.*;

/**
 * A line client for {@link CharFinder}: sends each argument as a query on one connection and prints the answers.
 *
 * <p>Run (with the server running): {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * examples/target/classes jasyncio.examples.CharFinderClient [-h host] [-p port] "cat face" chess black}.
 */
public class CharFinderClient {
    /** The answer lines to each query, in order. */
    @Async
    static Coroutine<List<List<String>>> ask(String host, int port, List<String> queries) throws IOException {
        Connection server = await(openConnection(host, port));
        List<List<String>> answers = new ArrayList<>();
        try {
            for (String query : queries) {
                server.writer().write(query + "\n");
                await(server.writer().drain());
                List<String> lines = new ArrayList<>();
                for (String line; (line = await(server.reader().readLine())) != null && !line.isEmpty(); ) {
                    lines.add(line);
                }
                answers.add(lines);
            }
        } finally {
            server.writer().close();
        }
        return Coroutine.completed(answers);
    }

    public static void main(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = CharFinder.DEFAULT_PORT;
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h" -> host = args[++i];
                case "-p" -> port = Integer.parseInt(args[++i]);
                default -> queries.add(args[i]);
            }
        }
        List<List<String>> answers = run(ask(host, port, queries));
        for (int i = 0; i < queries.size(); i++) {
            System.out.println("> " + queries.get(i));
            answers.get(i).forEach(System.out::println);
            System.out.println("(" + answers.get(i).size() + " found)");
        }
    }
}
