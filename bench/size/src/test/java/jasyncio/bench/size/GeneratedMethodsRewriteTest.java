package jasyncio.bench.size;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every generated await-dense method of the size benchmark is rewritten: none is refused, for its size or for
 * anything else. The largest take the shared save code (a suspension per await would pass HotSpot's 8,000-byte
 * limit), where two awaits once shared a save stub that took a stack value off only one of them had
 * ("cannot analyse ... Cannot pop operand off an empty stack", 30 methods refused). And none of them under 5,000
 * bytes passes that limit once rewritten: {@code gen/Dense7.m2} (4,890 B) became 8,194 B before the awaits that
 * need the same stub shared it and the resumes pushed the marker kept in a local (7,997 B).
 */
class GeneratedMethodsRewriteTest {
    private static final RewriteSize.Tally GENERATED = RewriteSize.measure("generated",
            InMemoryJavac.compile(AwaitDenseSources.generate(RewriteSize.SEED)));

    @Test
    void everyGeneratedMethodIsRewritten() {
        assertEquals(List.of(), GENERATED.otherRefusals);
        assertEquals(List.of(), GENERATED.refusals);
    }

    @Test
    void noMethodUnder5000BytesPassesTheJitLimit() {
        assertEquals(List.of(), GENERATED.pastLimit);
    }
}
