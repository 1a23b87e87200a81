/**
 * Subprocesses on the event loop ({@code asyncio.subprocess}): {@link jasyncio.subprocess.Subprocess#exec} and
 * {@link jasyncio.subprocess.Subprocess#shell} give a {@link jasyncio.subprocess.SubprocessBuilder} whose
 * {@code start()} runs the program; the {@link jasyncio.subprocess.Subprocess} it returns has its pipes as the
 * {@link jasyncio.net.StreamReader}/{@link jasyncio.net.StreamWriter} of {@code jasyncio.net} (built with
 * {@link jasyncio.net.Pipes}), and its exit as a future of the loop. Nothing here blocks the loop: the JDK's
 * blocking pipes are pumped by daemon threads, and the exit comes from {@link java.lang.Process#onExit()}.
 */
package jasyncio.subprocess;
