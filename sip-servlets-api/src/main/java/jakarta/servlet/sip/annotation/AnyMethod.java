package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a SIP Servlet POJO that handles messages of any SIP method: every request if
 * its first parameter is a {@link jakarta.servlet.sip.SipServletRequest}, every response if it is
 * a {@link jakarta.servlet.sip.SipServletResponse}. It carries no SIP meta-annotation, because it
 * places no condition on the message; the container recognizes it directly, and a method with more
 * specific annotations takes precedence over it.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnyMethod {
}
