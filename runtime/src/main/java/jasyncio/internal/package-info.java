/**
 * The contract between rewritten code and the runtime: {@link jasyncio.internal.Frame} (a call's saved
 * state and the coroutine it returns), {@link jasyncio.internal.Bootstrap} (the indy call site that builds
 * each method's {@link jasyncio.internal.MethodInfo}), and small helpers. Public only because rewritten
 * classes in every package call them; not API, and free to change between versions.
 */
package jasyncio.internal;
