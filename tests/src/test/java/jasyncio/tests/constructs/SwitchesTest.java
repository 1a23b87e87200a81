package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/**
 * Switches in every shape javac compiles differently: dense ints (tableswitch), sparse ints (lookupswitch),
 * fall-through, strings (hashCode switch + equals), enums (ordinal map), and switch expressions.
 */
class SwitchesTest {
    static String denseSync(int k) {
        String s;
        switch (k) {
            case 0: s = "zero"; break;
            case 1: s = "one"; break;
            case 2: s = "two"; break;
            case 3: s = "three"; break;
            case 4: s = "four"; break;
            default: s = "many";
        }
        return s + k;
    }

    @Async
    static Coroutine<String> dense(int k) {
        String s;
        switch (await(value(k))) {
            case 0: s = await(value("zero")); break;
            case 1: s = await(future("one")); break;
            case 2: s = "two"; break;
            case 3: s = await(value("three")); break;
            case 4: s = "four"; break;
            default: s = await(value("many"));
        }
        return Coroutine.completed(s + await(value(k)));
    }

    @Test
    void denseTableswitchOnAnAwaitedSelector() {
        for (int k = -1; k <= 5; k++) {
            int key = k;
            Differential.check(() -> denseSync(key), () -> dense(key));
        }
    }

    static int sparseSync(int k) {
        switch (k) {
            case -1000: return 1;
            case 7: return 2;
            case 4096: return 3;
            case Integer.MAX_VALUE: return 4;
            case Integer.MIN_VALUE: return 5;
            default: return 0;
        }
    }

    @Async
    static Coroutine<Integer> sparse(int k) {
        switch (await(future(k))) {
            case -1000: return Coroutine.completed(await(value(1)));
            case 7: return Coroutine.completed(2);
            case 4096: return Coroutine.completed(await(value(3)));
            case Integer.MAX_VALUE: return Coroutine.completed(await(future(4)));
            case Integer.MIN_VALUE: return Coroutine.completed(5);
            default: return Coroutine.completed(await(value(0)));
        }
    }

    @Test
    void sparseLookupswitchIncludingExtremeKeys() {
        for (int k : new int[] {-1000, 7, 4096, Integer.MAX_VALUE, Integer.MIN_VALUE, 8, 0}) {
            Differential.check(() -> sparseSync(k), () -> sparse(k));
        }
    }

    static String fallThroughSync(int k) {
        StringBuilder sb = new StringBuilder();
        switch (k) {
            case 1:
                sb.append('a');
            case 2:
                sb.append('b');
            case 3:
                sb.append('c');
                break;
            case 4:
                sb.append('d');
            default:
                sb.append('e');
        }
        return sb.toString();
    }

    @Async
    static Coroutine<String> fallThrough(int k) {
        StringBuilder sb = new StringBuilder();
        switch (k) {
            case 1:
                sb.append(await(value('a')));
            case 2:
                sb.append('b');
            case 3:
                sb.append(await(future('c')));
                break;
            case 4:
                sb.append(await(value('d')));
            default:
                sb.append(await(value('e')));
        }
        return Coroutine.completed(sb.toString());
    }

    @Test
    void fallThroughCarriesAcrossAwaitingCases() {
        for (int k = 0; k <= 5; k++) {
            int key = k;
            Differential.check(() -> fallThroughSync(key), () -> fallThrough(key));
        }
    }

    static int stringSwitchSync(String s) {
        switch (s) {
            case "Aa": return 1;
            case "BB": return 2; // same hashCode as "Aa": javac emits equals() chains
            case "hello": return 3;
            case "": return 4;
            default: return -1;
        }
    }

    @Async
    static Coroutine<Integer> stringSwitch(String s) {
        switch (await(value(s))) {
            case "Aa": return Coroutine.completed(await(value(1)));
            case "BB": return Coroutine.completed(await(future(2)));
            case "hello": return Coroutine.completed(3);
            case "": return Coroutine.completed(await(value(4)));
            default: return Coroutine.completed(-1);
        }
    }

    @Test
    void stringSwitchWithCollidingHashCodes() {
        for (String s : new String[] {"Aa", "BB", "hello", "", "other"}) {
            Differential.check(() -> stringSwitchSync(s), () -> stringSwitch(s));
        }
    }

    @Test
    void stringSwitchOnNullThrowsNullPointerException() {
        Differential.check(() -> stringSwitchSync(null), () -> stringSwitch(null));
    }

    static long enumSwitchSync(TimeUnit unit) {
        long factor;
        switch (unit) {
            case SECONDS: factor = 1; break;
            case MINUTES: factor = 60; break;
            case HOURS: factor = 3600; break;
            case DAYS: factor = 86400; break;
            default: factor = 0;
        }
        return factor * 2;
    }

