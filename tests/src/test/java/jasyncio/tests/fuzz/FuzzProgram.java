package jasyncio.tests.fuzz;

import jasyncio.Coroutine;

/** What every generated class implements: a fresh call of its {@code @Async} method, and of its synchronous twin. */
public interface FuzzProgram {
    Coroutine<String> coroutine();

    String twin();
}
