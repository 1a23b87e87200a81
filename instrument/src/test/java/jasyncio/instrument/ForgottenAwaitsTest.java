package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static jasyncio.instrument.CompiledSources.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call to an {@code @Async} method whose coroutine is dropped is reported at rewrite time, without running. */
class ForgottenAwaitsTest {
    private static final String SERVICE = """
            package demo;
            import jasyncio.*;

            public class Service extends Base implements Pinging {
                @Async
                public static Coroutine<Integer> fetch() {
                    return Coroutine.completed(1);
                }

                public static Coroutine<Integer> notAsync() {
                    return Coroutine.completed(2);
                }

                public int plain() {
                    return 3;
                }
            }
            """;
    private static final String BASE = """
            package demo;
            import jasyncio.*;

            public class Base {
                @Async
                public Coroutine<Void> inherited() {
                    return Coroutine.completed();
                }
            }
            """;
    private static final String PINGING = """
            package demo;
            import jasyncio.*;

            public interface Pinging {
                @Async
                default Coroutine<Void> ping() {
                    return Coroutine.completed();
                }
            }
            """;
    private static final String CALLER = """
            package demo;
            import jasyncio.*;
            import java.util.List;
            import static jasyncio.Asyncio.await;

            public class Caller {
                @Async
                static Coroutine<Integer> local() {
                    return Coroutine.completed(4);
                }

                @Async
                Coroutine<Void> forgetsLocal() {
                    local(); // dropped local
                    return Coroutine.completed();
                }

                void plainMethodForgets(Service s) {
                    Service.fetch(); // dropped static
                    s.inherited(); // dropped inherited
                    s.ping(); // dropped default
                }

                @Async
                Coroutine<Integer> usesEveryCoroutine(List<Coroutine<Integer>> sink) {
                    Coroutine<Integer> stored = Service.fetch();
                    sink.add(local());
                    int awaited = await(Service.fetch());
                    Service.notAsync();
                    new Service().plain();
                    return Service.fetch();
                }
            }
            """;
    private static final String[] SOURCES = {SERVICE, BASE, PINGING, CALLER};

    private static List<String> warnings(CompiledSources sources, String className) {
        return sources.transform(className).warnings;
    }

    private static String where(String method, String marker) {
        return "jasyncio: demo.Caller." + method + " (Caller.java:" + lineOf(CALLER, marker) + "): calls @Async ";
    }

    @Nested
    class Reported {
        @Test
        void aDroppedCallInTheSameClassIsReportedWithClassMethodAndLine() {
            List<String> warnings = warnings(CompiledSources.compile(SOURCES), "demo/Caller");
            assertTrue(warnings.contains(where("forgetsLocal", "// dropped local") + "demo.Caller.local() and drops"
                    + " its coroutine, so it never runs (a forgotten await?). Write await(...) around the call, or"
                    + " start it with Asyncio.createTask(...) to run it on its own"), warnings.toString());
        }

        @Test
        void aPlainMethodDroppingCoroutinesOfOtherClassesIsReportedForEachCall() {
            List<String> warnings = warnings(CompiledSources.compile(SOURCES), "demo/Caller");
            List<String> inPlainMethod = warnings.stream().filter(w -> w.contains(".plainMethodForgets ")).toList();
            assertEquals(3, inPlainMethod.size(), warnings.toString());
            assertTrue(inPlainMethod.get(0).startsWith(where("plainMethodForgets", "// dropped static")
                    + "demo.Service.fetch()"), inPlainMethod.get(0));
            assertTrue(inPlainMethod.get(1).startsWith(where("plainMethodForgets", "// dropped inherited")
                    + "demo.Service.inherited()"), inPlainMethod.get(1));
            assertTrue(inPlainMethod.get(2).startsWith(where("plainMethodForgets", "// dropped default")
                    + "demo.Service.ping()"), inPlainMethod.get(2));
        }

        @Test
        void aClassWithoutCoroutinesOfItsOwnIsReportedAndLeftUnchanged() {
            CompiledSources sources = CompiledSources.compile(SERVICE, BASE, PINGING, """
                    package demo;
                    public class Launcher {
                        public static void main(String[] args) {
                            Service.fetch();
                        }
                    }
                    """);
            AsyncClassTransformer.Result result = sources.transform("demo/Launcher");
            assertNull(result.bytes);
            assertEquals(List.of(), result.problems);
            assertEquals(1, result.warnings.size(), result.warnings.toString());
            assertTrue(result.warnings.get(0).startsWith("jasyncio: demo.Launcher.main (Launcher.java:4): calls @Async"
                    + " demo.Service.fetch()"), result.warnings.get(0));
        }

