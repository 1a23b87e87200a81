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
     * Registers the bean, on a daemon thread of its own: the platform MBean server takes a third of a second to
     * start, which a program's startup should not wait for. Once per JVM (several agent copies, or a dynamic attach
     * after {@code -javaagent}, keep the first); {@code -Djasyncio.jmx=false} leaves JMX alone. A failure is
     * reported and nothing else changes: task dumps are a debugging aid.
     */
    static void register() {
        if (!Boolean.parseBoolean(System.getProperty("jasyncio.jmx", "true"))) {
            return;
        }
        Thread registration = new Thread(TasksBean::registerNow, "jasyncio-jmx-registration");
        registration.setDaemon(true);
        registration.start();
    }

    private static void registerNow() {
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
