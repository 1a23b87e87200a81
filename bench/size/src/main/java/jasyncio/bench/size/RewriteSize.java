package jasyncio.bench.size;

import jasyncio.bench.common.Bench;
import jasyncio.instrument.AsyncClassTransformer;
import jasyncio.instrument.ClassHierarchy;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How much bytecode the rewrite adds, over the construct corpus (class directories given as arguments) and
 * generated await-dense methods ({@link AwaitDenseSources}). Each rewritten method counts as its entry plus its
 * resume method against javac's method; the methods the rewrite adds besides (save helpers) count too. Reports,
 * per corpus and in all: the size ratio, the largest resume method, how many methods under 5,000 bytes grew past
 * HotSpot's 8,000-byte JIT limit, and refusals: for size, and for any other reason (left out of the sums).
 *
 * <pre>java -cp bench/size/target/benchmarks.jar jasyncio.bench.size.RewriteSize [--methods] [--seeds=FROM-TO] DIR...</pre>
 */
public final class RewriteSize {
    /** HotSpot never compiles a method longer than this (HugeMethodLimit, with DontCompileHugeMethods on). */
    static final int JIT_LIMIT = 8000;
    /** Methods below this size must stay under {@link #JIT_LIMIT} once rewritten (issue 11). */
    static final int SMALL_METHOD = 5000;
    static final long SEED = 11;
    /** {@code --methods}: a line per rewritten method. */
    private static boolean verbose;

    /** Sizes summed over one corpus. */
    static final class Tally {
        final String name;
        long before;
        long after;
        int methods;
        int awaits;
        int largestAfter;
        int largestBefore;
        String largestName = "-";
        final List<String> pastLimit = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();
        final List<String> otherRefusals = new ArrayList<>();
        /** Classes a build plugin or an earlier run rewrote already: nothing of javac's left to measure. */
        int alreadyRewritten;

        Tally(String name) {
            this.name = name;
        }

        /**
         * One rewritten method: {@code resume} counts its tails' entries and resume methods too, where it was cut in
         * two; {@code longest} is its longest resume method (what HotSpot compiles or not).
         */
        void add(String method, int original, int awaitCalls, int entry, int resume, int longest) {
            if (verbose) {
                System.out.printf(Locale.ROOT, "  %-60s %6d B -> %6d + %6d B  x%.2f%s%n", method, original, entry, resume,
                        (double) (entry + resume) / original, longest < resume ? "  (cut, longest " + longest + ")" : "");
            }
            methods++;
            awaits += awaitCalls;
            before += original;
            after += entry + resume;
            if (longest > largestAfter) {
                largestAfter = longest;
                largestBefore = original;
                largestName = method;
            }
            if (original < SMALL_METHOD && longest > JIT_LIMIT) {
                pastLimit.add(method + " " + original + " -> " + longest);
            }
        }

        void addAll(Tally other) {
            methods += other.methods;
            awaits += other.awaits;
            before += other.before;
            after += other.after;
            if (other.largestAfter > largestAfter) {
                largestAfter = other.largestAfter;
                largestBefore = other.largestBefore;
                largestName = other.largestName;
            }
            pastLimit.addAll(other.pastLimit);
            refusals.addAll(other.refusals);
            otherRefusals.addAll(other.otherRefusals);
            alreadyRewritten += other.alreadyRewritten;
        }

        double ratio() {
            return before == 0 ? 0 : (double) after / before;
        }
    }

    private RewriteSize() {
    }

