package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a SIP Servlet POJO that handles ACK requests (RFC 3261), which acknowledge a
 * final response to an INVITE; ACKs have no responses, so the method's first parameter must be a
 * {@link jakarta.servlet.sip.SipServletRequest}.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SipMethod("ACK")
public @interface Ack {
}
