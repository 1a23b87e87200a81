package jasyncio;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a coroutine, like Python's {@code async def}.
 *
 * <p>The method must return {@link Coroutine}. The jasyncio agent rewrites it into a resumable state
 * machine: calling it runs nothing and returns a coroutine; the body runs when the coroutine is awaited or
 * wrapped in a {@link Task}, and may call {@link Asyncio#await(Awaitable)} to suspend until a value is ready.
 *
 * <pre>{@code
 * @Async static Coroutine<Integer> slowAnswer() {
 *     await(sleep(1));
 *     return Coroutine.completed(42);
 * }
 * }</pre>
 *
 * <p>Rules checked when the class is loaded: the method returns {@code Coroutine}; it never awaits while
 * holding a monitor ({@code synchronized}). A lambda returning {@code Coroutine} whose body awaits is a
 * coroutine too, without the annotation (lambdas cannot carry one).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {
}