    public static void main(String[] args) throws IOException {
        Bench bench = Bench.fromArgs(args, "jasyncio");
        verbose = List.of(args).contains("--methods");
        List<Tally> tallies = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                tallies.add(measure(Path.of(arg).getFileName().toString(), classesUnder(Path.of(arg))));
            }
        }
        tallies.add(generated(args));
        Tally all = new Tally("all");
        for (Tally t : tallies) {
            print(t);
            all.addAll(t);
        }
        print(all);
        all.pastLimit.forEach(m -> System.out.println("  past the JIT limit: " + m));
        all.refusals.forEach(m -> System.out.println("  refused: " + m));
        all.otherRefusals.forEach(m -> System.out.println("  refused, not for size: " + m));
        bench.report("10.size-ratio", all.ratio(), "x");
        for (Tally t : tallies) {
            bench.report("10.size-ratio-" + t.name, t.ratio(), "x");
        }
        bench.report("10.largest-method", all.largestAfter, "B");
        bench.report("10.largest-method-before", all.largestBefore, "B");
        bench.report("10.past-jit-limit", all.pastLimit.size(), "methods");
        bench.report("10.size-refusals", all.refusals.size(), "methods");
        bench.report("10.other-refusals", all.otherRefusals.size(), "methods");
    }

    /**
     * The generated methods of {@link #SEED}, or of every seed of {@code --seeds=FROM-TO} (both included): the
     * benchmark's corpus is one seed, and a range shows what it does not, such as the rare method under 5,000
     * bytes that passes the JIT limit (docs/rewrite-size.md).
     */
    private static Tally generated(String[] args) {
        long from = SEED;
        long to = SEED;
        for (String arg : args) {
            if (arg.startsWith("--seeds=")) {
                String[] range = arg.substring("--seeds=".length()).split("-");
                from = Long.parseLong(range[0]);
                to = Long.parseLong(range[range.length - 1]);
            }
        }
        Tally generated = new Tally("generated");
        for (long seed = from; seed <= to; seed++) {
            Tally one = measure("generated", InMemoryJavac.compile(AwaitDenseSources.generate(seed)));
            if (from != to) { // the same class and method names in every seed
                String prefix = "seed " + seed + ": ";
                one.pastLimit.replaceAll(m -> prefix + m);
            }
            generated.addAll(one);
        }
        return generated;
    }

    private static void print(Tally t) {
        System.out.printf(Locale.ROOT, "%-10s %4d methods %5d awaits (one per %.0f B) %8d B -> %8d B  x%.2f"
                        + "  largest resume %d B (from %d B, %s)%n", t.name, t.methods, t.awaits,
                (double) t.before / Math.max(1, t.awaits), t.before, t.after, t.ratio(), t.largestAfter,
                t.largestBefore, t.largestName);
        if (t.alreadyRewritten > 0) {
            System.out.printf(Locale.ROOT, "  not measured: %d classes of %s rewritten already (a build plugin's"
                    + " output?): give the classes as javac writes them%n", t.alreadyRewritten, t.name);
        }
    }

    private static Map<String, byte[]> classesUnder(Path dir) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                byte[] bytes = Files.readAllBytes(file);
                classes.put(new ClassReader(bytes).getClassName(), bytes);
            }
        }
        return classes;
    }

    /** Rewrites every class of {@code classes}, reading the hierarchy from them and from the class path. */
    static Tally measure(String name, Map<String, byte[]> classes) {
        ClassHierarchy hierarchy = new ClassHierarchy(n -> classes.containsKey(n)
                ? new ByteArrayInputStream(classes.get(n))
                : ClassLoader.getSystemResourceAsStream(n + ".class"));
        AsyncClassTransformer transformer = new AsyncClassTransformer(hierarchy);
        Tally tally = new Tally(name);
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            if (AsyncClassTransformer.isRewritten(c.getValue())) {
                tally.alreadyRewritten++;
                continue;
            }
            AsyncClassTransformer.Result result = transformer.transform(c.getValue());
            for (String problem : result.problems) {
                (problem.contains("too large") ? tally.refusals : tally.otherRefusals).add(problem);
            }
            if (result.bytes != null) {
                count(c.getKey(), c.getValue(), result.bytes, tally);
            }
        }
        return tally;
    }

    /** Adds each rewritten method of a class: the entry names its resume method to the bootstrap. */
    private static void count(String className, byte[] original, byte[] rewritten, Tally tally) {
        Map<String, Integer> before = CodeSizes.of(original);
        Map<String, Integer> awaits = awaitCalls(original);
        Map<String, Integer> after = CodeSizes.of(rewritten);
        ClassNode node = new ClassNode();
        new ClassReader(rewritten).accept(node, ClassReader.SKIP_DEBUG);
        Set<String> counted = new HashSet<>(before.keySet());
        // The tails of methods cut in two (entries javac did not write), by the name of the method they come from.
        Map<String, int[]> tails = new HashMap<>();
        for (MethodNode m : node.methods) {
            Handle resume = resumeOf(m);
            if (resume != null && !before.containsKey(m.name + m.desc)) {
                int resumeSize = after.get(resume.getName() + resume.getDesc());
                int[] sizes = tails.computeIfAbsent(m.name.replaceFirst("\\$tail\\d+$", ""), k -> new int[2]);
                sizes[0] += after.get(m.name + m.desc) + resumeSize;
                sizes[1] = Math.max(sizes[1], resumeSize);
                counted.add(m.name + m.desc);
                counted.add(resume.getName() + resume.getDesc());
            }
        }
        for (MethodNode m : node.methods) {
            Handle resume = resumeOf(m);
            String entry = m.name + m.desc;
            if (resume != null && before.containsKey(entry)) {
                int resumeSize = after.get(resume.getName() + resume.getDesc());
                int[] cut = tails.remove(m.name);
                tally.add(className + "." + m.name, before.get(entry), awaits.get(entry), after.get(entry),
                        resumeSize + (cut == null ? 0 : cut[0]), Math.max(resumeSize, cut == null ? 0 : cut[1]));
                counted.add(resume.getName() + resume.getDesc());
            }
        }
        for (MethodNode m : node.methods) {
            if (!counted.contains(m.name + m.desc)) {
                tally.after += after.getOrDefault(m.name + m.desc, 0);
            }
        }
    }

    /** The {@code Asyncio.await} calls of each method of a class file as javac wrote it. */
    private static Map<String, Integer> awaitCalls(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, ClassReader.SKIP_DEBUG);
        Map<String, Integer> calls = new HashMap<>();
        for (MethodNode m : node.methods) {
            int n = 0;
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof MethodInsnNode call && call.owner.equals("jasyncio/Asyncio") && call.name.equals("await")) {
                    n++;
                }
            }
            calls.put(m.name + m.desc, n);
        }
        return calls;
    }

    private static Handle resumeOf(MethodNode entry) {
        for (AbstractInsnNode insn : entry.instructions) {
            if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals("jasyncio/internal/Bootstrap")) {
                return (Handle) indy.bsmArgs[0];
            }
        }
        return null;
    }
}
