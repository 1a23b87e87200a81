package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.failure;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * {@code new T(..., switch (k) { case 1 -> { try { ... } catch ... } ... })}: around a {@code try} inside a switch
 * expression javac stores the whole operand stack in locals, the pending {@code new} object included, and loads
 * it back before the constructor call. The awaits sit before the switch, inside its {@code try}, or in both.
 */
class SpilledConstructorsTest {
    record Foo(Object a, int b) {
    }

    static int ten(int k) {
        return k * 10;
    }

    @Nested
    class AnAwaitBeforeTheSwitch {
        @Async
        static Coroutine<Foo> build(int k) {
            return Coroutine.completed(new Foo(await(value(k)), switch (k) {
                case 1 -> {
                    try {
                        yield ten(k);
                    } catch (RuntimeException e) {
                        yield -1;
                    }
                }
                default -> 2;
            }));
        }

        static Foo buildSync(int k) {
            return new Foo(k, switch (k) {
                case 1 -> {
                    try {
                        yield ten(k);
                    } catch (RuntimeException e) {
                        yield -1;
                    }
                }
                default -> 2;
            });
        }

        @Test
        void buildsTheObjectInEveryArm() {
            for (int k = 0; k < 3; k++) {
                int arm = k;
                Differential.check(() -> buildSync(arm), () -> build(arm));
            }
        }
    }

    @Nested
    class AnAwaitInsideTheTry {
        @Async
        static Coroutine<Foo> build(int k, boolean fail) {
            return Coroutine.completed(new Foo("k" + k, switch (k) {
                case 1 -> {
                    try {
                        yield fail ? await(failure(new IllegalStateException("no"))) : await(future(k)) * 10;
                    } catch (RuntimeException e) {
                        yield -1;
                    }
                }
                default -> 2;
            }));
        }

        static Foo buildSync(int k, boolean fail) {
            return new Foo("k" + k, k != 1 ? 2 : fail ? -1 : k * 10);
        }

        @Test
        void buildsTheObjectWithTheAwaitedValue() {
            Differential.check(() -> buildSync(1, false), () -> build(1, false));
            Differential.check(() -> buildSync(4, false), () -> build(4, false));
        }

        @Test
        void aFailedAwaitIsCaughtInsideTheSwitch() {
            Differential.check(() -> buildSync(1, true), () -> build(1, true));
        }
    }

    @Nested
    class AwaitsEverywhere {
        @Async
        static Coroutine<List<Object>> build(int n) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new Foo(new Foo(await(value(i)), await(future(i + 1))), switch (i % 3) {
                    case 0 -> {
                        int sum = 0;
                        try {
                            for (int j = 0; j <= i; j++) {
                                sum += await(value(j));
                            }
                            yield sum;
                        } catch (IllegalStateException e) {
                            yield -sum;
                        } finally {
                            out.add("finally " + i);
                        }
                    }
                    case 1 -> {
                        try {
                            yield await(i > 3 ? failure(new IllegalStateException("late")) : value(i * 7));
                        } catch (IllegalStateException e) {
                            yield -7;
                        }
                    }
                    default -> await(future(100 + i));
                }));
            }
            return Coroutine.completed(out);
        }

        static List<Object> buildSync(int n) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int b;
                if (i % 3 == 0) {
                    int sum = 0;
                    for (int j = 0; j <= i; j++) {
                        sum += j;
                    }
                    out.add("finally " + i);
                    b = sum;
                } else if (i % 3 == 1) {
                    b = i > 3 ? -7 : i * 7;
                } else {
                    b = 100 + i;
                }
                out.add(new Foo(new Foo(i, i + 1), b));
            }
            return out;
        }

        @Test
        void nestedObjectsLoopsAndFinallyInsideTheSwitch() {
            Differential.check(() -> buildSync(8), () -> build(8));
        }
    }

    @Nested
    class ValuesShuffledAboveThePendingObject {
        @Async
        static Coroutine<Foo> build(long[] longs) {
            return Coroutine.completed(new Foo(await(value("x")), (int) (longs[0] += await(future(2L)))));
        }

        @Test
        void compoundAssignmentsInTheArguments() {
            Differential.check(() -> new Foo("x", 5), () -> build(new long[] {3}));
        }
    }
}
