package jasyncio.tests.fuzz;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * Generates, from a seed, one class holding (itself, or in a static nested or inner class) a random {@code @Async}
 * method and its synchronous twin: the same code, except that where the coroutine awaits ({@code value(x)},
 * {@code future(x)}, a failing coroutine, a coroutine lambda, another generated coroutine: static or instance,
 * private or not, recursive or not, called directly or through a method reference) the twin computes the value
 * directly. Awaits land wherever an expression can: loop bodies and conditions, nested try/catch/finally,
 * try-with-resources, switch statements and expressions, ternaries and short-circuit operands, constructor, method
 * and varargs arguments (beside a {@code null}, {@code long}s, {@code double}s, {@code float}s and the sub-int
 * types), array stores, lambdas; around them labeled jumps and {@code synchronized} blocks (which hold no await).
 * Every program terminates (loop bounds are constants the body cannot change) and computes the same outcome on every
 * run.
 */
final class ProgramGenerator {
    /** One generated class: {@code fuzz.G<seed>}, implementing {@link FuzzProgram}. */
    record Program(long seed, String className, String source) {
    }

    /** A piece of code in both renderings: the coroutine's and its synchronous twin's. */
    record Code(String async, String sync) {
        static Code same(String text) {
            return new Code(text, text);
        }

