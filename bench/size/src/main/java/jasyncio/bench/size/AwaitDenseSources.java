package jasyncio.bench.size;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Java sources of random, await-dense {@code @Async} methods, the same for a given seed: about half the
 * statements await, in expressions (with values on the operand stack below the await), branches, loops, try/catch
 * and switches, over int, long, double and String locals that come into scope as the method goes on. The sizes
 * span small methods to ones of several kilobytes, plus a few past 10 KB, where a rewrite used to be refused.
 */
final class AwaitDenseSources {
    /** Statements per method, one class per entry: mostly under HotSpot's 8,000-byte limit, a few well over it. */
    private static final int[] STATEMENTS = {8, 12, 16, 24, 32, 40, 48, 60, 72, 90, 110, 130, 160, 200};
    private static final int METHODS_PER_CLASS = 4;
    private static final String[] TYPES = {"int", "long", "double", "String"};

    private final Random random;
    private final StringBuilder out = new StringBuilder();
    /** The locals in scope, innermost block last; each is "type name". */
    private final List<List<String[]>> scopes = new ArrayList<>();
    private int nextName;
    private int indent;

    private AwaitDenseSources(long seed) {
        this.random = new Random(seed);
    }

    /** One source per size of {@link #STATEMENTS}: class {@code gen.DenseN}, in package {@code gen}. */
    static List<String> generate(long seed) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < STATEMENTS.length; i++) {
            sources.add(new AwaitDenseSources(seed * 1000 + i).classSource("Dense" + i, STATEMENTS[i]));
        }
        return sources;
    }

    private String classSource(String name, int statements) {
        out.append("package gen;\n\nimport jasyncio.Async;\nimport jasyncio.Coroutine;\n\n")
                .append("import static jasyncio.Asyncio.await;\n\n")
                .append("public class ").append(name).append(" {\n")
                .append("    @Async\n    static <T> Coroutine<T> v(T x) {\n        return Coroutine.completed(x);\n    }\n\n")
                .append("    @Async\n    static Coroutine<Integer> check(int x) {\n")
                .append("        if (x % 7 == 3) {\n            throw new IllegalStateException(\"check \" + x);\n        }\n")
                .append("        return Coroutine.completed(x);\n    }\n\n")
                .append("    static long mix(long a, long b) {\n        return a * 31 + b;\n    }\n");
        for (int m = 0; m < METHODS_PER_CLASS; m++) {
            method("m" + m, statements);
        }
        out.append("}\n");
        return out.toString();
    }

    private void method(String name, int statements) {
        nextName = 0;
        scopes.clear();
        scopes.add(new ArrayList<>());
        out.append("\n    @Async\n    static Coroutine<Long> ").append(name).append("(long p, int q, String r) {\n");
        indent = 2;
        declare("long", "p");
        declare("int", "q");
        declare("String", "r");
        for (int i = 0; i < statements; i++) {
            statement(0);
        }
        StringBuilder sum = new StringBuilder("0L");
        for (String[] local : scopes.get(0)) {
            sum.append(" + ").append(asLong(local));
        }
        line("return Coroutine.completed(" + sum + ");");
        out.append("    }\n");
    }

    private void statement(int depth) {
        int choice = random.nextInt(depth < 2 ? 10 : 6);
        switch (choice) {
            case 0: case 1:
                declareNew();
                break;
            case 2: case 3: case 4: case 5:
                assign();
                break;
            case 6:
                ifElse(depth);
                break;
            case 7:
                loop(depth);
                break;
            case 8:
                tryCatch(depth);
                break;
            default:
                switchStatement(depth);
                break;
        }
    }

    private void declareNew() {
        String type = TYPES[random.nextInt(TYPES.length)];
        String name = type.substring(0, 1).toLowerCase() + nextName++;
        line(type + " " + name + " = " + expression(type) + ";");
        declare(type, name);
    }

    private void assign() {
        String[] target = pick();
        if (target == null) {
            declareNew();
            return;
        }
        String type = target[0];
        if (type.equals("String")) {
            line(target[1] + " = " + target[1] + ".length() > 12 ? \"s\" : " + expression("String") + ";");
        } else {
            line(target[1] + " " + (random.nextBoolean() ? "+=" : "=") + " " + expression(type) + ";");
        }
    }

    private void ifElse(int depth) {
        line("if (" + expression("int") + " % 2 == 0) {");
        block(depth);
        line("} else {");
        block(depth);
        line("}");
    }

    private void loop(int depth) {
        String k = "k" + nextName++;
        line("for (int " + k + " = 0; " + k + " < 3; " + k + "++) {");
        scopes.add(new ArrayList<>());
        declare("loop", k);
        blockBody(depth);
        line("}");
    }

    private void tryCatch(int depth) {
        line("try {");
        block(depth);
        String e = "e" + nextName++;
        line("} catch (IllegalStateException " + e + ") {");
        indent++;
        String[] target = pick();
        if (target != null && target[0].equals("String")) {
            line(target[1] + " = " + e + ".getMessage();");
        } else if (target != null) {
            line(target[1] + " += " + e + ".getMessage().length();");
        }
        indent--;
        line("}");
    }

    private void switchStatement(int depth) {
        line("switch (" + expression("int") + " & 3) {");
        for (String label : new String[] {"case 0:", "case 1:", "default:"}) {
            indent++;
            line(label + " {");
            block(depth);
            line("}");
            if (!label.equals("default:")) {
                indent++;
                line("break;");
                indent--;
            }
            indent--;
        }
        line("}");
    }

    private void block(int depth) {
        scopes.add(new ArrayList<>());
        blockBody(depth);
    }

    private void blockBody(int depth) {
        indent++;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            statement(depth + 1);
        }
        indent--;
        scopes.remove(scopes.size() - 1);
    }

    /** An expression of {@code type}; about half of them await, often with a value below the await. */
    private String expression(String type) {
        boolean await = random.nextInt(100) < Integer.getInteger("awaitPercent", 60);
        String operand = operand(type);
        switch (type) {
            case "int":
                if (await) {
                    return random.nextBoolean() ? operand + " + await(v(" + operand(type) + " * 3))"
                            : "await(check(" + operand + "))";
                }
                return "(" + operand + " ^ " + random.nextInt(100) + ")";
            case "long":
                return await ? "mix(" + operand + ", await(v(" + operand("long") + " + 1L)))"
                        : "mix(" + operand + ", " + operand("int") + ")";
            case "double":
                return await ? operand + " * 0.5 + await(v(" + operand("double") + "))" : operand + " + 0.25";
            default:
                return await ? "await(v(" + operand + " + " + operand("int") + "))" : operand + " + \"t\"";
        }
    }

    /** A local of {@code type} in scope, or a constant of it. */
    private String operand(String type) {
        List<String> names = new ArrayList<>();
        for (List<String[]> scope : scopes) {
            for (String[] local : scope) {
                if (local[0].equals(type) || (type.equals("int") && local[0].equals("loop"))) {
                    names.add(local[1]);
                }
            }
        }
        if (names.isEmpty() || random.nextInt(6) == 0) {
            switch (type) {
                case "int": return Integer.toString(random.nextInt(50));
                case "long": return random.nextInt(50) + "L";
                case "double": return random.nextInt(50) + ".5";
                default: return "\"c" + random.nextInt(50) + "\"";
            }
        }
        return names.get(random.nextInt(names.size()));
    }

    /** A local in scope that may be assigned (not a loop counter), or null. */
    private String[] pick() {
        List<String[]> candidates = new ArrayList<>();
        for (List<String[]> scope : scopes) {
            for (String[] local : scope) {
                if (!local[0].equals("loop")) {
                    candidates.add(local);
                }
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static String asLong(String[] local) {
        switch (local[0]) {
            case "String": return local[1] + ".length()";
            case "double": return "(long) " + local[1];
            default: return local[1];
        }
    }

    private void declare(String type, String name) {
        scopes.get(scopes.size() - 1).add(new String[] {type, name});
    }

    private void line(String code) {
        out.append("    ".repeat(indent)).append(code).append('\n');
    }
}
