package jasyncio.agent;

import jasyncio.TaskDump;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/** {@link TasksMXBean} over {@link TaskDump}, and its registration in the platform MBean server. */
final class TasksBean implements TasksMXBean {
    static final String NAME = "io.jasyncio:type=Tasks";

    /**
     * Registers the bean, once per JVM (several agent copies, or a dynamic attach after {@code -javaagent}, keep
     * the first); {@code -Djasyncio.jmx=false} leaves JMX alone. A failure is reported and the agent starts anyway:
     * task dumps are a debugging aid, not worth a program that does not start.
     */
    static void register() {
        if (!Boolean.parseBoolean(System.getProperty("jasyncio.jmx", "true"))) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new TasksBean(), name);
            }
        } catch (JMException | RuntimeException | LinkageError e) {
            System.err.println("jasyncio agent: the task-dump MBean " + NAME + " could not be registered (" + e
                    + "); TaskDump.take() still works in the program");
        }
    }

    @Override
    public String dumpTasks() {
        return TaskDump.take().toString();
    }

    @Override
    public int getLoopCount() {
        return TaskDump.liveLoopCount();
    }

    @Override
    public int getTaskCount() {
        return TaskDump.liveTaskCount();
    }
}
