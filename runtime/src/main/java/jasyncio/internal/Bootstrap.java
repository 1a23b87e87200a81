package jasyncio.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The {@code invokedynamic} bootstrap behind every rewritten {@code @Async} method. The entry method asks its
 * call site for the method's {@link MethodInfo}; the first call builds it (turning the synthetic resume method
 * into a {@link Resumer} with {@link LambdaMetafactory}) and every later call gets the same constant.
 * An indy constant works for any class file version the agent rewrites and needs no static initializer.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    private static final MethodType RESUME = MethodType.methodType(Object.class, Frame.class);

    public static CallSite methodInfo(MethodHandles.Lookup caller, String name, MethodType type,
                                      MethodHandle resume, String method, String file, String lines,
                                      int refSlots, int primSlots) throws Throwable {
        CallSite factory = LambdaMetafactory.metafactory(caller, "resume", MethodType.methodType(Resumer.class),
                RESUME, resume, RESUME);
        Resumer body = (Resumer) factory.getTarget().invoke();
        MethodInfo info = new MethodInfo(body, refSlots, primSlots, caller.lookupClass().getName(), method,
                file.isEmpty() ? null : file, parseLines(lines));
        return new ConstantCallSite(MethodHandles.constant(MethodInfo.class, info).asType(type));
    }

    private static int[] parseLines(String csv) {
        if (csv.isEmpty()) {
            return new int[0];
        }
        String[] parts = csv.split(",");
        int[] lines = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            lines[i] = Integer.parseInt(parts[i]);
        }
        return lines;
    }
}
