package jasyncio.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A JUnit test whose body awaits: a {@code void} method, as JUnit requires, that the agent (or the build plugin's
 * {@code rewrite-tests} goal) turns into a coroutine run as a task on a fresh event loop made for this test, on
 * virtual time unless {@link TestLoop#realTime()}. {@code @BeforeEach}, {@code @AfterEach},
 * {@code @ParameterizedTest} and {@code @RepeatedTest} methods that await are marked {@code @Async} instead, and
 * run on the same loop; their class needs the extension ({@link TestLoop} or
 * {@code @ExtendWith(AsyncTestExtension.class)}) unless one of its tests is an {@code @AsyncTest}.
 *
 * <pre>{@code
 * @AsyncTest
 * void anHourPassesAtOnce() {
 *     await(sleep(3600));
 *     assertEquals(3600, getRunningLoop().time());
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@ExtendWith(AsyncTestExtension.class)
public @interface AsyncTest {
}
