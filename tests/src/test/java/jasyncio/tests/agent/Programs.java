package jasyncio.tests.agent;

import jasyncio.agent.AsyncAgent;

import static jasyncio.Asyncio.run;

/** Small programs started in a fresh JVM by {@link LaunchTest}, each with or without the agent. */
final class Programs {
    private Programs() {
    }

    /** Runs the coroutine; prints its answer, or the error it met, and exits 3 on error. */
    static void runWork() {
        try {
            System.out.println("answer " + run(Work.answer()));
        } catch (IllegalStateException e) {
            System.out.println("error " + e.getMessage());
            System.exit(3);
        }
    }

    /** Started without -javaagent and without install(). */
    static final class WithoutAgent {
        public static void main(String[] args) {
            runWork();
        }
    }

    /** Installs the agent itself before any coroutine class loads. */
    static final class SelfAttach {
        public static void main(String[] args) {
            AsyncAgent.install();
            runWork();
        }
    }

    /** Loads the coroutine class first, installs the agent too late. */
    static final class LateAttach {
        public static void main(String[] args) throws ClassNotFoundException {
            Class.forName(Work.class.getName());
            AsyncAgent.install();
            runWork();
        }
    }
}
