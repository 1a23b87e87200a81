package jasyncio.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the {@code @Async} methods and coroutine lambdas of one class file. The pipeline is the numbered steps
 * of {@link #transform}, top to bottom; each method's own passes are those of {@link AsyncMethodRewriter}.
 * Every refusal is also returned as a problem line, which the agent prints once when the class loads.
 */
public final class AsyncClassTransformer {
    private static final byte[] MARKER = Names.ASYNC.getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEST_MARKER = Names.ASYNC_TEST.getBytes(StandardCharsets.UTF_8);
    private static final byte[] RETURNS_COROUTINE = (")" + Names.COROUTINE_DESC).getBytes(StandardCharsets.UTF_8);
    /** How javac names the method holding a lambda's body. */
    private static final String LAMBDA_PREFIX = "lambda$";

    /**
     * The outcome: the new class file (null when unchanged), the problems found, how many methods became
     * state machines (refused ones not counted), and the warnings: code that runs, but likely not as meant
     * (a forgotten await) or slower than meant (a method its rewrite took past HotSpot's JIT limit), which
     * neither changes nor fails the class.
     */
    public static final class Result {
        public final byte[] bytes;
        public final List<String> problems;
        public final int rewrittenMethods;
        public final List<String> warnings;

        Result(byte[] bytes, List<String> problems, int rewrittenMethods, List<String> warnings) {
            this.bytes = bytes;
            this.problems = problems;
            this.rewrittenMethods = rewrittenMethods;
            this.warnings = warnings;
        }

        Result(byte[] bytes, List<String> problems) {
            this(bytes, problems, 0, List.of());
        }
    }

    private static final Result UNCHANGED = new Result(null, Collections.emptyList());

    private final ClassHierarchy hierarchy;
    private final AsyncCallees callees;

    public AsyncClassTransformer(ClassHierarchy hierarchy) {
        this.hierarchy = hierarchy;
        this.callees = new AsyncCallees(hierarchy);
    }

    /**
     * True when the class file may contain coroutines, awaits or calls to coroutines: a byte search, no parsing.
     * It names {@code jasyncio/Async} (the annotation, or {@code Asyncio} for an await) or jasyncio-test's
     * {@code AsyncTest}, or has a descriptor returning {@code Coroutine} (a coroutine lambda, or a call whose
     * coroutine may be dropped).
     */
    public static boolean mentionsJasyncio(byte[] classFile) {
        return contains(classFile, MARKER) || contains(classFile, TEST_MARKER) || contains(classFile, RETURNS_COROUTINE);
    }

    private static boolean contains(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Rewrites {@code classFile}. Throws whatever ASM throws for a class file it cannot read (too new,
     * corrupt): the caller reports it and leaves the class alone.
     */
    public Result transform(byte[] classFile) {
        // 1. Skip, without parsing, a class file that mentions neither jasyncio's Async/Asyncio nor a method
        //    returning Coroutine.
        if (!mentionsJasyncio(classFile)) {
            return UNCHANGED;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassNode owner = new ClassNode();
        reader.accept(owner, 0);
        // 2. Skip a class already rewritten: it carries the Rewritten marker.
        if (isRewritten(owner)) {
            return UNCHANGED;
        }
        hierarchy.add(reader);
        // 3. Find the forgotten awaits in the methods as javac wrote them, before any is rewritten.
        List<String> warnings = ForgottenAwaits.in(owner, callees);
        Set<MethodNode> originalMethods = new HashSet<>(owner.methods);
        List<String> problems = new ArrayList<>();
        Set<MethodNode> changed = new LinkedHashSet<>();
        Map<MethodNode, MethodNode> entryOfResume = new HashMap<>();
        ResumeNames names = new ResumeNames(owner);
        AsyncMethodRewriter rewriter = new AsyncMethodRewriter(owner, hierarchy, names);
        // 4. For each method but bridges: an @Async method or a lambda returning Coroutine (awaiting or not: either
        //    is lazy) goes to the AsyncMethodRewriter; one it must refuse gets a body that throws the reason; an
        //    await anywhere else is replaced by a call that throws the reason. A void test method that awaits
        //    (TestMethodSplit) first leaves its body to a coroutine twin, which is rewritten the same way.
        for (MethodNode method : new ArrayList<>(owner.methods)) {
            if (isBridge(method)) {
                continue;
            }
            boolean awaits = !AwaitSites.in(method).isEmpty();
            if (TestMethodSplit.applies(method)) {
                changed.add(method);
                MethodNode coroutine = TestMethodSplit.split(owner, method);
                owner.methods.add(coroutine);
                rewriteCoroutine(owner, coroutine, awaits, rewriter, entryOfResume, problems, warnings);
            } else if (isAsync(method) || isCoroutineLambda(method)) {
                if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    continue;
                }
                changed.add(method);
                rewriteCoroutine(owner, method, awaits, rewriter, entryOfResume, problems, warnings);
            } else if (awaits) {
                changed.add(method);
                rejectAwaits(owner, method, problems);
            }
        }
        if (changed.isEmpty()) {
            return warnings.isEmpty() ? UNCHANGED : new Result(null, List.of(), 0, warnings);
        }
        List<MethodNode> added = owner.methods.stream().filter(m -> !originalMethods.contains(m)).toList();
        // 5. Give the changed and added methods stack map frames, each alone (MethodFrames), and write the class
        //    with every other method copied byte for byte (PatchedClassWriter).
        return write(reader, owner, changed, added, entryOfResume, problems, warnings);
    }

    /**
     * Rewrites {@code method} into a state machine and adds its resume method, or refuses it with the reason; a
     * rewrite that costs the method the JIT is a warning.
     */
    private static void rewriteCoroutine(ClassNode owner, MethodNode method, boolean awaits, AsyncMethodRewriter rewriter,
                                         Map<MethodNode, MethodNode> entryOfResume, List<String> problems,
                                         List<String> warnings) {
        String refusal = refusalOf(owner, method, awaits);
        if (refusal == null) {
            try {
                AsyncMethodRewriter.Rewrite rewrite = rewriter.rewrite(method);
                owner.methods.add(rewrite.resume());
                entryOfResume.put(rewrite.resume(), method);
                for (MethodNode part : rewrite.parts()) {
                    owner.methods.add(part);
                    entryOfResume.put(part, method);
                }
                if (rewrite.losesTheJit()) {
                    warnings.add(describe(owner, method, AwaitSites.firstLine(rewrite.resume().instructions),
                            String.format(Locale.ROOT, Problems.PAST_JIT_LIMIT, rewrite.originalSize(),
                                    rewrite.resumeSize(), MethodSize.JIT_LIMIT)));
                }
                return;
            } catch (RewriteException e) {
                refusal = describe(owner, method, e.line, e.getMessage());
            } catch (AnalyzerException | UnreadableTypeException e) {
                refusal = cannotAnalyse(owner, method, AwaitSites.firstLine(method.instructions), e);
            }
        }
        refuse(method, refusal, problems);
    }

    /**
     * Gives the added methods (resume methods first refused alone when they cannot be written), then the changed
     * ones, their frames, and writes the class around them.
     */
    private Result write(ClassReader reader, ClassNode owner, Set<MethodNode> changed, List<MethodNode> added,
                         Map<MethodNode, MethodNode> entryOfResume, List<String> problems, List<String> warnings) {
        List<MethodNode> framedAdded = new ArrayList<>();
        Set<MethodNode> rewritten = new HashSet<>();
        for (MethodNode method : added) {
            MethodNode framed = framedOrRefused(owner, method, entryOfResume.get(method), problems);
            if (framed != null) {
                framedAdded.add(framed);
                if (entryOfResume.containsKey(method)) {
                    rewritten.add(entryOfResume.get(method));
                }
            }
        }
        Map<String, MethodNode> replaced = new LinkedHashMap<>();
        for (MethodNode method : changed) {
            replaced.put(method.name + method.desc, MethodFrames.of(owner, method, hierarchy));
        }
        return new Result(PatchedClassWriter.write(reader, replaced, framedAdded, Names.REWRITTEN_DESC),
                problems, rewritten.size(), warnings);
    }

    /**
     * {@code method} with its frames computed; for a resume method that cannot be written (past the JVM's
     * 64 KiB code limit, or needing a class the hierarchy cannot read), null, and its entry refused alone.
     */
    private MethodNode framedOrRefused(ClassNode owner, MethodNode method, MethodNode entry, List<String> problems) {
        try {
            return MethodFrames.of(owner, method, hierarchy);
        } catch (MethodTooLargeException e) {
            if (entry == null) {
                throw e;
            }
            refuse(entry, describe(owner, entry, AwaitSites.firstLine(method.instructions),
                    String.format(Problems.TOO_LARGE, e.getCodeSize())), problems);
        } catch (UnreadableTypeException e) {
            if (entry == null) {
                throw e;
            }
            refuse(entry, cannotAnalyse(owner, entry, AwaitSites.firstLine(method.instructions), e), problems);
        }
        return null;
    }

    private static void refuse(MethodNode method, String refusal, List<String> problems) {
        problems.add(refusal);
        throwOnCall(method, refusal);
    }

    /** A type the merges need cannot be read is said as such; anything else the analyser threw, as it said it. */
    private static String cannotAnalyse(ClassNode owner, MethodNode method, int line, Exception e) {
        UnreadableTypeException unreadable = UnreadableTypeException.in(e);
        if (unreadable != null) {
            String type = unreadable.internalName.replace('/', '.');
            return describe(owner, method, line, String.format(Problems.UNREADABLE_TYPE, type, type));
        }
        return describe(owner, method, line, "the rewriter cannot analyse this method (" + e.getMessage() + ")");
    }

    static boolean isAsync(MethodNode method) {
        return hasAnnotation(method.visibleAnnotations, Names.ASYNC_DESC);
    }

    /**
     * A method javac generated to delegate to the real one (covariant return, erased generic parameter, public
     * method of a package-private super class). javac copies {@code @Async} onto it, but the coroutine is the
     * method it calls: the bridge stays as javac wrote it.
     */
    private static boolean isBridge(MethodNode method) {
        return (method.access & Opcodes.ACC_BRIDGE) != 0;
    }

    /** javac's body of a lambda whose functional interface returns {@code Coroutine}. */
    private static boolean isCoroutineLambda(MethodNode method) {
        return isLambdaBody(method) && Type.getReturnType(method.desc).getDescriptor().equals(Names.COROUTINE_DESC);
    }

    /** javac's body of a lambda. */
    private static boolean isLambdaBody(MethodNode method) {
        return (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith(LAMBDA_PREFIX);
    }

    /** Whether {@code classFile} carries the mark of a rewrite: the transformer leaves such a class as it is. */
    public static boolean isRewritten(byte[] classFile) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_CODE);
        return isRewritten(owner);
    }

    private static boolean isRewritten(ClassNode owner) {
        return hasAnnotation(owner.invisibleAnnotations, Names.REWRITTEN_DESC);
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations, String desc) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (a.desc.equals(desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Why {@code method} cannot be a coroutine at all, or null when it can. */
    private static String refusalOf(ClassNode owner, MethodNode method, boolean awaits) {
        int line = AwaitSites.firstLine(method.instructions);
        Type returnType = Type.getReturnType(method.desc);
        if (!returnType.getDescriptor().equals(Names.COROUTINE_DESC)) {
            return describe(owner, method, line, String.format(Problems.NOT_RETURNING_COROUTINE, returnType.getClassName()));
        }
        if ((owner.version & 0xFFFF) < Opcodes.V1_8) {
            return describe(owner, method, line, String.format(Problems.TOO_OLD, (owner.version & 0xFFFF) - 44));
        }
        if (awaits && (method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            return describe(owner, method, line, Problems.SYNCHRONIZED_METHOD);
        }
        return null;
    }

    /** Replaces each await of a method that cannot suspend by a call that throws why. */
    private static void rejectAwaits(ClassNode owner, MethodNode method, List<String> problems) {
        String why = method.name.equals("<init>") ? Problems.AWAIT_IN_CONSTRUCTOR
                : method.name.equals("<clinit>") ? Problems.AWAIT_IN_STATIC_INITIALIZER
                : isLambdaBody(method) ? Problems.AWAIT_IN_PLAIN_LAMBDA : Problems.AWAIT_NOT_ASYNC;
        for (MethodInsnNode call : AwaitSites.in(method)) {
            String message = describe(owner, method, AwaitSites.lineOf(call), why);
            problems.add(message);
            InsnList reject = new InsnList();
            reject.add(Emit.push(message));
            reject.add(Emit.callFrame(Names.REJECTED_AWAIT));
            method.instructions.insert(call, reject);
            method.instructions.remove(call);
        }
    }

    /** Gives {@code method} a body that throws {@code message}. */
    private static void throwOnCall(MethodNode method, String message) {
        method.instructions = Emit.throwNew(Names.ILLEGAL_STATE, message);
        method.tryCatchBlocks = new ArrayList<>();
        method.localVariables = null;
        method.maxStack = 3;
    }

    static String describe(ClassNode owner, MethodNode method, int line, String what) {
        String name = method.name.equals("<init>") ? "<init>" : method.name;
        return "jasyncio: " + Problems.describe(owner.name, name, owner.sourceFile, line, what);
    }
}
