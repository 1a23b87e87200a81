/**
 * Not API: public only because rewritten classes and jasyncio's sub-packages live in other packages; free to
 * change between versions. It holds the contract between rewritten code and the runtime
 * ({@link jasyncio.internal.Frame}: a call's saved state, the coroutine it returns and the static calls rewritten
 * code makes; {@link jasyncio.internal.Bootstrap}: the indy call site that builds each method's
 * {@link jasyncio.internal.MethodInfo}), {@link jasyncio.internal.CoreAccess} (the one door into the core
 * package's non-public side, for {@code Frame} and the sub-packages), the primitives' loop binding, and small
 * helpers.
 */
package jasyncio.internal;
