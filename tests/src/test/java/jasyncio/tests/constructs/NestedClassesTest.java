package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/** @Async methods in inner, anonymous and local classes, reading captured locals and the outer instance. */
class NestedClassesTest {
    private String outerName = "outer";
    private int counter;

    class Inner {
        private final int factor;

        Inner(int factor) {
            this.factor = factor;
        }

        @Async
        Coroutine<String> run(int x) {
            counter += await(value(x)) * factor;
            return Coroutine.completed(outerName + ":" + await(future(counter)) + ":" + NestedClassesTest.this.counter);
        }
    }

    @Test
    void innerClassReachesTheOuterInstance() {
        Differential.check(() -> "outer:12:12", () -> new NestedClassesTest().new Inner(3).run(4));
    }

    static class StaticNested {
        @Async
        static Coroutine<Integer> twice(int x) {
            return Coroutine.completed(await(value(x)) * 2);
        }

        @Async
        Coroutine<Integer> plus(int x) {
            return Coroutine.completed(await(twice(x)) + 1);
        }
    }

    @Test
    void staticNestedClass() {
        Differential.check(() -> 15, () -> new StaticNested().plus(7));
    }

    interface Op {
        Coroutine<Integer> apply(int x);
    }

    Coroutine<Integer> anonymous(int x, int captured) {
        String local = "len5!";
        Op op = new Op() {
            private int calls;

            @Override
            @Async
            public Coroutine<Integer> apply(int y) {
                calls++;
                int r = await(value(y)) + captured + local.length() + counter + await(future(calls));
                counter = r;
                return Coroutine.completed(r);
            }
        };
        return chain(op, x);
    }

    @Async
    static Coroutine<Integer> chain(Op op, int x) {
        int a = await(op.apply(x));
        return Coroutine.completed(await(op.apply(a)));
    }

    @Test
    void anonymousClassCapturesLocalsAndOuterFields() {
        // first apply: 2+10+5+0+1 = 18 (counter=18); second: 18+10+5+18+2 = 53
        Differential.check(() -> 53, () -> new NestedClassesTest().anonymous(2, 10));
    }

    Coroutine<String> localClass(String prefix) {
        int base = 40;
        class Local {
            final String suffix;

            Local(String suffix) {
                this.suffix = suffix;
            }

            @Async
            Coroutine<String> make(int n) {
                StringBuilder sb = new StringBuilder(prefix);
                for (int i = 0; i < n; i++) {
                    sb.append(await(value(base + i)));
                }
                return Coroutine.completed(sb.append(suffix).append(outerName).toString());
            }
        }
        return new Local("!").make(3);
    }

    @Test
    void localClassCapturesLocalsAndOuterThis() {
        Differential.check(() -> ">404142!outer", () -> new NestedClassesTest().localClass(">"));
    }

    static class Outer {
        int depth = 1;

        class Middle {
            int depth = 2;

            class Innermost {
                int depth = 3;

                @Async
                Coroutine<Integer> sum() {
                    return Coroutine.completed(await(value(depth)) * 100 + await(future(Middle.this.depth)) * 10
                            + Outer.this.depth);
                }
            }
        }
    }

    @Test
    void doublyNestedInnerClassReachesBothOuterInstances() {
        Differential.check(() -> 321, () -> new Outer().new Middle().new Innermost().sum());
    }

    @Async
    Coroutine<String> callsIntoAnonymousSubclass() {
        NestedClassesTest sub = new NestedClassesTest() {
            @Override
            @Async
            Coroutine<String> callsIntoAnonymousSubclass() {
                return Coroutine.completed("sub " + await(value(outerName)));
            }
        };
        return Coroutine.completed("base(" + await(sub.callsIntoAnonymousSubclass()) + ")");
    }

    @Test
    void anonymousSubclassOverridesAnAsyncMethod() {
        Differential.check(() -> "base(sub outer)", () -> new NestedClassesTest().callsIntoAnonymousSubclass());
    }

    enum Shape {
        SQUARE {
            @Override
            @Async
            Coroutine<Double> area(double s) {
                return Coroutine.completed(await(value(s)) * s);
            }
        },
        CIRCLE {
            @Override
            @Async
            Coroutine<Double> area(double r) {
                return Coroutine.completed(Math.PI * await(future(r)) * r);
            }
        };

        abstract Coroutine<Double> area(double x);
    }

    @Test
    void enumConstantBodiesWithAsyncMethods() {
        Differential.check(() -> 2.5 * 2.5, () -> Shape.SQUARE.area(2.5));
        Differential.check(() -> Math.PI * 2.5 * 2.5, () -> Shape.CIRCLE.area(2.5));
    }

    record Pair(int a, int b) {
        @Async
        Coroutine<Integer> sum() {
            return Coroutine.completed(await(value(a)) + await(value(b())));
        }
    }

    @Test
    void recordWithAnAsyncMethod() {
        Differential.check(() -> 7, () -> new Pair(3, 4).sum());
    }
}
