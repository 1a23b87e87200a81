package jasyncio.bench.size;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's methods on the path of one suspend-and-resume round trip stay small enough for HotSpot's C2 to
 * inline them into the loop's compiled iteration: a method longer than {@code FreqInlineSize} (325 bytes of
 * bytecode) is not inlined even when hot ("hot method too big" in {@code -XX:+PrintInlining}).
 * {@code EventLoop.runOnce} grew to 331 bytes with the flight recorder's probes and the test clock, and
 * {@code runForever} stopped inlining it. Byte counts, not timings: this fails the same on any machine.
 */
class HotPathInliningTest {
    /** HotSpot's {@code -XX:FreqInlineSize} default on x86_64 and aarch64. */
    private static final int FREQ_INLINE_SIZE = 325;

    /** The round trip's methods, by class: each runs once or more per step of a task. */
    private static final Map<String, List<String>> HOT = Map.of(
            "jasyncio/EventLoop", List.of("runOnce()V", "run(Ljava/lang/Object;Z)V", "runReady(Ljava/lang/Object;)V"),
            "jasyncio/Task", List.of("step()V", "run(Ljasyncio/internal/Frame;)V"),
            "jasyncio/internal/Frame", List.of("resume()Ljava/lang/Object;"));

    @Test
    void theRoundTripsMethodsAreShortEnoughToInlineWhenHot() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Map.Entry<String, List<String>> owner : HOT.entrySet()) {
            Map<String, Integer> sizes = CodeSizes.of(classFile(owner.getKey()));
            for (String method : owner.getValue()) {
                Integer size = sizes.get(method);
                assertNotNull(size, owner.getKey() + "." + method + " is gone: update HOT to the methods of the path");
                if (size > FREQ_INLINE_SIZE) {
                    tooLong.add(owner.getKey() + "." + method + ": " + size + " bytes");
                }
            }
        }
        assertTrue(tooLong.isEmpty(), "longer than HotSpot's FreqInlineSize (" + FREQ_INLINE_SIZE + " bytes), so not"
                + " inlined into the loop when hot; move rarely taken parts into methods of their own: " + tooLong);
    }

    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = HotPathInliningTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            assertNotNull(in, internalName + " is not on the class path");
            return in.readAllBytes();
        }
    }
}
