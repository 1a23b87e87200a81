package jasyncio;

/** The coroutine of {@link Coroutine#completed(Object)}: its result is known, awaiting it never suspends. */
final class CompletedCoroutine<T> extends Coroutine<T> {
    final T value;

    CompletedCoroutine(T value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "<Coroutine completed result=" + value + ">";
    }
}
