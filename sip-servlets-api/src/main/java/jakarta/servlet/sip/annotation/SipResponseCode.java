package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Meta-annotation tying a method annotation to one response status code: the POJO method handles
 * responses with exactly that code. The method's first parameter must be a
 * {@link jakarta.servlet.sip.SipServletResponse}, otherwise deployment fails.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface SipResponseCode {

    /** The response status code, for example 180. */
    int value();
}
