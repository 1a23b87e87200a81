package jasyncio.tests.semantics;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Values of every type survive a real suspension, in locals and on the operand stack, bit for bit: the frame
 * stores a float as its raw int bits and a double as its raw long bits, so a NaN payload and a negative zero must
 * come back as they went. The constructs suite checks the rewrite against synchronous twins; this one runs on the
 * runtime's own {@code Frame}, which is what the runtime's mutation tests change.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SuspendedValuesTest {
    private static final float ODD_FLOAT_NAN = Float.intBitsToFloat(0x7fc0_1234);
    private static final double ODD_DOUBLE_NAN = Double.longBitsToDouble(0x7ff8_0000_0000_4321L);

    @Async
    static Coroutine<Integer> later(int v) {
        await(sleep(0));
        return Coroutine.completed(v);
    }

    @Async
    static Coroutine<String> everyTypeInLocals(float f, double d) {
        boolean z = true;
        byte b = -7;
        char c = 'λ';
        short s = -30_000;
        int i = Integer.MIN_VALUE;
        long j = Long.MAX_VALUE - 1;
        float negativeZero = -0.0f;
        String ref = "ref";
        int first = await(later(1));
        float sum = f + first;
        int second = await(later(2));
        return Coroutine.completed(z + " " + b + " " + c + " " + s + " " + i + " " + j + " "
                + Integer.toHexString(Float.floatToRawIntBits(f)) + " " + Long.toHexString(Double.doubleToRawLongBits(d))
                + " " + Integer.toHexString(Float.floatToRawIntBits(negativeZero)) + " " + sum + " " + ref + " "
                + (first + second));
    }

    @Test
    void everyPrimitiveTypeInLocalsComesBackBitForBit() {
        assertEquals("true -7 λ -30000 -2147483648 9223372036854775806 7fc01234 7ff8000000004321 80000000 NaN ref 3",
                run(everyTypeInLocals(ODD_FLOAT_NAN, ODD_DOUBLE_NAN)));
        assertEquals("true -7 λ -30000 -2147483648 9223372036854775806 40200000 c004000000000000 80000000 3.5 ref 3",
                run(everyTypeInLocals(2.5f, -2.5)));
    }

    @Async
    static Coroutine<String> everyTypeOnTheStack(float f, double d, long j) {
        // Each sum keeps its left operand on the stack while the right one suspends.
        float fs = f + await(later(1));
        double ds = d + await(later(2));
        long js = j + await(later(3));
        String text = "x" + f + await(later(4)) + d + j;
        return Coroutine.completed(fs + " " + ds + " " + js + " " + text);
    }

    @Test
    void everyPrimitiveTypeOnTheOperandStackComesBack() {
        assertEquals("1.25 -0.5 -9223372036854775805 x0.254-2.5-9223372036854775808",
                run(everyTypeOnTheStack(0.25f, -2.5, Long.MIN_VALUE)));
    }
}
