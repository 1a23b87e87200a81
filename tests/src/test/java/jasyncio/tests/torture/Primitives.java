package jasyncio.tests.torture;

import jasyncio.queues.Queue;
import jasyncio.sync.Condition;
import jasyncio.sync.Event;
import jasyncio.sync.Lock;
import jasyncio.sync.Semaphore;

import java.util.List;
import java.util.Random;

import static jasyncio.tests.support.Waiters.getters;
import static jasyncio.tests.support.Waiters.putters;
import static jasyncio.tests.support.Waiters.waiters;

/** The primitives one random program shares between its tasks, and what must hold of them once it is over. */
final class Primitives {
    final Lock lock = new Lock();
    final int permits;
    final Semaphore semaphore;
    final Condition condition = new Condition();
    /** What the condition's waiters wait for ({@code waitUntil}); set by the tasks that signal. */
    boolean conditionFlag;
    final Event event = new Event();
    final Queue<Integer> queue;

    Primitives(Random random) {
        permits = 1 + random.nextInt(3);
        semaphore = new Semaphore(permits);
        queue = new Queue<>(random.nextInt(3));
    }

    /** Broken invariants once every task has ended: a waiter left behind, a permit lost, a lock still held. */
    void check(List<String> violations) {
        expect(violations, !lock.locked() && waiters(lock) == 0, "lock left held or waited on: " + lock);
        expect(violations, semaphore.available() == permits && waiters(semaphore) == 0,
                "semaphore lost a permit or kept a waiter (" + permits + " permits at first): " + semaphore);
        expect(violations, !condition.locked() && waiters(condition) == 0,
                "condition left held or waited on: " + condition);
        expect(violations, waiters(event) == 0, "event kept a waiter: " + event);
        expect(violations, getters(queue) == 0 && putters(queue) == 0, "queue kept a waiter: " + queue);
    }

    private static void expect(List<String> violations, boolean holds, String violation) {
        if (!holds) {
            violations.add(violation);
        }
    }
}
