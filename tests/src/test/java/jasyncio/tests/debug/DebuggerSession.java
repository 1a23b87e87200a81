package jasyncio.tests.debug;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.StepRequest;
import jasyncio.agent.AsyncAgent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A debugger attached through JDI to a program run in a child JVM under the agent, as an IDE attaches: the
 * child starts suspended with a JDWP socket, breakpoints are set by source line as classes load. Every wait is
 * bounded, and {@link #close} kills the child whatever happened.
 */
final class DebuggerSession implements AutoCloseable {
    /** Generous: the machine is shared, and a child JVM under the agent takes a while to start. */
    private static final long WAIT_MILLIS = 60_000;
    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    private final Process child;
    private final Output output;
    private final VirtualMachine vm;

    private DebuggerSession(Process child, Output output, VirtualMachine vm) {
        this.child = child;
        this.output = output;
        this.vm = vm;
    }

    /** The child's output, read on a daemon thread so that the child never blocks on a full pipe. */
    private record Output(Thread reader, LinkedBlockingQueue<String> lines, List<String> taken) {
        static Output of(Process child) {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e + ")");
                }
            }, "debuggee-output");
            reader.setDaemon(true);
            reader.start();
            return new Output(reader, lines, new ArrayList<>());
        }

        List<String> all() {
            lines.drainTo(taken);
            return taken;
        }
    }

    /** Starts {@code main} suspended in a child JVM under the agent and attaches to it. */
    static DebuggerSession launch(Class<?> main) throws Exception {
        return launch(main.getName(), List.of());
    }

    /**
     * Starts the class named {@code main} suspended in a child JVM under the agent, with {@code classes} (generated
     * classes) on its class path too, and attaches to it.
     */
    static DebuggerSession launch(String main, List<Path> classes) throws Exception {
        String agent = locationOf(AsyncAgent.class);
        StringBuilder classPath = new StringBuilder(locationOf(DebuggerSession.class)).append(File.pathSeparator)
                .append(agent);
        classes.forEach(directory -> classPath.append(File.pathSeparator).append(directory));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent,
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0",
                "-cp", classPath.toString(),
                main);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            Output output = Output.of(child);
            return new DebuggerSession(child, output, attach(portOf(output)));
        } catch (Exception | Error e) {
            child.destroyForcibly();
            throw e;
        }
    }

    private static String locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static int portOf(Output output) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String line = output.lines().poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                break;
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            output.taken().add(line);
        }
        throw new AssertionError("the child JVM did not open its debug socket; it printed " + output.all());
    }

    private static VirtualMachine attach(int port)
            throws IOException, IllegalConnectorArgumentsException {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow(() -> new AssertionError("no socket attaching connector in this JDK"));
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(Integer.toString(port));
        arguments.get("timeout").setValue(Long.toString(WAIT_MILLIS));
        return socket.attach(arguments);
    }

    /** Stops at {@code line} of {@code type} in every method that has code there, now or once the class loads. */
    void stopAt(Class<?> type, int line) throws AbsentInformationException {
        stopAt(type.getName(), line);
    }

    /** Stops at {@code line} of the class named {@code type}, now or once the class loads. */
    void stopAt(String type, int line) throws AbsentInformationException {
        List<ReferenceType> loaded = vm.classesByName(type);
        if (!loaded.isEmpty()) {
            setBreakpoints(loaded.get(0), line);
            return;
        }
        ClassPrepareRequest request = vm.eventRequestManager().createClassPrepareRequest();
        request.addClassFilter(type);
        request.putProperty("line", line);
        request.enable();
    }

    /** Lets the program run until it stops at a breakpoint, a step or its end; never longer than a minute. */
    LocatableEvent runUntilStop() throws InterruptedException, AbsentInformationException {
        vm.resume();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            EventSet events = vm.eventQueue().remove(Math.max(1, deadline - System.currentTimeMillis()));
            if (events == null) {
                break;
            }
            for (Event event : events) {
                if (event instanceof BreakpointEvent || event instanceof StepEvent) {
                    return (LocatableEvent) event;
                }
                if (event instanceof ClassPrepareEvent prepared) {
                    setBreakpoints(prepared.referenceType(), (Integer) event.request().getProperty("line"));
                }
                if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                    return null;
                }
            }
            events.resume();
        }
        throw new AssertionError("the debuggee neither stopped nor ended within " + WAIT_MILLIS + " ms; printed "
                + printed());
    }

    private void setBreakpoints(ReferenceType type, int line) throws AbsentInformationException {
        List<Location> locations = type.locationsOfLine(line);
        if (locations.isEmpty()) {
            throw new AssertionError("no code at " + type.name() + " line " + line);
        }
        for (Location location : locations) {
            vm.eventRequestManager().createBreakpointRequest(location).enable();
        }
    }

    /** Steps over the current line of {@code thread}, as an IDE's "step over", and returns where it stopped. */
    LocatableEvent stepOver(ThreadReference thread) throws InterruptedException, AbsentInformationException {
        StepRequest step = vm.eventRequestManager().createStepRequest(thread, StepRequest.STEP_LINE,
                StepRequest.STEP_OVER);
        step.addCountFilter(1);
        step.enable();
        try {
            return runUntilStop();
        } finally {
            vm.eventRequestManager().deleteEventRequest(step);
        }
    }

    /** The innermost frame of a stopped thread. */
    static StackFrame topFrame(LocatableEvent stop) throws IncompatibleThreadStateException {
        return stop.thread().frame(0);
    }

    /** Every variable the debugger lists at the top frame of {@code stop}, by name, read as a variables view does. */
    static Map<String, Value> variablesAt(LocatableEvent stop) throws IncompatibleThreadStateException,
            AbsentInformationException {
        StackFrame frame = topFrame(stop);
        Map<String, Value> values = new TreeMap<>();
        frame.getValues(frame.visibleVariables()).forEach((variable, value) -> values.put(variable.name(), value));
        return values;
    }

    /** Everything the child printed so far (the debug socket's banner aside). */
    List<String> printed() {
        return output.all();
    }

    /** Everything the child printed, once it has ended. */
    List<String> printedUntilExit() throws InterruptedException {
        if (!child.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the debuggee did not end; printed " + printed());
        }
        output.reader().join(WAIT_MILLIS);
        return printed();
    }

    /** Lets the child run to its end without stopping again. */
    void finish() {
        vm.eventRequestManager().deleteAllBreakpoints();
        vm.resume();
    }

    @Override
    public void close() {
        try {
            vm.dispose();
        } catch (VMDisconnectedException childAlreadyEnded) {
            // nothing left to detach from
        } finally {
            child.destroyForcibly();
        }
    }
}
