package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Meta-annotation tying a method annotation to a SIP method name: a POJO method carrying an
 * annotation that is itself annotated {@code @SipMethod("INVITE")} handles INVITE requests if
 * its first parameter is a {@link jakarta.servlet.sip.SipServletRequest}, or responses to INVITE
 * if it is a {@link jakarta.servlet.sip.SipServletResponse}; any other first parameter is a
 * deployment error.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface SipMethod {

    /** The SIP method name, for example {@code "INVITE"}; compared case-sensitively. */
    String value();
}
