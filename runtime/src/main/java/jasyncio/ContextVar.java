package jasyncio;

import java.util.NoSuchElementException;

/**
 * A task-local variable, like Python's {@code contextvars.ContextVar}: each task starts with a copy of the
 * context it was created in, sees its own values across all its awaits, and its changes stay its own.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 * REQUEST_ID.set("r-42");                 // in a coroutine: visible in this task and tasks it creates
 * await(toThread(() -> log(REQUEST_ID.get())));   // carried into the worker thread too
 * }</pre>
 */
public final class ContextVar<T> {
    /** Returned by {@link #set}: restores the previous value with {@link #reset}. */
    public static final class Token<T> {
        private final ContextVar<T> variable;
        private final Object previous;
        private boolean used;

        Token(ContextVar<T> variable, Object previous) {
            this.variable = variable;
            this.previous = previous;
        }

        public ContextVar<T> variable() {
            return variable;
        }
    }

    static final Object MISSING = new Object();

    private final String name;
    private final Object defaultValue;

    public ContextVar(String name) {
        this.name = name;
        this.defaultValue = MISSING;
    }

    public ContextVar(String name, T defaultValue) {
        this.name = name;
        this.defaultValue = defaultValue;
    }

    public String getName() {
        return name;
    }

    /** The value in the current context, else the default; throws {@link NoSuchElementException} without one. */
    @SuppressWarnings("unchecked")
    public T get() {
        Object value = Context.current().lookup(this);
        if (value == MISSING) {
            value = defaultValue;
        }
        if (value == MISSING) {
            throw new NoSuchElementException("ContextVar '" + name + "' has no value in this context");
        }
        return (T) value;
    }

    /** The value in the current context, else {@code fallback}. */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object value = Context.current().lookup(this);
        return value == MISSING ? fallback : (T) value;
    }

    /** Sets the value in the current context (the running task's, or this thread's outside tasks). */
    public Token<T> set(T value) {
        Context context = Context.current();
        Token<T> token = new Token<>(this, context.lookup(this));
        context.put(this, value);
        return token;
    }

    /** Restores the value {@code token}'s {@link #set} replaced; a token works once. */
    public void reset(Token<T> token) {
        if (token.variable != this) {
            throw new IllegalArgumentException("token was created by another ContextVar: " + token.variable);
        }
        if (token.used) {
            throw new IllegalStateException("token has already been used once");
        }
        token.used = true;
        Context context = Context.current();
        if (token.previous == MISSING) {
            context.remove(this);
        } else {
            context.put(this, token.previous);
        }
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (defaultValue == MISSING ? "" : " default=" + defaultValue) + ">";
    }
}
