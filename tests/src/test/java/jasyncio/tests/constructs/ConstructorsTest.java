package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.failure;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * `new T(args)` where the arguments await: javac emits NEW and DUP before the arguments, so an uninitialised
 * object sits on the operand stack across the await (the case the rewriter must move or rebuild).
 */
class ConstructorsTest {
    record Point(int x, int y) {
    }

    static final class Box {
        final Object content;
        final long weight;

        Box(Object content, long weight) {
            this.content = content;
            this.weight = weight;
        }

        Box(Object content) {
            this(content, -1L);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Box && Objects.equals(((Box) o).content, content) && ((Box) o).weight == weight;
        }

        @Override
        public int hashCode() {
            return Objects.hash(content, weight);
        }

        @Override
        public String toString() {
            return "Box(" + content + ", " + weight + ")";
        }
    }

    static final class Picky {
        Picky(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative " + v);
            }
        }
    }

    @Async
    static Coroutine<Point> point() {
        return Coroutine.completed(new Point(await(value(1)), await(future(2))));
    }

    @Test
    void constructorWithTwoAwaitedArguments() {
        Differential.check(() -> new Point(1, 2), ConstructorsTest::point);
    }

    @Async
    static Coroutine<Box> nested() {
        return Coroutine.completed(new Box(new Box(new Point(await(value(3)), 4), await(value(5L))), await(future(6L))));
    }

    @Test
    void nestedConstructorsAwaitingAtEveryDepth() {
        Differential.check(() -> new Box(new Box(new Point(3, 4), 5L), 6L), ConstructorsTest::nested);
    }

    @Async
    static Coroutine<List<Object>> newInsideArguments() {
        List<Object> list = new ArrayList<>();
        list.add(new Point(await(value(7)), 8));
        list.add(0, new Box(await(future("first"))));
        list.add(String.valueOf(new StringBuilder(await(value("sb"))).reverse()));
        for (int i = 0; i < 3; i++) {
            list.add(new Point(i, await(value(i * i))));
        }
        return Coroutine.completed(list);
    }

    static List<Object> newInsideArgumentsSync() {
        List<Object> list = new ArrayList<>();
        list.add(new Point(7, 8));
        list.add(0, new Box("first"));
        list.add(String.valueOf(new StringBuilder("sb").reverse()));
        for (int i = 0; i < 3; i++) {
            list.add(new Point(i, i * i));
        }
        return list;
    }

    @Test
    void newInsideMethodArgumentsAndLoops() {
        Differential.check(ConstructorsTest::newInsideArgumentsSync, ConstructorsTest::newInsideArguments);
    }

    @Async
    static Coroutine<String> constructorInExpression() {
        // an uninitialised object below other stack values: the concat operands and a ternary
        String s = "p=" + new Point(await(value(1)), 2) + (await(value(true)) ? new Box(await(value("t"))) : new Box("f"));
        return Coroutine.completed(s);
    }

    @Test
    void constructorsInsideConcatenationAndTernaries() {
        Differential.check(() -> "p=" + new Point(1, 2) + new Box("t"), ConstructorsTest::constructorInExpression);
    }

    @Async
    static Coroutine<String> constructorThrows(int v) {
        try {
            new Picky(await(value(v)));
            return Coroutine.completed("ok");
        } catch (IllegalArgumentException e) {
            return Coroutine.completed("caught " + e.getMessage());
        }
    }

    static String constructorThrowsSync(int v) {
        try {
            new Picky(v);
            return "ok";
        } catch (IllegalArgumentException e) {
            return "caught " + e.getMessage();
        }
    }

    @Test
    void constructorThrowingAfterAnAwaitedArgument() {
        Differential.check(() -> constructorThrowsSync(-4), () -> constructorThrows(-4));
        Differential.check(() -> constructorThrowsSync(4), () -> constructorThrows(4));
    }

    @Async
    static Coroutine<String> argumentFails() {
        try {
            new Point(1, await(failure(new IllegalStateException("no arg"))));
            return Coroutine.completed("built");
        } catch (IllegalStateException e) {
            return Coroutine.completed("caught " + e.getMessage());
        }
    }

    @Test
    void failingAwaitedArgumentAbandonsTheHalfBuiltObject() {
        Differential.check(() -> "caught no arg", ConstructorsTest::argumentFails);
    }

    @Async
    static Coroutine<String> wideArgs() {
        Box b = new Box(await(value(Double.valueOf(-0.0))), await(value(Long.MIN_VALUE)));
        StringBuilder sb = new StringBuilder(await(future(16)));
        sb.append(b);
        return Coroutine.completed(sb.toString() + sb.capacity());
    }

    @Test
    void wideConstructorArguments() {
        Differential.check(() -> {
            StringBuilder sb = new StringBuilder(16);
            sb.append(new Box(-0.0, Long.MIN_VALUE));
            return sb.toString() + sb.capacity();
        }, ConstructorsTest::wideArgs);
    }

    @Async
    static Coroutine<List<Point>> anonymousAndArrays() {
        Point[] ps = {new Point(await(value(1)), 1), new Point(2, await(value(2)))};
        Object o = new Object() {
            @Override
            public String toString() {
                return "anon";
            }
        };
        List<Point> out = new ArrayList<>(List.of(ps));
        out.add(new Point(o.toString().length(), await(future(ps.length))));
        return Coroutine.completed(out);
    }

    @Test
    void constructorsInsideArrayInitialisers() {
        Differential.check(() -> List.of(new Point(1, 1), new Point(2, 2), new Point(4, 2)),
                ConstructorsTest::anonymousAndArrays);
    }
}