    @Async
    static Coroutine<Long> enumSwitch(TimeUnit unit) {
        long factor;
        switch (await(value(unit))) {
            case SECONDS: factor = await(value(1L)); break;
            case MINUTES: factor = 60; break;
            case HOURS: factor = await(future(3600L)); break;
            case DAYS: factor = 86400; break;
            default: factor = await(value(0L));
        }
        return Coroutine.completed(factor * await(value(2L)));
    }

    @Test
    void enumSwitchOnEveryConstant() {
        for (TimeUnit u : TimeUnit.values()) {
            Differential.check(() -> enumSwitchSync(u), () -> enumSwitch(u));
        }
    }

    static String arrowExpressionSync(int k) {
        String s = switch (k) {
            case 1, 2 -> "small";
            case 3 -> "three";
            case 100 -> "hundred";
            default -> "other" + k;
        };
        return s.toUpperCase();
    }

    @Async
    static Coroutine<String> arrowExpression(int k) {
        String s = switch (await(value(k))) {
            case 1, 2 -> await(value("small"));
            case 3 -> "three";
            case 100 -> await(future("hundred"));
            default -> "other" + await(value(k));
        };
        return Coroutine.completed(s.toUpperCase());
    }

    @Test
    void arrowSwitchExpression() {
        for (int k : new int[] {1, 2, 3, 100, 7}) {
            Differential.check(() -> arrowExpressionSync(k), () -> arrowExpression(k));
        }
    }

    static int yieldExpressionSync(String s, int base) {
        int r = base + switch (s) {
            case "x": {
                int t = base * 2;
                yield t + 1;
            }
            case "y":
                yield 42;
            default: {
                int acc = 0;
                for (char c : s.toCharArray()) {
                    acc += c;
                }
                yield acc;
            }
        };
        return r;
    }

    @Async
    static Coroutine<Integer> yieldExpression(String s, int base) {
        // the switch value is computed while `base` sits on the operand stack
        int r = base + switch (await(value(s))) {
            case "x": {
                int t = await(value(base)) * 2;
                yield t + 1;
            }
            case "y":
                yield await(future(42));
            default: {
                int acc = 0;
                for (char c : s.toCharArray()) {
                    acc += await(value(c));
                }
                yield acc;
            }
        };
        return Coroutine.completed(r);
    }

    @Test
    void yieldSwitchExpressionWithStackOperandAndBlocks() {
        for (String s : new String[] {"x", "y", "zeta"}) {
            Differential.check(() -> yieldExpressionSync(s, 10), () -> yieldExpression(s, 10));
        }
    }

    static int enumExpressionSync(TimeUnit u) {
        return switch (u) {
            case NANOSECONDS, MICROSECONDS, MILLISECONDS -> -1;
            case SECONDS -> 1;
            default -> {
                int x = (int) u.toSeconds(1);
                yield x / 60;
            }
        };
    }

    @Async
    static Coroutine<Integer> enumExpression(TimeUnit u) {
        return Coroutine.completed(switch (u) {
            case NANOSECONDS, MICROSECONDS, MILLISECONDS -> await(value(-1));
            case SECONDS -> 1;
            default -> {
                int x = (int) (long) await(future(u.toSeconds(1)));
                yield x / await(value(60));
            }
        });
    }

    @Test
    void enumSwitchExpressionInsideTheReturn() {
        for (TimeUnit u : TimeUnit.values()) {
            Differential.check(() -> enumExpressionSync(u), () -> enumExpression(u));
        }
    }

    static int switchInLoopSync(int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) {
            switch (i % 4) {
                case 0: acc += 1; continue;
                case 1: acc *= 2; break;
                case 2:
                    if (acc > 1000) {
                        return acc;
                    }
                    acc -= 3;
                    break;
                default: acc ^= i;
            }
            acc++;
        }
        return acc;
    }

    @Async
    static Coroutine<Integer> switchInLoop(int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) {
            switch (await(value(i % 4))) {
                case 0: acc += await(value(1)); continue;
                case 1: acc *= await(future(2)); break;
                case 2:
                    if (acc > await(value(1000))) {
                        return Coroutine.completed(acc);
                    }
                    acc -= 3;
                    break;
                default: acc ^= await(value(i));
            }
            acc++;
        }
        return Coroutine.completed(acc);
    }

    @Test
    void switchWithContinueBreakAndReturnInsideALoop() {
        Differential.check(() -> switchInLoopSync(40), () -> switchInLoop(40));
    }
}
