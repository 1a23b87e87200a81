package jasyncio;

/**
 * What a task can be suspended on, saying what that is for {@link Task#waitsFor()} and task dumps: a future, a
 * task, a timer, a yield, the wait of a lock, queue or socket. Called from any thread (a dump is taken from outside
 * the loop): an implementation reads its state without changing it, and may see it mid-change.
 */
interface DescribesWait {
    /** One line: what is awaited and, where known, who holds it or when it is due. */
    String describeWait();
}
