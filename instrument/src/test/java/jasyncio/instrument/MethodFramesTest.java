package jasyncio.instrument;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A method changed in place (an await the method cannot suspend at, replaced by a call that throws why) keeps
 * javac's stack map frames: computing them again would merge the classes its branches join, which the hierarchy
 * may not be able to read, for a method whose control flow did not change.
 */
class MethodFramesTest {
    private static final String SOURCE = """
            package demo;
            import jasyncio.*;
            import java.util.concurrent.CompletionStage;
            import static jasyncio.Asyncio.await;

            public class Joins {
                static class Left {
                }

                static class Right {
                }

                static Object pick(boolean left, CompletionStage<String> s) {
                    Object picked = left ? new Left() : new Right();
                    return await(s) + picked.getClass().getSimpleName();
                }
            }
            """;

    /** Left and Right's class files are missing: any merge of the two needs them. */
    private static final Set<String> UNREADABLE = Set.of("demo/Joins$Left", "demo/Joins$Right");

    @Test
    void aMethodChangedInPlaceKeepsItsFramesAndReadsNoClassItsBranchesJoin() throws Exception {
        CompiledSources sources = CompiledSources.compile(SOURCE);
        ClassHierarchy withoutTheJoinedClasses = new ClassHierarchy(name -> UNREADABLE.contains(name) ? null
                : sources.classes.containsKey(name) ? new ByteArrayInputStream(sources.classes.get(name))
                : ClassLoader.getSystemResourceAsStream(name + ".class"));
        AsyncClassTransformer.Result result = sources.transform("demo/Joins", withoutTheJoinedClasses);
        assertEquals(List.of("jasyncio: demo.Joins.pick (Joins.java:"
                + CompiledSources.lineOf(SOURCE, "return await(s)") + "): " + Problems.AWAIT_NOT_ASYNC), result.problems);
        assertEquals("", sources.asmVerifierErrors(result.bytes));
        Class<?> joins = Class.forName("demo.Joins", true, sources.loader());
        CompletionStage<String> done = CompletableFuture.completedFuture("x");
        Method pick = joins.getDeclaredMethod("pick", boolean.class, CompletionStage.class);
        pick.setAccessible(true);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> pick.invoke(null, true, done));
        assertEquals(result.problems.get(0), e.getCause().getMessage());
    }
}
