package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a SIP Servlet POJO that handles SUBSCRIBE requests (RFC 6665), which create
 * or refresh a subscription, or the responses to them. The first parameter of the method decides
 * which: a {@link jakarta.servlet.sip.SipServletRequest} receives SUBSCRIBE requests, a
 * {@link jakarta.servlet.sip.SipServletResponse} receives responses to SUBSCRIBE; combine it with
 * a response annotation such as {@link SuccessResponse} to narrow the responses.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SipMethod("SUBSCRIBE")
public @interface Subscribe {
}
