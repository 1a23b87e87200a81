package jasyncio.instrument;

import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.HashSet;
import java.util.Set;

/**
 * Picks the name and descriptor of each synthetic resume method. It keeps the {@code @Async} method's own
 * name, so that stack traces after a resume read {@code at Spinner.spin(Spinner.java:21)}; overloads are
 * told apart by the parameter type, any type the frame can be passed as.
 */
final class ResumeNames {
    private static final String[] PARAMETER_TYPES = {
        Names.FRAME_DESC, Names.COROUTINE_DESC, Names.AWAITABLE_DESC, Names.OBJECT_DESC
    };

    private final Set<String> taken = new HashSet<>();

    ResumeNames(ClassNode owner) {
        for (MethodNode m : owner.methods) {
            taken.add(m.name + m.desc);
        }
    }

    /**
     * A free name for the tail of {@code method} cut in two ({@link TailSplit}) taking {@code desc}: the method's
     * own where no method of the class has that descriptor under it.
     */
    String tail(String method, String desc) {
        for (int attempt = 0; ; attempt++) {
            String name = attempt == 0 ? method : method + "$tail" + attempt;
            if (taken.add(name + desc)) {
                return name;
            }
        }
    }

    /** A free {name, descriptor} pair for the resume method of {@code method}. */
    String[] pick(String method) {
        for (int attempt = 0; ; attempt++) {
            String name = attempt == 0 ? method : method + "$async" + attempt;
            for (String parameter : PARAMETER_TYPES) {
                String desc = "(" + parameter + ")" + Names.RESUME_RETURN_DESC;
                if (taken.add(name + desc)) {
                    return new String[] {name, desc};
                }
            }
        }
    }
}
