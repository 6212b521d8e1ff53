package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a SIP Servlet POJO that handles PRACK requests (RFC 3262), which acknowledge
 * reliable provisional responses, or the responses to them. The first parameter of the method
 * decides which: a {@link jakarta.servlet.sip.SipServletRequest} receives PRACK requests, a
 * {@link jakarta.servlet.sip.SipServletResponse} receives responses to PRACK; combine it with a
 * response annotation such as {@link SuccessResponse} to narrow the responses.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SipMethod("PRACK")
public @interface Prack {
}
