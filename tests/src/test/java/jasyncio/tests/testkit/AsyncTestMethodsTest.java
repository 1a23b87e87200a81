package jasyncio.tests.testkit;

import jasyncio.Async;
import jasyncio.EventLoop;
import jasyncio.test.AsyncTest;
import jasyncio.test.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test methods that await, written void as JUnit requires: the agent splits each into a coroutine and the method
 * JUnit calls, which hands the coroutine to the extension; every kind of JUnit method runs on the test's loop.
 */
@TestLoop
class AsyncTestMethodsTest {
    /** The loops earlier tests of this class ran on (JUnit makes one instance per test). */
    private static final List<EventLoop> EARLIER_LOOPS = new ArrayList<>();
    private EventLoop beforeEachLoop;
    private final List<String> steps = new ArrayList<>();

    @BeforeEach
    @Async
    void setUp() {
        await(sleep(1));
        beforeEachLoop = getRunningLoop();
        steps.add("before");
    }

    @AfterEach
    @Async
    void tearDown() {
        await(sleep(0));
        assertSame(beforeEachLoop, getRunningLoop());
        EARLIER_LOOPS.add(beforeEachLoop);
    }

    @Nested
    class AsyncTestMethods {
        @AsyncTest
        void runAsATaskOnTheLoopOfTheirTest() {
            await(sleep(0));
            assertNotNull(currentTask());
            assertSame(beforeEachLoop, getRunningLoop());
            assertEquals(List.of("before"), steps);
        }

        @AsyncTest
        void getAFreshLoopEachTest() {
            await(sleep(0));
            for (EventLoop earlier : EARLIER_LOOPS) {
                assertNotSame(earlier, getRunningLoop());
                assertTrue(earlier.isClosed());
            }
        }

        @AsyncTest
        void keepJUnitsParameters(TestInfo info) {
            await(sleep(0));
            assertEquals("keepJUnitsParameters(TestInfo)", info.getDisplayName());
        }

        @AsyncTest
        void returnEarly() {
            await(sleep(0));
            if (!steps.isEmpty()) {
                return;
            }
            throw new AssertionError("unreachable: setUp added a step");
        }
    }

    @Nested
    class ParameterizedAndRepeatedTests {
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        @Async
        void receiveTheirArguments(int seconds) {
            await(sleep(seconds));
            assertEquals(1 + seconds, getRunningLoop().time());
        }

        @RepeatedTest(2)
        @Async
        void runEachRepetitionOnTheTestsLoop() {
            await(sleep(0));
            assertSame(beforeEachLoop, getRunningLoop());
        }
    }

    @Nested
    class NestedClasses {
        @Nested
        class TwoLevelsDown {
            @AsyncTest
            void runTheOuterBeforeEachOnTheSameLoop() {
                await(sleep(0));
                assertSame(beforeEachLoop, getRunningLoop());
            }
        }
    }
}
