package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The emitting vocabulary: the shortest push of each constant, and the sequences it stands for. */
class EmitTest {
    @Nested
    class Push {
        @Test
        void smallConstantsTakeIconst() {
            assertEquals(List.of("ICONST_M1", "ICONST_5"), pushes(-1, 5));
        }

        @Test
        void byteRangeTakesBipush() {
            assertEquals(List.of("BIPUSH 6", "BIPUSH -128", "BIPUSH 127"), pushes(6, -128, 127));
        }

        @Test
        void shortRangeTakesSipush() {
            assertEquals(List.of("SIPUSH 128", "SIPUSH -32768", "SIPUSH 32767"), pushes(128, -32768, 32767));
        }

        @Test
        void widerConstantsTakeLdc() {
            assertEquals(List.of("LDC 32768", "LDC -32769"), pushes(32768, -32769));
        }

        private List<String> pushes(int... values) {
            return IntStream.of(values).mapToObj(v -> Insns.text(Emit.push(v))).toList();
        }
    }

    @Nested
    class Sequences {
        @Test
        void throwNewConstructsTheExceptionWithTheMessageAndThrowsIt() {
            assertEquals(List.of("NEW java/lang/IllegalStateException", "DUP", "LDC why",
                    "INVOKESPECIAL java/lang/IllegalStateException.<init>(Ljava/lang/String;)V", "ATHROW"),
                    Insns.of(Emit.throwNew(Names.ILLEGAL_STATE, "why")));
        }

        @Test
        void frameCallsNameTheRuntimesFrame() {
            assertEquals("INVOKESTATIC jasyncio/internal/Frame.putInt(ILjasyncio/internal/Frame;I)V",
                    Insns.text(Emit.callFrame(Names.put("Int", "I"))));
            assertEquals("GETSTATIC jasyncio/internal/Frame.SUSPENDED", Insns.text(Emit.suspendedMarker()));
            assertEquals("PUTFIELD jasyncio/internal/Frame.label", Insns.text(Emit.frameLabel(Opcodes.PUTFIELD)));
        }
    }
}
