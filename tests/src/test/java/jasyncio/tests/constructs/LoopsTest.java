package jasyncio.tests.constructs;

import jasyncio.Async;
import jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

import static jasyncio.Asyncio.await;
import static jasyncio.tests.constructs.Arrivals.future;
import static jasyncio.tests.constructs.Arrivals.value;

/** Loops of every form, awaiting in the condition, the body and the update; each against its twin. */
class LoopsTest {
    static int forLoopSync(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += i * 2;
        }
        return sum;
    }

    @Async
    static Coroutine<Integer> forLoop(int n) {
        int sum = 0;
        for (int i = 0; i < await(value(n)); i = await(value(i + 1))) {
            sum += await(future(i)) * 2;
        }
        return Coroutine.completed(sum);
    }

    @Test
    void forLoopAwaitingInConditionBodyAndUpdate() {
        Differential.check(() -> forLoopSync(20), () -> forLoop(20));
    }
}
