/**
 * The rewrite of {@code @Async} methods into resumable state machines, with ASM. It never loads the classes it
 * reads (types come from class files, see {@link jasyncio.instrument.ClassHierarchy}) and knows the runtime
 * only by name. Entry points: {@link jasyncio.instrument.AsyncClassTransformer} for one class file,
 * {@link jasyncio.instrument.OfflineInstrumenter} for a directory.
 */
package jasyncio.instrument;
