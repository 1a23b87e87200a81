package jasyncio;

/** The future behind {@code sleep(s)}: its own timer callback, and cancelling it cancels the timer. */
final class SleepFuture extends Future<Void> implements Runnable {
    private TimerHandle timer;

    SleepFuture(EventLoop loop, double seconds) {
        super(loop);
        timer = loop.callLater(seconds, this);
    }

    @Override
    public void run() {
        timer = null;
        if (!done()) {
            setResult(null);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        return true;
    }

    @Override
    public String toString() {
        return "<sleep " + stateName() + ">";
    }
}
