package jasyncio;

/**
 * A callback and the context it runs in, kept only when that context is not a fresh empty one: what a
 * {@link Handle} or a future's done-callback list holds in place of the bare callback then.
 *
 * @param callback a {@link Runnable} (a handle's) or a {@code Consumer} (a done-callback)
 * @param context  the context in its lazy form ({@link Context#materialise}): values to start from, or a Context
 */
record InContext(Object callback, Object context) {
    /** {@code callback} as it is when {@code context} is null (a fresh empty context), else wrapped with it. */
    static Object wrap(Object callback, Object context) {
        return context == null ? callback : new InContext(callback, context);
    }

    static Object callbackOf(Object maybeWrapped) {
        return maybeWrapped instanceof InContext wrapped ? wrapped.callback : maybeWrapped;
    }

    /** The context in its lazy form; null for a fresh empty one. */
    static Object contextOf(Object maybeWrapped) {
        return maybeWrapped instanceof InContext wrapped ? wrapped.context : null;
    }
}
