package jasyncio.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * Infers the precise type of every local and stack slot, merging with the class hierarchy read from class
 * files. It does not verify: the input is javac's output and already verified, so sub-type checks pass.
 * The rewriter needs the types to save a value at a suspension and to cast it back on resume.
 */
final class TypeInterpreter extends SimpleVerifier {
    private final ClassHierarchy hierarchy;

    /**
     * The hierarchy answers for every class, the one analysed included: {@link SimpleVerifier}'s own notion of the
     * current class is read only by the three methods overridden here, so it is left unset.
     */
    TypeInterpreter(ClassHierarchy hierarchy) {
        super(Opcodes.ASM9, null, null, null, false);
        this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
        return true;
    }

    @Override
    protected boolean isInterface(Type type) {
        return hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        String superName = hierarchy.superName(type.getInternalName());
        return superName == null ? null : Type.getObjectType(superName);
    }

    @Override
    protected boolean isAssignableFrom(Type type1, Type type2) {
        return hierarchy.isAssignableFrom(type1.getInternalName(), type2.getInternalName());
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new UnsupportedOperationException("the rewriter never loads classes: " + type);
    }
}
