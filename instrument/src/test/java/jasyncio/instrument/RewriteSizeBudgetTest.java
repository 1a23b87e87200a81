package jasyncio.instrument;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rewritten code stays within the bytes it takes today, method by method (issue 11: HotSpot never compiles a
 * method past 8,000 bytes, and every byte an await costs counts there). Most of what keeps the code small leaves
 * its behaviour unchanged when it breaks (a load no longer sunk past an await is saved instead, a constant saved
 * instead of pushed again, a jump to the next instruction kept), so only its size tells. A change that makes the
 * code smaller lowers the budgets here; one that makes it larger says why in its commit.
 */
class RewriteSizeBudgetTest {
    /** The shapes of a large await-dense method: enough awaits and live longs to take the shared save code. */
    static String denseSource(int awaits) {
        return denseSource(awaits, false);
    }

    /**
     * {@link #denseSource(int)} with the body in one loop (run once), which the rewrite cannot cut in two
     * ({@link TailSplit}: the loop's jump back crosses every statement start): past the JIT limit, it stays one
     * method.
     */
    static String uncuttableDenseSource(int awaits) {
        return denseSource(awaits, true);
    }

    private static String denseSource(int awaits, boolean inOneLoop) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < awaits; i++) {
            int a = i % 12;
            int b = (i * 7 + 3) % 12;
            body.append(switch (i % 4) {
                case 0 -> "        l" + a + " += await(v) + l" + b + ";\n";
                case 1 -> "        l" + a + " = mix(l" + b + ", await(v));\n";
                case 2 -> "        if (l" + a + " % 3 == 0) { l" + b + " -= await(v); } else { s = s + await(v); }\n";
                default -> "        try { l" + a + " ^= check(await(v)); } catch (IllegalStateException e) { l" + b + "++; }\n";
            });
        }
        StringBuilder locals = new StringBuilder();
        StringBuilder sum = new StringBuilder("0L");
        for (int i = 0; i < 12; i++) {
            locals.append("        long l").append(i).append(" = p + ").append(i).append(";\n");
            sum.append(" + l").append(i);
        }
        return """
                package demo;
                import jasyncio.*;
                import java.util.concurrent.CompletionStage;
                import static jasyncio.Asyncio.await;

                public class Dense {
                    static long mix(long a, long b) {
                        return a * 31 + b;
                    }

                    static long check(long x) {
                        if (x == 13) {
                            throw new IllegalStateException("13");
                        }
                        return x;
                    }

                    @Async
                    public static Coroutine<Long> dense(CompletionStage<Long> v, long p) {
                        String s = "";
                """ + locals + (inOneLoop ? "        do {\n" + body + "        } while (s == null);\n" : body)
                + "        return Coroutine.completed(" + sum + " + s.length());\n    }\n}\n";
    }

    /**
     * The first local after a static method's parameters, unset at two awaits that store it: zeroed once at the
     * start rather than at each of them (a parameter is set at every await, a local below it never needs that).
     */
    static final String PRESETS = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Presets {
                @Async
                public static Coroutine<Integer> firstLocalSetLate(CompletionStage<Integer> v, int n) {
                    int u;
                    int e = n * 2;
                    e = await(v) - e;
                    e = await(v) - e;
                    u = e * 5;
                    u = await(v) - u;
                    u = await(v) - u;
                    u = await(v) - u;
                    return Coroutine.completed(u + n);
                }
            }
            """;

    /** Class, source, and the budget in bytes of code of each rewritten method of it (entry, resume, helpers). */
    private record Corpus(String className, String source, Map<String, Integer> budgets) {
        @Override
        public String toString() {
            return className;
        }
    }

    /** {@code "name+descriptor bytes"}, a method a line. */
    private static Map<String, Integer> budgets(String lines) {
        Map<String, Integer> budgets = new TreeMap<>();
        for (String line : lines.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            budgets.put(parts[0], Integer.parseInt(parts[1]));
        }
        return budgets;
    }

    static Stream<Corpus> corpora() {
        return Stream.of(
                new Corpus("demo/Shop", AsyncClassTransformerTest.SHOP, budgets("""
                        idle()Ljasyncio/Coroutine; 15
                        idle(Ljasyncio/internal/Frame;)Ljava/lang/Object; 4
                        order(Ljasyncio/internal/Frame;)Ljava/lang/Object; 178
                        order(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine; 33
                        """)),
                new Corpus("demo/Shapes", SharedSuspensionCodeTest.SOURCE, budgets("""
                        catchResultStoredByTheFinallysAwait$save0(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;ILjava/lang/Object;Ljasyncio/internal/Frame;)V 37
                        catchResultStoredByTheFinallysAwait$save1(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;ILjava/lang/Object;Ljasyncio/internal/Frame;)V 45
                        catchResultStoredByTheFinallysAwait(Ljasyncio/internal/Frame;)Ljava/lang/Object; 642
                        catchResultStoredByTheFinallysAwait(Ljava/util/concurrent/CompletionStage;Z)Ljasyncio/Coroutine; 27
                        computedValuesBelow(Ljasyncio/internal/Frame;)Ljava/lang/Object; 119
                        computedValuesBelow(Ljava/util/concurrent/CompletionStage;II)Ljasyncio/Coroutine; 33
                        computedValuesBelowNestedAwaits(Ljasyncio/internal/Frame;)Ljava/lang/Object; 200
                        computedValuesBelowNestedAwaits(Ljava/util/concurrent/CompletionStage;II)Ljasyncio/Coroutine; 33
                        constantsBelow(Ljasyncio/internal/Frame;)Ljava/lang/Object; 152
                        constantsBelow(Ljava/util/concurrent/CompletionStage;)Ljasyncio/Coroutine; 21
                        localAssignedInTheAwaitable(Ljasyncio/internal/Frame;)Ljava/lang/Object; 108
                        localAssignedInTheAwaitable(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine; 27
                        localBelow(Ljasyncio/internal/Frame;)Ljava/lang/Object; 177
                        localBelow(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine; 27
                        localIncrementedAfterItsLoad(Ljasyncio/internal/Frame;)Ljava/lang/Object; 103
                        localIncrementedAfterItsLoad(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine; 27
                        nullBelow(Ljasyncio/internal/Frame;)Ljava/lang/Object; 84
                        nullBelow(Ljava/util/concurrent/CompletionStage;Ljava/lang/Object;)Ljasyncio/Coroutine; 27
                        referenceDeadAtLaterAwaits(Ljasyncio/internal/Frame;)Ljava/lang/Object; 299
                        referenceDeadAtLaterAwaits(Ljava/util/concurrent/CompletionStage;Ljava/lang/String;)Ljasyncio/Coroutine; 27
                        sameLocalsAtEveryAwait$save0(Ljava/lang/Object;IIILjasyncio/internal/Frame;)V 29
                        sameLocalsAtEveryAwait(Ljasyncio/internal/Frame;)Ljava/lang/Object; 373
                        sameLocalsAtEveryAwait(Ljava/util/concurrent/CompletionStage;II)Ljasyncio/Coroutine; 33
                        setLate$save0(Ljava/lang/Object;IIIJDJLjasyncio/internal/Frame;)V 53
                        setLate(Ljasyncio/internal/Frame;)Ljava/lang/Object; 420
                        setLate(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine; 27
                        slotReusedByAnotherType(Ljasyncio/internal/Frame;)Ljava/lang/Object; 482
                        slotReusedByAnotherType(Ljava/util/concurrent/CompletionStage;Ljava/util/concurrent/CompletionStage;Z)Ljasyncio/Coroutine; 33
                        wideValuesBelow$save0(Ljava/lang/Object;JDJDDJLjasyncio/internal/Frame;)V 55
                        wideValuesBelow(Ljasyncio/internal/Frame;)Ljava/lang/Object; 339
                        wideValuesBelow(Ljava/util/concurrent/CompletionStage;JD)Ljasyncio/Coroutine; 38
                        """)),
                new Corpus("demo/Dense", denseSource(260), budgets("""
                        dense(Ljasyncio/internal/Frame;)Ljava/lang/Object; 6168
                        dense(Ljasyncio/Coroutine;)Ljava/lang/Object; 6244
                        dense(Ljava/util/concurrent/CompletionStage;J)Ljasyncio/Coroutine; 27
                        dense(Ljava/util/concurrent/CompletionStage;JLjava/lang/String;JJJJJJJJJJJJ)Ljasyncio/Coroutine; 142
                        """)),
                new Corpus("demo/Dense", uncuttableDenseSource(260), budgets("""
                        dense$save1(Ljava/lang/Object;Ljava/lang/Object;JJJJJJJJJJJJLjasyncio/internal/Frame;)V 117
                        dense(Ljasyncio/internal/Frame;)Ljava/lang/Object; 12075
                        dense(Ljava/util/concurrent/CompletionStage;J)Ljasyncio/Coroutine; 27
                        """)),
                new Corpus("demo/Presets", PRESETS, budgets("""
                        firstLocalSetLate$save0(Ljava/lang/Object;IIILjasyncio/internal/Frame;)V 29
                        firstLocalSetLate(Ljasyncio/internal/Frame;)Ljava/lang/Object; 311
                        firstLocalSetLate(Ljava/util/concurrent/CompletionStage;I)Ljasyncio/Coroutine; 27
                        """)));
    }

    @ParameterizedTest
    @MethodSource("corpora")
    void rewrittenMethodsStayWithinTheirBudgets(Corpus corpus) throws Exception {
        CompiledSources sources = CompiledSources.compile(corpus.source());
        ClassNode original = CompiledSources.node(sources.bytes(corpus.className()));
        ClassNode rewritten = sources.rewriteAndVerify(corpus.className());
        Map<String, Integer> sizes = new TreeMap<>();
        for (MethodNode m : rewritten.methods) {
            boolean unchanged = original.methods.stream().anyMatch(o -> o.name.equals(m.name) && o.desc.equals(m.desc)
                    && MethodSize.of(o) == MethodSize.of(m) && !m.desc.endsWith("Ljasyncio/Coroutine;"));
            if (!unchanged) {
                sizes.put(m.name + m.desc, MethodSize.of(m));
            }
        }
        StringBuilder over = new StringBuilder();
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            Integer budget = corpus.budgets().get(e.getKey());
            if (budget == null || e.getValue() > budget) {
                over.append(String.format("%n  %s %d (budget %s)", e.getKey(), e.getValue(), budget));
            }
        }
        assertTrue(over.length() == 0, corpus.className() + ": past their budget:" + over);
    }
}
