package jasyncio.instrument;

import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} that computes frames from class files instead of loading classes. */
final class HierarchyClassWriter extends ClassWriter {
    private final ClassHierarchy hierarchy;

    HierarchyClassWriter(int flags, ClassHierarchy hierarchy) {
        super(flags);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
