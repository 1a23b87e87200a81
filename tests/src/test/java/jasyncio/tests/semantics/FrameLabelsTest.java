package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.internal.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A rewritten body jumps on its frame's label without checking it (the check would cost its bytes in every resume
 * method): {@code Frame.resume} refuses a label that is no await site of the method, naming the method, before
 * the body runs.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameLabelsTest {
    private int bodyRuns;

    @Async
    static Coroutine<Integer> later(int value) {
        await(sleep(0));
        return Coroutine.completed(value);
    }

    @Async
    Coroutine<Integer> twoAwaits() {
        bodyRuns++;
        int a = await(later(1));
        return Coroutine.completed(a + await(later(2)));
    }

    private IllegalStateException resumedAt(int label) {
        Coroutine<Integer> coroutine = twoAwaits();
        ((Frame<?>) coroutine).label = label;
        return assertThrows(IllegalStateException.class, () -> run(coroutine));
    }

    @Test
    void aLabelPastTheLastAwaitSiteIsRefusedBeforeTheBodyRuns() {
        IllegalStateException e = resumedAt(3);
        assertTrue(e.getMessage().contains("FrameLabelsTest.twoAwaits()"), e.getMessage());
        assertTrue(e.getMessage().contains("resumed at label 3, which is no await site of it"), e.getMessage());
        assertEquals(0, bodyRuns);
    }

    @Test
    void theLabelOfAFinishedFrameIsRefused() {
        IllegalStateException e = resumedAt(Frame.DONE);
        assertTrue(e.getMessage().contains("that of a finished frame"), e.getMessage());
        assertEquals(0, bodyRuns);
    }

    /** The await sites are found by one unsigned comparison: a negative label must not pass it as a large one. */
    @Test
    void aNegativeLabelThatIsNeitherTailNorDoneIsRefused() {
        for (int label : new int[] {-3, Integer.MIN_VALUE}) {
            IllegalStateException e = resumedAt(label);
            assertTrue(e.getMessage().contains("resumed at label " + label + ", which is no await site of it"),
                    e.getMessage());
        }
        assertEquals(0, bodyRuns);
    }

    @Async
    static Coroutine<Boolean> wrapsABareYield() {
        Task<Void> wrapper = createTask(sleep(0));
        await(wrapper);
        return Coroutine.completed(wrapper.done());
    }

    /**
     * A task of a coroutine that is no frame runs a wrapper frame, whose method has no await site (no lines): at its
     * tail label it takes the result, never runs its body again (it did, forever, when "no lines" read as -1 sites).
     */
    @Test
    void aWrapperFrameHasNoAwaitSiteAndFinishesAtItsTail() {
        assertTrue(run(wrapsABareYield()));
    }

    @Test
    void theLastAwaitSiteIsALabelOfTheMethod() {
        assertEquals(3, run(twoAwaits()));
    }
}
