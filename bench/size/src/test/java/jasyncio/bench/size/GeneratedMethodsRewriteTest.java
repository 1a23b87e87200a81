package jasyncio.bench.size;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every generated await-dense method of the size benchmark is rewritten: none is refused, for its size or for
 * anything else. The largest take the shared save code (a suspension per await would pass HotSpot's 8,000-byte
 * limit), where two awaits once shared a save stub that took a stack value off only one of them had
 * ("cannot analyse ... Cannot pop operand off an empty stack", 30 methods refused).
 */
class GeneratedMethodsRewriteTest {
    @Test
    void everyGeneratedMethodIsRewritten() {
        RewriteSize.Tally tally = RewriteSize.measure("generated",
                InMemoryJavac.compile(AwaitDenseSources.generate(RewriteSize.SEED)));
        assertEquals(List.of(), tally.otherRefusals);
        assertEquals(List.of(), tally.refusals);
    }
}