        /** Another compiler may put a label or a line number between the call and its POP. */
        @Test
        void aLineNumberBetweenTheCallAndItsPopIsSkipped() {
            CompiledSources sources = CompiledSources.compile(SOURCES);
            ClassNode caller = CompiledSources.node(sources.bytes("demo/Caller"));
            MethodNode forgets = CompiledSources.method(caller, "forgetsLocal", null);
            AbstractInsnNode call = forgets.instructions.getFirst();
            while (!(call instanceof MethodInsnNode m && m.name.equals("local"))) {
                call = call.getNext();
            }
            LabelNode label = new LabelNode();
            forgets.instructions.insert(call, label);
            forgets.instructions.insert(label, new LineNumberNode(99, label));
            List<String> warnings = ForgottenAwaits.in(caller, new AsyncCallees(sources.hierarchy));
            assertTrue(warnings.stream().anyMatch(w -> w.contains(".forgetsLocal ")), warnings.toString());
        }
    }

    @Nested
    class NotReported {
        private static final String CALLEES = """
                package demo;
                import jasyncio.*;

                public class Callees extends Base {
                    public Coroutine<Void> plainCoroutine() {
                        return Coroutine.completed();
                    }

                    @Async
                    public String notACoroutine() {
                        return "";
                    }
                }
                """;

        @Test
        void aCoroutineStoredPassedOnAwaitedOrReturnedIsNotReportedNorIsADroppedNonAsyncOne() {
            List<String> warnings = warnings(CompiledSources.compile(SOURCES), "demo/Caller");
            assertTrue(warnings.stream().noneMatch(w -> w.contains(".usesEveryCoroutine ")), warnings.toString());
            assertEquals(4, warnings.size(), warnings.toString());
        }

        @Test
        void aDroppedNonAsyncCoroutineInheritedFromASuperClassIsNotReported() {
            CompiledSources sources = CompiledSources.compile(BASE, CALLEES, """
                    package demo;
                    public class Heir extends Callees {
                    }
                    """, """
                    package demo;
                    public class UsesHeir {
                        void drop(Heir h) {
                            h.plainCoroutine();
                        }
                    }
                    """);
            assertEquals(List.of(), warnings(sources, "demo/UsesHeir"));
        }

        @Test
        void aDroppedResultOfAnAsyncMethodNotReturningACoroutineIsNotReported() {
            CompiledSources sources = CompiledSources.compile(BASE, CALLEES, """
                    package demo;
                    public class UsesString {
                        void drop(Callees c) {
                            c.notACoroutine();
                        }

                        jasyncio.Coroutine<Void> keep(Callees c) { // mentions Coroutine: the class is read
                            return c.plainCoroutine();
                        }
                    }
                    """);
            assertEquals(List.of(), warnings(sources, "demo/UsesString"));
        }

        /** The callee cannot be read, so nothing says it is @Async: no warning, and no failure either. */
        @Test
        void aDroppedCoroutineOfAClassWhoseFileIsCorruptIsNotReported() {
            CompiledSources sources = CompiledSources.compile(BASE, CALLEES, """
                    package demo;
                    public class UsesCorrupt {
                        void drop(Callees c) {
                            c.plainCoroutine();
                        }
                    }
                    """);
            ClassHierarchy corrupt = new ClassHierarchy(name -> name.equals("demo/Callees")
                    ? new ByteArrayInputStream(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0})
                    : new ByteArrayInputStream(sources.bytes(name)));
            AsyncClassTransformer.Result result = sources.transform("demo/UsesCorrupt", corrupt);
            assertEquals(List.of(), result.warnings);
            assertNull(result.bytes);
        }
    }

    @Nested
    class Cost {
        @Test
        void aCalleeClassIsReadOnceAndOnlyForCallsReturningACoroutine() {
            CompiledSources sources = CompiledSources.compile(SOURCES);
            List<String> reads = new ArrayList<>();
            ClassHierarchy counting = new ClassHierarchy(name -> {
                reads.add(name);
                byte[] bytes = sources.classes.get(name);
                return bytes == null ? ClassLoader.getSystemResourceAsStream(name + ".class")
                        : new ByteArrayInputStream(bytes);
            });
            AsyncClassTransformer transformer = new AsyncClassTransformer(counting);
            transformer.transform(sources.bytes("demo/Caller"));
            transformer.transform(sources.bytes("demo/Caller"));
            assertEquals(1, reads.stream().filter("demo/Service"::equals).count(), reads.toString());
            List<String> plainOnly = new ArrayList<>();
            new AsyncClassTransformer(new ClassHierarchy(name -> {
                plainOnly.add(name);
                return null;
            })).transform(CompiledSources.compile(SERVICE, BASE, PINGING, """
                    package demo;
                    public class PlainUser {
                        int use(Service s) {
                            return s.plain() + s.plain();
                        }
                        jasyncio.Coroutine<Integer> keep() {
                            return Service.fetch();
                        }
                    }
                    """).bytes("demo/PlainUser"));
            assertEquals(List.of(), plainOnly);
        }
    }
}
