package jasyncio.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the loop of each test runs, on a test method or class (the nearest one wins: the method's, then its class's,
 * then the enclosing classes' of a {@code @Nested} one); it also registers {@link AsyncTestExtension}. Without it,
 * a test gets the defaults below: virtual time, a 60 s timeout, every hygiene check on.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(AsyncTestExtension.class)
public @interface TestLoop {
    /**
     * The loop runs on the real clock. By default its clock is virtual: it starts at 0 and, whenever nothing is
     * ready and no real work is pending (a registered channel, executor work, an awaited stage of another thread),
     * jumps to the next timer; while real work is pending it advances with real time.
     */
    boolean realTime() default false;

    /** Seconds of real time each test (and each lifecycle method) may take before it is cancelled; 0: no limit. */
    double timeout() default 60;

    /** Tasks still pending when the test ends do not fail it (they are cancelled all the same). */
    boolean allowPendingTasks() default false;

    /**
     * A failure nobody retrieved (a task or future that failed unawaited, a callback that threw) does not fail
     * the test.
     */
    boolean allowUnretrievedFailures() default false;

    /** A coroutine created during the test and never awaited (nor wrapped in a task) does not fail the test. */
    boolean allowNeverAwaited() default false;

    /**
     * A step that holds the loop longer than this many seconds of real time fails the test; 0: not checked. Checked
     * in debug mode, which also finds coroutines never awaited: 0 turns that search off too.
     */
    double slowStep() default 2;

    /**
     * The order-dependence finder: callbacks and task steps ready in the same iteration run in a shuffled order,
     * drawn from {@link #seed()}; a failing test prints the seed to replay it with.
     */
    boolean shuffle() default false;

    /** The seed of {@link #shuffle()}; 0: a new one each run ({@code -Djasyncio.test.seed=N} replays one). */
    long seed() default 0;
}
