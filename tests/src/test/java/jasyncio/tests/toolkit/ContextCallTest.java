package jasyncio.tests.toolkit;

import jasyncio.Context;
import jasyncio.ContextVar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** {@code Context.call} enters a context for the length of the call and, when calls nest, restores the outer one. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextCallTest {
    private static final ContextVar<String> WHERE = new ContextVar<>("where", "thread");

    /** On a thread of its own, so that what this sets outside any call cannot leak into other tests. */
    private static List<String> nestsTwoCalls() throws Exception {
        Context outer = new Context();
        Context inner = new Context();
        String afterInner = outer.call(() -> {
            WHERE.set("outer");
            String seenInside = inner.call(() -> {
                WHERE.set("inner");
                return WHERE.get();
            });
            assertEquals("inner", seenInside);
            return WHERE.get();
        });
        String afterOuter = WHERE.get();
        return List.of(afterInner, afterOuter, outer.call(WHERE::get), inner.call(WHERE::get));
    }

    @Test
    void aNestedCallRestoresTheOuterContext() throws Exception {
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                seen.complete(nestsTwoCalls());
            } catch (Throwable e) {
                seen.completeExceptionally(e);
            }
        }, "context-calls");
        thread.start();
        assertEquals(List.of("outer", "thread", "outer", "inner"), seen.get(15, TimeUnit.SECONDS));
    }

    @Test
    void aCallThatThrowsStillLeavesTheContext() throws Exception {
        Context context = new Context();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                context.call(() -> {
                    WHERE.set("inside");
                    throw new IllegalStateException("thrown inside");
                });
            } catch (Exception expected) {
                seen.complete(WHERE.get() + " after " + expected.getMessage());
            }
        }, "context-throw");
        thread.start();
        assertEquals("thread after thrown inside", seen.get(15, TimeUnit.SECONDS));
    }
}
