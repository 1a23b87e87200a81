package jasyncio;

/**
 * The runtime's own reaction to a future finishing (gathering, completion order, task groups): registered
 * without allocating a callback object, and run at once when the future completes instead of one loop
 * iteration later, as user callbacks are.
 */
interface DoneListener {
    void futureDone(Future<?> future);
}
