/**
 * The Java agent: {@code premain}/{@code agentmain}, {@link jasyncio.agent.AsyncAgent#install()} for
 * self-attach, and the {@code ClassFileTransformer} that feeds classes to {@code jasyncio.instrument}.
 * Nothing here runs coroutines; that is the runtime's job.
 */
package jasyncio.agent;
