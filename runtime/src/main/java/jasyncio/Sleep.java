package jasyncio;

/**
 * The coroutine of {@code sleep(s)}: no frame of its own. Awaiting it puts the task itself in the loop's timer
 * heap, so a sleeping task costs one timer entry; {@code sleep(0)} is the shared {@link #YIELD}, which puts
 * the task straight back on the ready queue and allocates nothing.
 */
final class Sleep extends Coroutine<Void> implements DescribesWait {
    /** {@code sleep(0)}: one trip through the ready queue. Shared, so it may be awaited any number of times. */
    static final Sleep YIELD = new Sleep(0);

    final double seconds;
    private boolean awaited;

    Sleep(double seconds) {
        this.seconds = seconds;
    }

    /** Marks the sleep started: like any coroutine it runs once (the shared yield never gets here). */
    void start() {
        if (awaited) {
            throw new IllegalStateException("coroutine " + this + " was already awaited");
        }
        awaited = true;
    }

    /** Only the shared yield is ever waited on as it is (a longer sleep waits on its timer). */
    @Override
    public String describeWait() {
        return "its next turn, after sleep(0)";
    }

    @Override
    public String toString() {
        return "<sleep " + seconds + " s>";
    }
}
