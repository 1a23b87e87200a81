package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassHierarchyTest {
    private final ClassHierarchy hierarchy = ClassHierarchy.of(getClass().getClassLoader());

    @Nested
    class CommonSuperClass {
        @Test
        void siblingListsMeetAtTheirAbstractBase() {
            assertEquals("java/util/AbstractList", hierarchy.commonSuperClass("java/util/ArrayList", "java/util/LinkedList"));
        }

        @Test
        void unrelatedClassesMeetAtObject() {
            assertEquals("java/lang/Object", hierarchy.commonSuperClass("java/lang/String", "java/lang/Integer"));
        }

        @Test
        void aClassAndItsSuperClassMeetAtTheSuperClass() {
            assertEquals("java/lang/Number", hierarchy.commonSuperClass("java/lang/Integer", "java/lang/Number"));
            assertEquals("java/lang/Number", hierarchy.commonSuperClass("java/lang/Number", "java/lang/Long"));
        }

        @Test
        void anInterfaceAndItsImplementationMeetAtTheInterface() {
            assertEquals("java/util/List", hierarchy.commonSuperClass("java/util/List", "java/util/ArrayList"));
        }

        @Test
        void unrelatedInterfacesMeetAtObjectAsTheVerifierDoes() {
            assertEquals("java/lang/Object", hierarchy.commonSuperClass("java/util/List", "java/util/Set"));
            assertEquals("java/lang/Object", hierarchy.commonSuperClass("java/lang/Runnable", "java/lang/String"));
        }
    }

    @Nested
    class Assignability {
        @Test
        void aClassIsAssignableToItsSuperClassesAndInterfaces() {
            assertTrue(hierarchy.isAssignableFrom("java/util/AbstractCollection", "java/util/ArrayList"));
            assertTrue(hierarchy.isAssignableFrom("java/util/Collection", "java/util/ArrayList"));
            assertTrue(hierarchy.isAssignableFrom("java/lang/Iterable", "java/util/List"));
            assertTrue(hierarchy.isAssignableFrom("java/lang/Object", "java/util/List"));
        }

        @Test
        void notTheOtherWayRound() {
            assertFalse(hierarchy.isAssignableFrom("java/util/ArrayList", "java/util/List"));
            assertFalse(hierarchy.isAssignableFrom("java/util/ArrayList", "java/util/AbstractList"));
            assertFalse(hierarchy.isAssignableFrom("java/lang/String", "java/lang/Integer"));
        }

        @Test
        void interfacesAreToldFromClasses() {
            assertTrue(hierarchy.isInterface("java/util/List"));
            assertTrue(hierarchy.isInterface("java/lang/Runnable"));
            assertFalse(hierarchy.isInterface("java/util/ArrayList"));
            assertFalse(hierarchy.isInterface("java/lang/Object"));
        }

        @Test
        void theSuperClassOfObjectIsNull() {
            assertEquals(null, hierarchy.superName("java/lang/Object"));
            assertEquals("java/lang/Object", hierarchy.superName("java/lang/String"));
        }
    }

    @Nested
    class WithoutLoadingClasses {
        @Test
        void aClassKnownOnlyByItsBytesTakesPartInMerges() {
            hierarchy.add(new ClassReader(classFile("demo/Phantom", "java/util/AbstractList")));

            assertEquals("java/util/AbstractList", hierarchy.commonSuperClass("demo/Phantom", "java/util/ArrayList"));
            assertTrue(hierarchy.isAssignableFrom("java/util/List", "demo/Phantom"));
            assertFalse(hierarchy.isInterface("demo/Phantom"));
        }

        @Test
        void onlyResourcesAreRead() {
            ClassLoader resourcesOnly = new ClassLoader(null) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) {
                    throw new AssertionError("the hierarchy loaded " + name);
                }

                @Override
                public InputStream getResourceAsStream(String name) {
                    return ClassHierarchyTest.class.getClassLoader().getResourceAsStream(name);
                }
            };
            ClassHierarchy fromResources = ClassHierarchy.of(resourcesOnly);
            String self = NeverLoaded.INTERNAL_NAME;

            assertEquals("java/lang/Object", fromResources.superName(self));
            assertEquals("java/util/AbstractList",
                    fromResources.commonSuperClass("java/util/ArrayList", "java/util/LinkedList"));
        }

        @Test
        void anUnknownClassIsReportedByNameNotGuessed() {
            UnreadableTypeException e = assertThrows(UnreadableTypeException.class,
                    () -> hierarchy.commonSuperClass("demo/Nowhere", "java/lang/String"));
            assertEquals("demo/Nowhere", e.internalName);
            assertThrows(UnreadableTypeException.class, () -> hierarchy.superName("demo/Nowhere"));
        }

        @Test
        void aClassKnownToBeASubclassNeedsNoReadingOfItsSuperClass() {
            hierarchy.add(new ClassReader(classFile("demo/Child", "demo/UnreadableParent")));
            assertTrue(hierarchy.isAssignableFrom("demo/UnreadableParent", "demo/Child"));
        }

        @Test
        void aLoaderThatServesNoResourcesIsSkippedForItsParents() {
            ClassLoader parent = new ClassLoader(null) {
                @Override
                public InputStream getResourceAsStream(String name) {
                    return name.equals("demo/Parented.class")
                            ? new java.io.ByteArrayInputStream(classFile("demo/Parented", "java/util/AbstractList"))
                            : null;
                }
            };
            ClassLoader silent = new ClassLoader(parent) {
                @Override
                public java.net.URL getResource(String name) {
                    return null;
                }
            };
            assertEquals("java/util/AbstractList", ClassHierarchy.of(silent).superName("demo/Parented"));
        }

        @Test
        void withoutALoaderTheSystemLoadersResourcesAreRead() {
            assertEquals("java/util/AbstractList", ClassHierarchy.of(null).superName("java/util/ArrayList"));
        }
    }

    @Nested
    class FromLoadedClasses {
        private final ClassHierarchy noClassFiles = new ClassHierarchy(name -> null, name -> {
            try {
                return Class.forName(name.replace('/', '.'), false, null);
            } catch (ClassNotFoundException e) {
                return null;
            }
        });

        @Test
        void aClassWhoseFileCannotBeReadIsTakenFromTheLoadedClasses() {
            assertEquals("java/util/AbstractList",
                    noClassFiles.commonSuperClass("java/util/ArrayList", "java/util/LinkedList"));
            assertTrue(noClassFiles.isInterface("java/util/List"));
            assertTrue(noClassFiles.isAssignableFrom("java/util/RandomAccess", "java/util/ArrayList"));
        }

        @Test
        void theLoaderIsAskedWhatItHasLoaded() {
            ClassLoader asked = new ClassLoader(null) {
            };
            List<ClassLoader> seen = new java.util.ArrayList<>();
            ClassHierarchy hierarchy = ClassHierarchy.of(asked, (loader, name) -> {
                seen.add(loader);
                return name.equals("demo/Loaded") ? java.util.ArrayList.class : null;
            });
            assertEquals("java/util/AbstractList", hierarchy.superName("demo/Loaded"));
            assertEquals(List.of(asked), seen);
        }
    }

    @Nested
    class Arrays {
        @Test
        void arraysFollowTheirElementTypes() {
            assertTrue(hierarchy.isAssignableFrom("[Ljava/lang/Object;", "[Ljava/lang/String;"));
            assertTrue(hierarchy.isAssignableFrom("[Ljava/lang/CharSequence;", "[Ljava/lang/String;"));
            assertFalse(hierarchy.isAssignableFrom("[Ljava/lang/String;", "[Ljava/lang/Object;"));
            assertTrue(hierarchy.isAssignableFrom("[[Ljava/lang/Number;", "[[Ljava/lang/Integer;"));
        }

        @Test
        void primitiveArraysOnlyMatchThemselves() {
            assertTrue(hierarchy.isAssignableFrom("[I", "[I"));
            assertFalse(hierarchy.isAssignableFrom("[I", "[J"));
            assertFalse(hierarchy.isAssignableFrom("[Ljava/lang/Object;", "[I"));
            assertTrue(hierarchy.isAssignableFrom("[Ljava/lang/Object;", "[[I"));
        }

        @Test
        void everyArrayIsCloneableAndSerializable() {
            assertTrue(hierarchy.isAssignableFrom("java/lang/Cloneable", "[I"));
            assertTrue(hierarchy.isAssignableFrom("java/io/Serializable", "[Ljava/lang/String;"));
            assertFalse(hierarchy.isAssignableFrom("java/lang/String", "[C"));
            assertFalse(hierarchy.isAssignableFrom("[C", "java/lang/String"));
        }
    }

    /** A class of this test module, named here without loading anything. */
    private static final class NeverLoaded {
        static final String INTERNAL_NAME = "jasyncio/instrument/ClassHierarchyTest$NeverLoaded";
    }

    private static byte[] classFile(String name, String superName) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, superName, null);
        writer.visitEnd();
        return writer.toByteArray();
    }
}
