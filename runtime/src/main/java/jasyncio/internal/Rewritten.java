package jasyncio.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Put on every class the rewriter produced (class-file only), so it is never rewritten twice. */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Rewritten {
}
