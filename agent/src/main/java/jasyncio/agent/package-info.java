/**
 * The Java agent: {@code premain}/{@code agentmain}, {@link jasyncio.agent.AsyncAgent#install()} for
 * self-attach, the {@code ClassFileTransformer} that feeds classes to {@code jasyncio.instrument}, and the JMX
 * bean that dumps the event loops' tasks ({@link jasyncio.agent.TasksMXBean}).
 * Nothing here runs coroutines; that is the runtime's job.
 */
package jasyncio.agent;
