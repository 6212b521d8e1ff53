package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Meta-annotation tying a method annotation to a range of response status codes, both ends
 * included: the POJO method handles responses whose status falls in the range. The method's first
 * parameter must be a {@link jakarta.servlet.sip.SipServletResponse}, otherwise deployment fails.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface SipResponseRange {

    /** The lowest status code of the range, inclusive. */
    int begin();

    /** The highest status code of the range, inclusive. */
    int end();
}
