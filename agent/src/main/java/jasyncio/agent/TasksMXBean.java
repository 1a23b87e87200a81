package jasyncio.agent;

/**
 * The JMX view of jasyncio's event loops, registered by the agent as {@code io.jasyncio:type=Tasks}: from
 * {@code jconsole} or any JMX client, the operation {@code dumpTasks} shows what every task of a (hung) program is
 * waiting for and where, without changing the program.
 */
public interface TasksMXBean {
    /** The text of a {@link jasyncio.TaskDump} of every live event loop. */
    String dumpTasks();

    /** Event loops created and not yet closed. */
    int getLoopCount();

    /** Tasks not yet done, over all live loops. */
    int getTaskCount();
}
