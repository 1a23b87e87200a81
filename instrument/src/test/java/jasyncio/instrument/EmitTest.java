package jasyncio.instrument;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The emitting vocabulary: the shortest push of each constant, and the sequences it stands for. */
class EmitTest {
    @Nested
    class Push {
        @Test
        void smallConstantsTakeIconst() {
            assertEquals("ICONST_M1", Insns.text(Emit.push(-1)));
            assertEquals("ICONST_5", Insns.text(Emit.push(5)));
        }

        @Test
        void byteRangeTakesBipush() {
            assertEquals("BIPUSH 6", Insns.text(Emit.push(6)));
            assertEquals("BIPUSH -128", Insns.text(Emit.push(-128)));
            assertEquals("BIPUSH 127", Insns.text(Emit.push(127)));
        }

        @Test
        void shortRangeTakesSipush() {
            assertEquals("SIPUSH 128", Insns.text(Emit.push(128)));
            assertEquals("SIPUSH -32768", Insns.text(Emit.push(-32768)));
            assertEquals("SIPUSH 32767", Insns.text(Emit.push(32767)));
        }

        @Test
        void widerConstantsTakeLdc() {
            assertEquals("LDC 32768", Insns.text(Emit.push(32768)));
            assertEquals("LDC -32769", Insns.text(Emit.push(-32769)));
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
            assertEquals("GETSTATIC jasyncio/internal/Frame.RESUMING", Insns.text(Emit.frameMarker(Names.RESUMING)));
            assertEquals("PUTFIELD jasyncio/internal/Frame.label", Insns.text(Emit.frameLabel(Opcodes.PUTFIELD)));
        }
    }
}