        /** Concatenates strings (the same in both renderings) and codes. */
        static Code of(Object... parts) {
            StringBuilder async = new StringBuilder();
            StringBuilder sync = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof Code c) {
                    async.append(c.async);
                    sync.append(c.sync);
                } else {
                    async.append(part);
                    sync.append(part);
                }
            }
            return new Code(async.toString(), sync.toString());
        }
    }

    private enum Kind {
        INT("int", "Integer"), LONG("long", "Long"), DOUBLE("double", "Double"), STRING("String", "String"),
        BOOL("boolean", "Boolean"), FLOAT("float", "Float"), BYTE("byte", "Byte"), SHORT("short", "Short"),
        CHAR("char", "Character");

        final String java;
        final String boxed;

        Kind(String java, String boxed) {
            this.java = java;
            this.boxed = boxed;
        }

        /**
         * {@code yield e}, where an {@code e} in parentheses would read as a call of a method named yield: a
         * neutral operator goes first.
         */
        String yielding(String e) {
            if (!e.startsWith("(")) {
                return "yield " + e + ";";
            }
            return "yield " + (this == STRING ? "\"\" + " : this == BOOL ? "false || " : "+") + e + ";";
        }

        /** {@code ((int) e)}: unboxes what an await returns, so that {@code ==} never compares boxes. */
        String unbox(String e) {
            return this == STRING ? e : "((" + java + ") " + e + ")";
        }
    }

    /** The kinds of locals and arrays: int twice, as it is the commonest in code. */
    private static final Kind[] VALUE_KINDS = {Kind.INT, Kind.LONG, Kind.DOUBLE, Kind.STRING, Kind.INT, Kind.FLOAT,
            Kind.BYTE, Kind.SHORT, Kind.CHAR, Kind.BOOL};
    /** The kinds {@code String.valueOf} and casts to {@code int} take. */
    private static final Kind[] NUMERIC_KINDS = {Kind.INT, Kind.LONG, Kind.DOUBLE, Kind.FLOAT, Kind.BYTE, Kind.SHORT,
            Kind.CHAR};
    /** The kinds that widen to {@code long}. */
    private static final Kind[] INTEGRAL_KINDS = {Kind.INT, Kind.LONG, Kind.BYTE, Kind.SHORT, Kind.CHAR};
    private static final String[] STRINGS = {"a", "b", "ab", "ba", "xyz"};
    private static final int MAX_EXPRESSION_DEPTH = 3;
    private static final int MAX_NESTING = 3;

    private record Var(String name, Kind kind, boolean array, boolean assignable) {
    }

    /**
     * Where a statement goes: which jumps are legal there (with the labels of the enclosing loops), and how deeply
     * nested it is.
     */
    private record Place(boolean canBreak, boolean canContinue, boolean canReturn, List<String> loopLabels, int depth) {
        static Place top(boolean canReturn, int depth) {
            return new Place(false, false, canReturn, List.of(), depth);
        }

        Place nested() {
            return new Place(canBreak, canContinue, canReturn, loopLabels, depth + 1);
        }

        /** The body of a loop, labeled {@code label} unless null. */
        Place loop(String label) {
            List<String> labels = new ArrayList<>(loopLabels);
            if (label != null) {
                labels.add(label);
            }
            return new Place(true, true, canReturn, labels, depth + 1);
        }

        /** A switch statement's block: break leaves the switch. */
        Place switchBlock() {
            return new Place(true, canContinue, canReturn, loopLabels, depth + 1);
        }

        /** Inside a switch expression's arm, a lambda or a finally block: no jumps out. */
        Place closed() {
            return top(false, depth + 1);
        }
    }

    private final Random random;
    private final Deque<List<Var>> scopes = new ArrayDeque<>();
    private final List<String> helpers = new ArrayList<>();
    private final String className;
    private int names;
    private int statementsLeft;
    /** The accumulator the current method hashes values into, or null where none is in scope (lambdas). */
    private String hash;
    /** True where {@code this.f} is in scope. */
    private boolean instance;
    /**
     * How many {@code long}s or {@code double}s are on the operand stack where the expression being generated
     * is evaluated. javac (17 to 25 at least) crashes compiling a switch expression that contains a {@code try}
     * there, so such an arm is only generated where this is 0.
     */
    private int wideOnStack;
    /** Above 0 inside a {@code synchronized} block, where an await would be refused: the code there awaits nothing. */
    private int underMonitor;
    /**
     * Draws the padding of the method under test, apart from {@link #random} so that a padded program is the
     * unpadded one of its seed with a block more. A {@code SplittableRandom}: {@code Random}'s first draws for
     * neighbouring seeds are alike (with it, seeds 256 to 289 were padded and none below 256).
     */
    private final SplittableRandom padding;
    /**
     * Draws the kinds of the helper coroutines and how each call reaches one, apart from {@link #random} too: the
     * program of a seed has the same statements whatever these draws.
     */
    private final SplittableRandom shapes;
    /** True when the helper coroutines are instance methods (of an instance method under test). */
    private boolean instanceHelpers;
    /** The class holding the methods: the generated class, or a static nested or inner class of it. */
    private String holder;

    private ProgramGenerator(long seed) {
        this.random = new Random(seed);
        this.padding = new SplittableRandom(seed);
        this.shapes = new SplittableRandom(~seed);
        this.className = "G" + seed;
    }

    /** The program of {@code seed}. */
    static Program generate(long seed) {
        ProgramGenerator g = new ProgramGenerator(seed);
        return new Program(seed, "fuzz." + g.className, g.source());
    }

    private String source() {
        boolean instanceMain = random.nextBoolean();
        instanceHelpers = instanceMain && shapes.nextBoolean();
        int nesting = shapes.nextInt(3);
        holder = nesting == 0 ? className : nesting == 1 ? "Nested" : "Inner";
        StringBuilder members = new StringBuilder();
        int helperCount = random.nextInt(3);
        for (int k = 0; k < helperCount; k++) {
            members.append(helper("co" + k));
        }
        String args = random.nextInt(20) + ", " + (random.nextInt(2000) - 1000) + "L, " + (random.nextInt(40) - 20)
                + ".25, \"" + STRINGS[random.nextInt(STRINGS.length)] + "\"";
        String receiver = instanceMain ? "new " + holder + "()." : nesting == 0 ? "" : holder + ".";
        Code main = main(instanceMain);
        String methods = members + main.async + "\n" + main.sync;
        if (nesting > 0) {
            methods = "    " + (nesting == 1 ? "static " : "") + "final class " + holder + " {\n        int f = 7;\n\n"
                    + methods.replace("\n    ", "\n        ").replaceFirst("^    ", "        ") + "    }\n";
        }
        return String.join("\n",
                "package fuzz;",
                "import jasyncio.*;",
                "import jasyncio.tests.constructs.Arrivals;",
                "import jasyncio.tests.fuzz.*;",
                "import java.util.Arrays;",
                "import java.util.concurrent.CompletableFuture;",
                "import static jasyncio.Asyncio.await;",
                "import static jasyncio.tests.constructs.Arrivals.future;",
                "import static jasyncio.tests.constructs.Arrivals.value;",
                "",
                "public final class " + className + " implements FuzzProgram {",
                "    interface IntCo { Coroutine<Integer> apply(int x); }",
                "    interface IntFn { int apply(int x); }",
                "    interface Co2 { Coroutine<Integer> apply(int a, String b); }",
                "    interface Fn2 { int apply(int a, String b); }",
                "    int f = 7;",
                "    public Coroutine<String> coroutine() { return " + receiver + "run(" + args + "); }",
                "    public String twin() { return " + receiver + "runSync(" + args + "); }",
                "",
                methods,
                "}",
                "");
    }

    /** The method under test, in both renderings (the twin named {@code runSync}). */
    private Code main(boolean instanceMain) {
        instance = instanceMain;
        hash = "h";
        statementsLeft = 8 + random.nextInt(20);
        List<Var> top = new ArrayList<>();
        scopes.push(top);
        top.add(new Var("p0", Kind.INT, false, true));
        top.add(new Var("p1", Kind.LONG, false, true));
        top.add(new Var("p2", Kind.DOUBLE, false, random.nextBoolean()));
        top.add(new Var("p3", Kind.STRING, false, true));
        top.add(new Var("h", Kind.LONG, false, true));
        Place place = Place.top(true, 0);
        StringBuilder async = new StringBuilder();
        StringBuilder sync = new StringBuilder();
        List<Code> paddings = paddings();
        int[] padAt = new int[paddings.size()];
        for (int i = 0; i < padAt.length; i++) {
            padAt[i] = this.padding.nextInt(statementsLeft + 1);
        }
        // Half of the padded methods run their body in one try, so that the rewrite cuts them inside it.
        boolean inOneTry = !paddings.isEmpty() && this.padding.nextBoolean();
        for (int emitted = 0; statementsLeft > 0; emitted++) {
            statementsLeft--;
            Code s = statement(place);
            for (int i = padAt.length - 1; i >= 0; i--) {
                if (emitted == padAt[i]) {
                    s = Code.of(paddings.get(i), s);
                    padAt[i] = -1;
                }
            }
            async.append(s.async);
            sync.append(s.sync);
        }
        for (int i = 0; i < padAt.length; i++) {
            if (padAt[i] >= 0) {
                async.append(paddings.get(i).async);
                sync.append(paddings.get(i).sync);
            }
        }
        StringJoiner result = new StringJoiner(" + \"|\" + ");
        for (Var v : top) {
            result.add(v.array ? "Arrays.toString(" + v.name + ")" : v.name);
        }
        scopes.pop();
        String modifiers = instanceMain ? "" : "static ";
        String params = "(int p0, long p1, double p2, String p3)";
        return new Code(
                "    @Async\n    " + modifiers + "Coroutine<String> run" + params + " {\n        long h = 1;\n"
                        + body(async, "Coroutine.completed(\"\" + " + result + ")", inOneTry, "Coroutine.completed(", ")")
                        + "    }\n",
                "    " + modifiers + "String runSync" + params + " {\n        long h = 1;\n"
                        + body(sync, "\"\" + " + result, inOneTry, "", "") + "    }\n");
    }

    /**
     * The statements and the return of {@code value}; {@code inOneTry}, all in a {@code try} whose handler returns
     * (wrapped in {@code open} and {@code close}) the exception's class and {@code h}, alike in both renderings.
     */
    private static String body(CharSequence statements, String value, boolean inOneTry, String open, String close) {
        String body = statements + "        return " + value + ";\n";
        if (!inOneTry) {
            return body;
        }
        return "        try {\n" + body + "        } catch (RuntimeException escaped) {\n            return " + open
                + "\"escaped \" + escaped.getClass().getName() + \" \" + h" + close + ";\n        }\n";
    }

    /**
     * For one program in four, code without awaits (array initialisers hashed into {@code h}): 6,000 to 9,000
     * bytes in one block or, for half of those, 6,700 to 8,000 bytes in two blocks of half each, at their own
     * statements. Only a method whose resume method passes HotSpot's 8,000-byte limit with a suspension per await
     * gets the save chains shared by its awaits, in the resume method or, past the limit again, in helper methods;
     * one that HotSpot compiles as javac wrote it is then cut in two at a statement near its middle, which two
     * blocks make likely and one block (most of the method) does not. Half of the padded bodies run in one try
     * (see {@code body}). Of seeds 1-400, 10 programs are cut (4 inside their try), 1 stays past the limit. This
     * makes the fuzzer test all those encodings.
     */
    private List<Code> paddings() {
        if (padding.nextInt(4) != 0) {
            return List.of();
        }
        // dup, sipush index, sipush value, iastore: 8 bytes an element past the first 128.
        if (padding.nextBoolean()) {
            return List.of(padding(750 + padding.nextInt(375)));
        }
        int half = 420 + padding.nextInt(80);
        return List.of(padding(half), padding(half));
    }

    private Code padding(int elements) {
        StringJoiner values = new StringJoiner(", ", "{ int[] pad = {", "}; h = h * 31 + Arrays.hashCode(pad); }\n");
        for (int i = 0; i < elements; i++) {
            values.add(Integer.toString(128 + padding.nextInt(32_000)));
        }
        return Code.same("        " + values);
    }

    /**
     * A helper coroutine {@code name(int, String)} returning an int, and its twin {@code nameSync}; it ends with
     * {@code return Coroutine.completed(v)} or returns another coroutine (a tail await).
     */
    private String helper(String name) {
        instance = instanceHelpers;
        hash = "h";
        statementsLeft = 1 + random.nextInt(4);
        String a = fresh("a");
        String b = fresh("b");
        List<Var> params = new ArrayList<>();
        params.add(new Var(a, Kind.INT, false, true));
        params.add(new Var(b, Kind.STRING, false, true));
        params.add(new Var("h", Kind.LONG, false, true));
        scopes.push(params);
        Place place = Place.top(false, 1);
        StringBuilder async = new StringBuilder();
        StringBuilder sync = new StringBuilder();
        if (shapes.nextInt(4) == 0) {
            // Recursion, at most four calls deep: a falls by one a call until a multiple of 5 (or below 1).
            Code call = new Code("await(" + name + "(", name + "Sync(");
            Code recursion = Code.of("        if (", a, " % 5 > 0) h = h * 31 + ", call, a, " - 1, ", b, " + ", a,
                    new Code("));", ");"), "\n");
            async.append(recursion.async);
            sync.append(recursion.sync);
        }
        while (statementsLeft > 0) {
            statementsLeft--;
            Code s = statement(place);
            async.append(s.async);
            sync.append(s.sync);
        }
        Code ret;
        switch (random.nextInt(3)) {
            case 0 -> {
                Code v = expr(Kind.INT, 1);
                ret = new Code("return value(" + v.async + ");", "return " + v.sync + ";");
            }
            case 1 -> {
                if (!helpers.isEmpty()) {
                    String callee = helpers.get(random.nextInt(helpers.size()));
                    Code x = expr(Kind.INT, 1);
                    Code y = expr(Kind.STRING, 1);
                    ret = Code.of("return ", helperCall(callee, x, y), ";");
                    break;
                }
                Code v = underWide(() -> expr(Kind.INT, 1));
                ret = new Code("return Coroutine.completed((int) (h + " + v.async + "));", "return (int) (h + " + v.sync + ");");
            }
            default -> {
                Code v = underWide(() -> expr(Kind.INT, 1));
                ret = new Code("return Coroutine.completed((int) (h + " + v.async + "));", "return (int) (h + " + v.sync + ");");
            }
        }
        scopes.pop();
        helpers.add(name);
        String params2 = "(int " + a + ", String " + b + ")";
        String modifiers = (shapes.nextInt(3) == 0 ? "private " : "") + (instanceHelpers ? "" : "static ");
        return "    @Async\n    " + modifiers + "Coroutine<Integer> " + name + params2 + " {\n        long h = 2;\n"
                + async + "        " + ret.async + "\n    }\n\n"
                + "    " + modifiers + "int " + name + "Sync" + params2 + " {\n        long h = 2;\n" + sync
                + "        " + ret.sync + "\n    }\n\n";
    }

    /**
     * A call of helper coroutine {@code callee} (the twin's: {@code calleeSync}), the coroutine it returns not
     * awaited yet: direct, or for one call in three through a method reference ({@code this::callee} or
     * {@code Gn::callee}) to a functional interface.
     */
    private Code helperCall(String callee, Code x, Code y) {
        if (shapes.nextInt(3) != 0) {
            return Code.of(new Code(callee, callee + "Sync"), "(", x, ", ", y, ")");
        }
        String owner = instanceHelpers ? "this" : holder;
        return Code.of(new Code("((Co2) " + owner + "::" + callee, "((Fn2) " + owner + "::" + callee + "Sync"),
                ").apply(", x, ", ", y, ")");
    }

    // ---- statements ----

    private Code statement(Place place) {
        String indent = "    ".repeat(place.depth + 2);
        for (;;) {
            Code s = statementOrNull(place);
            if (s != null) {
                return Code.of(indent, s, "\n");
            }
        }
    }

    /** One statement, or null when the kind drawn does not fit here. */
    private Code statementOrNull(Place place) {
        boolean canNest = place.depth < MAX_NESTING;
        switch (random.nextInt(22)) {
            case 0, 1, 2:
                return declaration();
            case 3, 4:
                return assignment();
            case 5:
                return increment();
            case 6, 7:
                return hash == null ? null : Code.of(hash, " = ", hash, " * 31 + ", underWide(this::hashOf), ";");
            case 8:
                return arrayDeclaration();
            case 9:
                return arrayStore();
            case 10:
                return canNest ? ifElse(place) : null;
            case 11, 12:
                return canNest ? loop(place) : null;
            case 13, 14:
                return canNest ? tryStatement(place) : null;
            case 15:
                return canNest ? switchStatement(place) : null;
            case 16:
                return jump(place);
            case 17:
                return Code.of("if (", expr(Kind.BOOL, 1), ") ", raise(), ";");
            case 18:
                return instance ? Code.of("this.f += ", expr(Kind.INT, 1), ";") : null;
            case 19:
                return canNest ? tryWithResources(place) : null;
            case 20:
                return canNest ? synchronizedBlock(place) : null;
            default: {
                Code init = rawAwaitOrExpr(Kind.INT);
                return Code.of(fresh("int", Kind.INT), " = ", init, ";");
            }
        }
    }

    /** {@code int v = await(value(e));} with the await's box unboxed by the declaration, or any expression. */
    private Code rawAwaitOrExpr(Kind kind) {
        Code e = expr(kind, 1);
        return random.nextBoolean() && underMonitor == 0 ? new Code("await(value(" + e.async + "))", e.sync) : e;
    }

    private Code declaration() {
        Kind kind = VALUE_KINDS[random.nextInt(VALUE_KINDS.length)];
        Code init = expr(kind, 0);
        return Code.of(fresh(kind.java, kind), " = ", init, ";");
    }

    /** Declares {@code type vN} in the current scope; returns {@code "type vN"}. */
    private String fresh(String type, Kind kind) {
        String name = fresh("v");
        scopes.peek().add(new Var(name, kind, false, true));
        return type + " " + name;
    }

    private String fresh(String prefix) {
        return prefix + names++;
    }

    private Code assignment() {
        Var v = visible(null, false, true);
        if (v == null) {
            return null;
        }
        Code value = expr(v.kind, 0);
        if (v.kind == Kind.STRING) {
            return Code.of(v.name, " = Support.cap(", value, ");");
        }
        if (v.kind == Kind.BOOL) {
            return Code.of(v.name, " ", List.of("=", "&=", "|=", "^=").get(random.nextInt(4)), " ", value, ";");
        }
        if (random.nextBoolean()) {
            return Code.of(v.name, " = ", value, ";");
        }
        return Code.of(v.name, " += ", isWide(v.kind) ? underWide(() -> expr(v.kind, 0)) : value, ";");
    }

    /** {@code v++}, {@code v -= 3}: for an int local, an IINC, a read of the local nothing else may follow. */
    private Code increment() {
        Var v = visible(Kind.INT, false, true);
        if (v == null) {
            return null;
        }
        return switch (random.nextInt(3)) {
            case 0 -> Code.same(v.name + "++;");
            case 1 -> Code.same("--" + v.name + ";");
            default -> Code.same(v.name + " -= " + (random.nextInt(5) + 1) + ";");
        };
    }

    private Code hashOf() {
        return switch (random.nextInt(6)) {
            case 0 -> Code.of("(", expr(Kind.LONG, 1), ")");
            case 1 -> Code.of("(", expr(Kind.STRING, 1), ").hashCode()");
            case 2 -> Code.of("Double.hashCode(", expr(Kind.DOUBLE, 1), ")");
            case 3 -> Code.of("(", expr(Kind.BOOL, 1), " ? 1 : 2)");
            case 4 -> Code.of("Float.hashCode(", expr(Kind.FLOAT, 1), ")");
            default -> Code.of("(", expr(INTEGRAL_KINDS[random.nextInt(INTEGRAL_KINDS.length)], 1), ")");
        };
    }

    private Code arrayDeclaration() {
        Kind kind = VALUE_KINDS[random.nextInt(VALUE_KINDS.length)];
        String name = fresh("a");
        List<Object> parts = new ArrayList<>(List.of(kind.java, "[] ", name, " = {"));
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            parts.add(i == 0 ? "" : ", ");
            parts.add(expr(kind, 1));
        }
        parts.add("};");
        Code declaration = Code.of(parts.toArray());
        scopes.peek().add(new Var(name, kind, true, false));
        return declaration;
    }

    /** {@code a[i] = e}, {@code a[i] += e}: the array and the index wait on the stack below the await. */
    private Code arrayStore() {
        Var a = visible(null, true, false);
        if (a == null) {
            return null;
        }
        Code element = Code.of(a.name, "[", index(a), "]");
        if (a.kind == Kind.INT && random.nextInt(4) == 0) {
            return Code.of(element, "++;");
        }
        if (a.kind == Kind.STRING) {
            return Code.of(element, " = Support.cap(", expr(a.kind, 1), ");");
        }
        if (a.kind == Kind.BOOL) {
            return Code.of(element, random.nextBoolean() ? " = " : " ^= ", expr(a.kind, 1), ";");
        }
        if (random.nextBoolean()) {
            return Code.of(element, " = ", expr(a.kind, 1), ";");
        }
        return Code.of(element, " += ", isWide(a.kind) ? underWide(() -> expr(a.kind, 1)) : expr(a.kind, 1), ";");
    }

    /** {@code a[i]} for an array {@code a} of {@code kind} in scope, or null when there is none. */
    private Code element(Kind kind) {
        Var a = visible(kind, true, false);
        return a == null ? null : Code.of(a.name, "[", index(a), "]");
    }

    /** An index into {@code a}: in range, or (rarely) raw, which may throw ArrayIndexOutOfBoundsException. */
    private Code index(Var a) {
        Code i = expr(Kind.INT, 2);
        return random.nextInt(8) == 0 ? i : Code.of("Math.floorMod(", i, ", ", a.name, ".length)");
    }

    private Code ifElse(Place place) {
        Code condition = expr(Kind.BOOL, 1);
        Code then = block(place.nested(), 3);
        if (random.nextBoolean()) {
            return Code.of("if (", condition, ") ", then);
        }
        return Code.of("if (", condition, ") ", then, " else ", block(place.nested(), 3));
    }

    /** A block of statements in a scope of its own. */
    private Code block(Place place, int maxStatements) {
        scopes.push(new ArrayList<>());
        List<Object> parts = new ArrayList<>(List.of("{\n"));
        int count = 1 + random.nextInt(maxStatements);
        for (int i = 0; i < count && statementsLeft > 0; i++) {
            statementsLeft--;
            parts.add(statement(place));
        }
        parts.add("    ".repeat(place.depth + 1) + "}");
        scopes.pop();
        return Code.of(parts.toArray());
    }

    /** A loop with a constant bound its body cannot change: for, while, do-while or for-each over an array. */
    private Code loop(Place place) {
        String counter = fresh("i");
        int bound = random.nextInt(4);
        String label = random.nextInt(3) == 0 ? fresh("L") : null;
        String labeled = label == null ? "" : label + ": ";
        Place body = place.loop(label);
        scopes.push(new ArrayList<>(List.of(new Var(counter, Kind.INT, false, false))));
        Code loop;
        switch (random.nextInt(4)) {
            case 0 -> loop = Code.of(labeled, "for (int ", counter, " = 0; ", counter, " < ", bound, andMaybe(), "; ",
                    counter, "++) ", block(body, 3));
            case 1 -> loop = Code.of("int ", counter, " = 0; ", labeled, "while (", counter, "++ < ", bound, andMaybe(),
                    ") ", block(body, 3));
            case 2 -> loop = Code.of("int ", counter, " = 0; ", labeled, "do ", block(body, 3), " while (++", counter,
                    " < ", bound, andMaybe(), ");");
            default -> {
                scopes.pop();
                Var array = visible(null, true, false);
                if (array == null) {
                    return null;
                }
                scopes.push(new ArrayList<>(List.of(new Var(counter, array.kind, false, false))));
                loop = Code.of(labeled, "for (", array.kind.java, " ", counter, " : ", array.name, ") ", block(body, 3));
            }
        }
        scopes.pop();
        // the counter of a while or do-while loop stays declared after the loop; wrap it in a block of its own
        return Code.of("{ ", loop, " }");
    }

    /** Nothing, or {@code && e}: a loop condition that may await, after the bound that ends the loop. */
    private Code andMaybe() {
        return random.nextInt(3) == 0 ? Code.of(" && ", expr(Kind.BOOL, 1)) : Code.same("");
    }

    private Code tryStatement(Place place) {
        List<Object> parts = new ArrayList<>(List.of("try ", block(place.nested(), 4)));
        boolean caught = false;
        if (random.nextBoolean()) {
            parts.add(handler("IllegalStateException", place));
            caught = true;
        }
        if (random.nextInt(3) == 0) {
            parts.add(handler("ArithmeticException | ArrayIndexOutOfBoundsException", place));
            caught = true;
        }
        if (random.nextInt(3) == 0) {
            parts.add(handler("RuntimeException", place));
            caught = true;
        }
        if (!caught || random.nextBoolean()) {
            parts.add(" finally ");
            parts.add(block(place.closed(), 3));
        }
        return Code.of(parts.toArray());
    }

    /** A catch block that first records the message it caught. */
    private Code handler(String types, Place place) {
        String e = fresh("e");
        scopes.push(new ArrayList<>());
        String message = fresh("String", Kind.STRING);
        Code body = block(place.nested(), 3);
        scopes.pop();
        return Code.of(" catch (", types, " ", e, ") { ", message, " = ", e, ".getMessage(); ", body, " }");
    }

    /**
     * {@code try (Support.Res r = new Support.Res(e)) { ... }}: the resource is made from an expression that may
     * await, closed on every way out of the block (its close fails for some values), and sometimes caught.
     */
    private Code tryWithResources(Place place) {
        String resource = fresh("r");
        Code init = expr(Kind.INT, 1);
        scopes.push(new ArrayList<>());
        String use = hash == null ? "" : hash + " = " + hash + " * 31 + " + resource + ".value(); ";
        Code body = block(place.nested(), 3);
        scopes.pop();
        List<Object> parts = new ArrayList<>(List.of("try (Support.Res ", resource, " = new Support.Res(", init, ")) { ",
                use, body, " }"));
        if (random.nextBoolean()) {
            parts.add(handler("IllegalStateException", place));
        }
        return Code.of(parts.toArray());
    }

    /**
     * {@code synchronized (lock) { ... }} around code that awaits nothing (an await there is refused), with its
     * jumps out and exceptions through the monitor's release.
     */
    private Code synchronizedBlock(Place place) {
        underMonitor++;
        try {
            return Code.of("synchronized (", instance ? "this" : "Support.LOCK", ") ", block(place.nested(), 3));
        } finally {
            underMonitor--;
        }
    }

    private Code switchStatement(Place place) {
        Place inside = place.switchBlock();
        switch (random.nextInt(3)) {
            case 0 -> {
                // old style: fall-through from case 0 into case 1
                return Code.of("switch (", expr(Kind.INT, 1), " % 4) { case 0: ", block(inside, 2), " case 1: ",
                        block(inside, 2), " break; case -1: case 2: ", block(inside, 2), " break; default: ",
                        block(inside, 2), " }");
            }
            case 1 -> {
                return Code.of("switch (", expr(Kind.INT, 1), " % 3) { case 0 -> ", block(inside, 2), " case 1, -1 -> ",
                        block(inside, 2), " default -> ", block(inside, 2), " }");
            }
            default -> {
                return Code.of("switch (", expr(Kind.STRING, 1), ") { case \"a\" -> ", block(inside, 2),
                        " case \"ab\", \"b\" -> ", block(inside, 2), " default -> ", block(inside, 2), " }");
            }
        }
    }

    /** A conditional break, continue (to the innermost or a labeled loop) or early return, where legal. */
    private Code jump(Place place) {
        List<String> legal = new ArrayList<>();
        if (place.canBreak) {
            legal.add("break;");
        }
        if (place.canContinue) {
            legal.add("continue;");
        }
        if (place.canReturn) {
            legal.add("return");
        }
        for (String label : place.loopLabels) {
            legal.add("break " + label + ";");
            legal.add("continue " + label + ";");
        }
        if (legal.isEmpty()) {
            return null;
        }
        String jump = legal.get(random.nextInt(legal.size()));
        // a constant condition makes javac write a dead copy of an enclosing finally block
        Code condition = random.nextInt(4) == 0 ? Code.of("Support.unknown(", expr(Kind.BOOL, 1), ")") : expr(Kind.BOOL, 1);
        if (jump.equals("return")) {
            Code value = underWide(() -> expr(Kind.STRING, 1));
            return Code.of("if (", condition, ") ", new Code("return Coroutine.completed(\"early \" + h + " + value.async + ");",
                    "return \"early \" + h + " + value.sync + ";"));
        }
        return Code.of("if (", condition, ") ", jump);
    }

    /** A failure at an await: the coroutine awaits a failing coroutine, the twin throws the same exception. */
    private Code raise() {
        String message = "\"" + fresh("m") + "\"";
        String twin = "Support.raise(" + message + ")";
        return new Code(underMonitor > 0 ? twin : "await(Arrivals.failure(new IllegalStateException(" + message + ")))",
                twin);
    }

    // ---- expressions ----

    /** An expression of {@code kind}; deeper ones are more often leaves. */
    private Code expr(Kind kind, int depth) {
        if (depth >= MAX_EXPRESSION_DEPTH || random.nextInt(3) < Math.min(depth, 2)) {
            return leaf(kind);
        }
        for (;;) {
            Code e = switch (kind) {
                case INT -> intExpr(depth + 1);
                case LONG -> longExpr(depth + 1);
                case DOUBLE -> doubleExpr(depth + 1);
                case STRING -> stringExpr(depth + 1);
                case BOOL -> boolExpr(depth + 1);
                case FLOAT -> floatExpr(depth + 1);
                case BYTE, SHORT, CHAR -> smallExpr(kind, depth + 1);
            };
            if (e != null) {
                return e;
            }
        }
    }

    private Code leaf(Kind kind) {
        Var v = random.nextInt(3) == 0 ? null : visible(kind, false, false);
        if (v != null) {
            return Code.same(v.name);
        }
        return Code.same(switch (kind) {
            case INT -> literal(random.nextInt(41) - 10, "");
            case LONG -> literal(random.nextInt(2001) - 1000, "L");
            case DOUBLE -> literal(random.nextInt(40) - 20, ".5");
            case STRING -> "\"" + STRINGS[random.nextInt(STRINGS.length)] + "\"";
            case BOOL -> random.nextBoolean() ? "true" : "false";
            case FLOAT -> literal(random.nextInt(40) - 20, ".5f");
            case BYTE -> "((byte) " + (random.nextInt(256) - 128) + ")";
            case SHORT -> "((short) " + (random.nextInt(65536) - 32768) + ")";
            case CHAR -> random.nextBoolean() ? "'" + (char) ('a' + random.nextInt(26)) + "'" : "((char) " + random.nextInt(65536) + ")";
        });
    }

    private static String literal(int value, String suffix) {
        return value < 0 ? "(" + value + suffix + ")" : value + suffix;
    }

    /**
     * {@code await(value(e))}, {@code await(future(e))} or (the {@code CompletionStage} overload)
     * {@code await(CompletableFuture.completedFuture(e))}, unboxed; the twin has {@code (e)}, and so does the
     * coroutine under a monitor.
     */
    private Code await(Kind kind, int depth) {
        Code e = expr(kind, depth);
        if (underMonitor > 0) {
            return Code.of("(", e, ")");
        }
        String[] sources = {"value", "value", "future", "CompletableFuture.completedFuture"};
        String source = sources[random.nextInt(sources.length)];
        return new Code(kind.unbox("await(" + source + "(" + e.async + "))"), "(" + e.sync + ")");
    }

    private Code intExpr(int depth) {
        switch (random.nextInt(19)) {
            case 0, 1:
                return await(Kind.INT, depth);
            case 2:
                return binary(Kind.INT, depth, "+", "-", "*", "^", "&", "|");
            case 3:
                return Code.of("(", expr(Kind.INT, depth), " / (", expr(Kind.INT, depth), " | 1))");
            case 4:
                return Code.of("(", expr(Kind.INT, depth), random.nextInt(6) == 0 ? " / " : " % ", expr(Kind.INT, depth), ")");
            case 5:
                return ternary(Kind.INT, depth);
            case 6:
                return Code.of(expr(Kind.STRING, depth), ".length()");
            case 7:
                return Code.of("((int) ", expr(NUMERIC_KINDS[random.nextInt(NUMERIC_KINDS.length)], depth), ")");
            case 8:
                return element(Kind.INT);
            case 9:
                return switchExpression(Kind.INT, depth);
            case 10:
                return Code.of("new Support.Box(", expr(Kind.INT, depth), ", ", expr(Kind.STRING, depth), ", ",
                        expr(Kind.LONG, depth), ").total()");
            case 11:
                return Code.of("Support.pick(", expr(Kind.INT, depth), ", null, ", expr(Kind.INT, depth), ")");
            case 12:
                return Code.of("Support.mix(", expr(Kind.LONG, depth), ", ", underWide(() -> Code.of(
                        expr(Kind.INT, depth), ", ", expr(Kind.DOUBLE, depth))), ")");
            case 13:
                return underMonitor > 0 ? null : lambda(depth);
            case 14: {
                if (helpers.isEmpty() || underMonitor > 0) {
                    return null;
                }
                String callee = helpers.get(random.nextInt(helpers.size()));
                Code x = expr(Kind.INT, depth);
                Code y = expr(Kind.STRING, depth);
                Code call = helperCall(callee, x, y);
                return new Code(Kind.INT.unbox("await(" + call.async + ")"), call.sync);
            }
            case 15:
                return instance ? Code.same("this.f") : null;
            case 16:
                return Code.of("Support.sum(", expr(Kind.INT, depth), ", ", expr(Kind.INT, depth), ", ",
                        expr(Kind.INT, depth), ")");
            case 17:
                return Code.of("Support.small(", expr(Kind.BYTE, depth), ", ", expr(Kind.CHAR, depth), ", ",
                        expr(Kind.SHORT, depth), ", ", expr(Kind.FLOAT, depth), ")");
            default: {
                Var v = visible(Kind.INT, false, true);
                return v == null ? null : Code.same(random.nextBoolean() ? "(" + v.name + "++)" : "(--" + v.name + ")");
            }
        }
    }

    private Code longExpr(int depth) {
        switch (random.nextInt(10)) {
            case 0, 1:
                return await(Kind.LONG, depth);
            case 2:
                return binary(Kind.LONG, depth, "+", "-", "*", "^");
            case 3:
                return ternary(Kind.LONG, depth);
            case 4:
                return Code.of("((long) ", expr(Kind.INT, depth), ")");
            case 5:
                return element(Kind.LONG);
            case 6:
                return switchExpression(Kind.LONG, depth);
            case 7:
                // an int widened in one branch only
                return Code.of("(", expr(Kind.BOOL, depth), " ? ", expr(Kind.INT, depth), " : ", expr(Kind.LONG, depth), ")");
            default:
                return leaf(Kind.LONG);
        }
    }

    private Code doubleExpr(int depth) {
        switch (random.nextInt(7)) {
            case 0, 1:
                return await(Kind.DOUBLE, depth);
            case 2:
                return binary(Kind.DOUBLE, depth, "+", "-", "*", "/");
            case 3:
                return ternary(Kind.DOUBLE, depth);
            case 4:
                return Code.of("((double) ", expr(Kind.INT, depth), ")");
            case 5:
                // a float widened in one branch only
                return Code.of("(", expr(Kind.BOOL, depth), " ? ", expr(Kind.FLOAT, depth), " : ", expr(Kind.DOUBLE, depth), ")");
            default:
                return element(Kind.DOUBLE);
        }
    }

    private Code stringExpr(int depth) {
        switch (random.nextInt(10)) {
            case 0, 1:
                return await(Kind.STRING, depth);
            case 2:
                // javac evaluates a chain of concatenations onto the stack before concatenating: may be wide
                return Code.of("(", expr(Kind.STRING, depth), " + ",
                        underWide(() -> expr(VALUE_KINDS[random.nextInt(VALUE_KINDS.length)], depth)), ")");
            case 3:
                return ternary(Kind.STRING, depth);
            case 4:
                return Code.of("String.valueOf(", expr(NUMERIC_KINDS[random.nextInt(NUMERIC_KINDS.length)], depth), ")");
            case 5:
                return Code.of("Support.cap(", expr(Kind.STRING, depth), ")");
            case 6:
                return element(Kind.STRING);
            case 7:
                return switchExpression(Kind.STRING, depth);
            case 8:
                return Code.of("Support.join(", expr(Kind.STRING, depth), ", ", expr(Kind.INT, depth), ", ",
                        underWide(() -> expr(Kind.DOUBLE, depth)), ", ", expr(Kind.CHAR, depth), ")");
            default:
                return leaf(Kind.STRING);
        }
    }

    private Code floatExpr(int depth) {
        switch (random.nextInt(8)) {
            case 0, 1:
                return await(Kind.FLOAT, depth);
            case 2:
                return binary(Kind.FLOAT, depth, "+", "-", "*", "/");
            case 3:
                return ternary(Kind.FLOAT, depth);
            case 4:
                return Code.of("((float) ", expr(NUMERIC_KINDS[random.nextInt(NUMERIC_KINDS.length)], depth), ")");
            case 5:
                return element(Kind.FLOAT);
            case 6:
                return switchExpression(Kind.FLOAT, depth);
            default:
                return leaf(Kind.FLOAT);
        }
    }

    /** A byte, short or char: awaited, narrowed from an int expression (a switch expression among them), ... */
    private Code smallExpr(Kind kind, int depth) {
        String cast = "((" + kind.java + ") ";
        switch (random.nextInt(7)) {
            case 0, 1:
                return await(kind, depth);
            case 2:
                return Code.of(cast, expr(Kind.INT, depth), ")");
            case 3:
                return Code.of(cast, "(", expr(kind, depth), " + ", expr(Kind.INT, depth), "))");
            case 4:
                return ternary(kind, depth);
            case 5:
                return element(kind);
            default:
                return leaf(kind);
        }
    }

    private Code boolExpr(int depth) {
        switch (random.nextInt(11)) {
            case 0:
                return await(Kind.BOOL, depth);
            case 1:
                return Code.of("(", expr(Kind.INT, depth), random.nextBoolean() ? " < " : " == ", expr(Kind.INT, depth), ")");
            case 2:
                return Code.of("(", expr(Kind.LONG, depth), " >= ", underWide(() -> expr(Kind.LONG, depth)), ")");
            case 3:
                return Code.of("(", expr(Kind.DOUBLE, depth), " < ", underWide(() -> expr(Kind.DOUBLE, depth)), ")");
            case 4:
                return Code.of(expr(Kind.STRING, depth), ".isEmpty()");
            case 5:
                return Code.of(expr(Kind.STRING, depth), ".equals(", expr(Kind.STRING, depth), ")");
            case 6:
                return Code.of("(", expr(Kind.BOOL, depth), " && ", expr(Kind.BOOL, depth), ")");
            case 7:
                return Code.of("(", expr(Kind.BOOL, depth), " || ", expr(Kind.BOOL, depth), ")");
            case 8:
                return Code.of("(", expr(Kind.FLOAT, depth), random.nextBoolean() ? " < " : " >= ", expr(Kind.FLOAT, depth), ")");
            case 9:
                return Code.of("(", expr(Kind.CHAR, depth), " == ", expr(random.nextBoolean() ? Kind.CHAR : Kind.BYTE, depth), ")");
            default:
                return Code.of("!", expr(Kind.BOOL, depth));
        }
    }

    private Code binary(Kind kind, int depth, String... operators) {
        String op = operators[random.nextInt(operators.length)];
        Code left = expr(kind, depth);
        return Code.of("(", left, " ", op, " ", isWide(kind) ? underWide(() -> expr(kind, depth)) : expr(kind, depth), ")");
    }

    private static boolean isWide(Kind kind) {
        return kind == Kind.LONG || kind == Kind.DOUBLE;
    }

    /** Generates code evaluated with a long or double below it on the operand stack. */
    private Code underWide(java.util.function.Supplier<Code> code) {
        wideOnStack++;
        try {
            return code.get();
        } finally {
            wideOnStack--;
        }
    }

    private Code ternary(Kind kind, int depth) {
        Code otherwise = random.nextInt(6) == 0 ? raiseOf(kind) : expr(kind, depth);
        return Code.of("(", expr(Kind.BOOL, depth), " ? ", expr(kind, depth), " : ", otherwise, ")");
    }

    /** A failing await as an expression of {@code kind}. */
    private Code raiseOf(Kind kind) {
        Code raise = raise();
        String typed = kind.boxed;
        return new Code(kind.unbox(typed(raise.async, typed)), kind.unbox(typed(raise.sync, typed)));
    }

    /** Gives {@code Arrivals.failure} or {@code Support.raise} in {@code code} the type argument {@code typed}. */
    private static String typed(String code, String typed) {
        return code.replace("Arrivals.failure", "Arrivals.<" + typed + ">failure")
                .replace("Support.raise", "Support.<" + typed + ">raise");
    }

    /**
     * {@code switch (k) { case 0 -> a; case 1 -> { ...; yield b; } case 2 -> { try { ...; yield c; } catch ... }
     * default -> d; }}: javac spills the operand stack around a switch expression with a try inside.
     */
    private Code switchExpression(Kind kind, int selectorDepth) {
        int depth = selectorDepth + 1;
        Place arm = Place.top(false, MAX_NESTING);
        List<Object> parts = new ArrayList<>(List.of("(switch (", expr(Kind.INT, depth), " % 4) { case 0 -> ",
                expr(kind, depth), "; case 1 -> "));
        scopes.push(new ArrayList<>());
        parts.add(Code.of("{ ", statement(arm), " ", yielding(kind, expr(kind, depth)), " }"));
        scopes.pop();
        if (wideOnStack == 0) {
            parts.add(" case 2, -2 -> ");
            scopes.push(new ArrayList<>());
            Code tryBody = Code.of(statement(arm), " ", yielding(kind, expr(kind, depth)));
            scopes.pop();
            parts.add(Code.of("{ try { ", tryBody, " } catch (IllegalStateException ", fresh("e"), ") { ",
                    yielding(kind, expr(kind, depth)), " } }"));
        }
        parts.add(" default -> ");
        parts.add(expr(kind, depth));
        parts.add("; })");
        return Code.of(parts.toArray());
    }

    private static Code yielding(Kind kind, Code value) {
        return new Code(kind.yielding(value.async), kind.yielding(value.sync));
    }

    /**
     * A coroutine lambda called and awaited at once; the twin calls a plain lambda. Its body sees only its
     * parameter (and {@code this.f}): the enclosing locals are not effectively final.
     */
    private Code lambda(int depth) {
        Deque<List<Var>> outer = new ArrayDeque<>(scopes);
        String outerHash = hash;
        int outerWide = wideOnStack;
        wideOnStack = 0;
        scopes.clear();
        String x = fresh("x");
        scopes.push(new ArrayList<>(List.of(new Var(x, Kind.INT, false, true))));
        hash = null;
        Code body;
        if (random.nextBoolean()) {
            Code e = expr(Kind.INT, depth);
            body = new Code("Coroutine.completed(" + e.async + ")", e.sync);
        } else {
            Place inside = Place.top(false, MAX_NESTING - 1);
            Code first = statement(inside);
            Code e = expr(Kind.INT, depth);
            body = new Code("{ " + first.async + " return Coroutine.completed(" + e.async + "); }",
                    "{ " + first.sync + " return " + e.sync + "; }");
        }
        scopes.clear();
        outer.descendingIterator().forEachRemaining(scopes::push);
        hash = outerHash;
        wideOnStack = outerWide;
        Code argument = expr(Kind.INT, depth);
        return new Code(Kind.INT.unbox("await(((IntCo) " + x + " -> " + body.async + ").apply(" + argument.async + "))"),
                "((IntFn) " + x + " -> " + body.sync + ").apply(" + argument.sync + ")");
    }

    /** A random variable in scope of {@code kind} (any when null), array or not, assignable if asked; or null. */
    private Var visible(Kind kind, boolean array, boolean assignable) {
        List<Var> candidates = new ArrayList<>();
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if ((kind == null || v.kind == kind) && v.array == array && (!assignable || v.assignable)) {
                    candidates.add(v);
                }
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
